package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadView;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Range bounds are positions in the key order, not keys: an empty bound and a bound longer than the
 * engine's {@code maxKeySize} select keys like any other, through the store, a snapshot and (where
 * supported) a transaction, forwards, in reverse and counted, and as the range of
 * {@code deleteRange} and {@code compact}. Only keys are bound by the key rules.
 *
 * <p>The keys: {@code a, b, b\0, b\1, c, c\0, d}. A long bound {@code b\0\0...} lies after
 * {@code b\0} (a prefix of it) and before {@code b\1}, so an engine that cuts a bound to the key size
 * selects the wrong keys.
 */
final class RangeBoundsCheck {

  private static final List<byte[]> KEYS = List.of(bytes("a"), bytes("b"), bytes('b', 0), bytes('b', 1), bytes("c"),
      bytes('c', 0), bytes("d"));
  private static final int PREFIX_LENGTH = 600;

  private final KeyValueStore store;
  private final ColumnFamily cf;

  RangeBoundsCheck(KeyValueStore store) {
    this.store = store;
    this.cf = store.defaultColumnFamily();
    KEYS.forEach(k -> store.put(cf, k, k));
  }

  void emptyBounds() {
    byte[] empty = new byte[0];
    expect(KeyRange.atLeast(empty), KEYS);
    expect(KeyRange.of(empty, bytes("c")), KEYS.subList(0, 4));
    expect(KeyRange.below(empty), List.of());
    expect(KeyRange.of(empty, empty), List.of());
    store.compact(cf, KeyRange.atLeast(empty));
    store.deleteRange(cf, KeyRange.of(empty, bytes('b', 0)));
    expect(KeyRange.all(), KEYS.subList(2, KEYS.size()));
  }

  void boundsLongerThanTheLongestKey() {
    int length = Math.max(2048, store.engine().maxKeySize() + 1);
    byte[] low = padded('b', length);
    byte[] high = padded('c', length);
    expect(KeyRange.of(low, high), KEYS.subList(3, 6));
    expect(KeyRange.atLeast(low), KEYS.subList(3, 7));
    expect(KeyRange.below(high), KEYS.subList(0, 6));
    expect(KeyRange.of(high, low), List.of());
    store.compact(cf, KeyRange.of(low, high));
    store.deleteRange(cf, KeyRange.of(low, high));
    List<byte[]> left = new ArrayList<>(KEYS.subList(0, 3));
    left.add(bytes("d"));
    expect(KeyRange.all(), left);
  }

  void prefixLongerThanTheLongestKey() {
    byte[] prefix = padded('b', PREFIX_LENGTH);
    List<byte[]> withPrefix = new ArrayList<>();
    if (store.engine().maxKeySize() > PREFIX_LENGTH) {
      byte[] key = Arrays.copyOf(prefix, PREFIX_LENGTH + 1);
      key[PREFIX_LENGTH] = '!';
      store.put(cf, key, key);
      withPrefix.add(key);
    }
    expect(KeyRange.prefix(prefix), withPrefix);
    store.deleteRange(cf, KeyRange.prefix(prefix));
    expect(KeyRange.all(), KEYS);
  }

  /** {@code c} followed by zeros, {@code length} bytes in all. */
  private static byte[] padded(char c, int length) {
    byte[] bound = new byte[length];
    bound[0] = (byte) c;
    return bound;
  }

  private void expect(KeyRange range, List<byte[]> keys) {
    expectIn("the store", store, range, keys);
    try (Snapshot snapshot = store.snapshot()) {
      expectIn("a snapshot", snapshot, range, keys);
    }
    if (store.engine().supports(Capability.TRANSACTIONS)) {
      try (Transaction tx = store.beginTransaction()) {
        expectIn("a transaction", tx, range, keys);
      }
    }
  }

  private void expectIn(String view, ReadView reader, KeyRange range, List<byte[]> keys) {
    List<String> forward = keys.stream().map(Keys::toHex).toList();
    List<String> reverse = new ArrayList<>(forward);
    Collections.reverse(reverse);
    assertThat(scan(reader, range, Direction.FORWARD)).as("keys of %s in %s, forward", view, range).isEqualTo(forward);
    assertThat(scan(reader, range, Direction.REVERSE)).as("keys of %s in %s, in reverse", view, range).isEqualTo(reverse);
    assertThat(reader.count(cf, range)).as("count of %s in %s", view, range).isEqualTo(keys.size());
  }

  private List<String> scan(ReadView reader, KeyRange range, Direction direction) {
    List<String> keys = new ArrayList<>();
    try (KvIterator it = reader.iterator(cf, range, direction)) {
      for (; it.isValid(); it.next()) {
        keys.add(Keys.toHex(it.key()));
      }
    }
    return keys;
  }
}
