package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.InvalidKeyException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteLimitExceededException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Example;

/**
 * The examples of {@link StorageEngineContract} about data: keys and values, column families,
 * batches, range deletes, iterators and snapshots. Not extended directly: engines extend
 * {@link StorageEngineContract}, which holds these and the rest.
 */
public abstract class KeyValueExamples extends ContractFixture {

  // ---- values and keys ----

  @Example
  void emptyValueIsStoredAndDistinctFromAbsent() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("empty"), new byte[0]);
    assertThat(store.get(cf, bytes("empty"))).isNotNull().isEmpty();
    assertThat(store.contains(cf, bytes("empty"))).isTrue();
    assertThat(store.get(cf, bytes("absent"))).isNull();
    assertThat(store.contains(cf, bytes("absent"))).isFalse();
  }

  @Example
  void returnedArraysBelongToTheCaller() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = bytes("k");
    byte[] value = bytes("value");
    store.put(cf, key, value);
    key[0] = 'x';
    value[0] = 'x';
    byte[] read = store.get(cf, bytes("k"));
    assertThat(text(read)).as("stored copy is independent of the caller's arrays").isEqualTo("value");
    read[0] = 'x';
    assertThat(text(store.multiGet(cf, List.of(bytes("k"))).get(0))).isEqualTo("value");
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      it.key()[0] = 'x';
      it.value()[0] = 'x';
      assertThat(text(it.key())).isEqualTo("k");
      assertThat(text(it.value())).isEqualTo("value");
    }
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("value");
  }

  @Example
  void keysSortUnsignedLexicographically() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    List<byte[]> sorted = List.of(bytes(0x00), bytes(0x00, 0x00), bytes(0x01), bytes(0x01, 0x7F), bytes(0x01, 0x80),
        bytes(0x7F), bytes(0x80), bytes(0xFF), bytes(0xFF, 0x00), bytes(0xFF, 0xFF));
    for (int i = sorted.size() - 1; i >= 0; i--) {
      store.put(cf, sorted.get(i), bytes(i));
    }
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(TckBytes.drain(it)).containsExactlyElementsOf(sorted.stream()
          .map(k -> TckBytes.describe(k, bytes(sorted.indexOf(k)))).toList());
    }
  }

  @Example
  void keyOfMaximumSizeIsStored() {
    KeyValueStore store = newStore();
    byte[] key = new byte[store.engine().maxKeySize()];
    Arrays.fill(key, (byte) 0xAB);
    store.put(store.defaultColumnFamily(), key, bytes("v"));
    assertThat(text(store.get(store.defaultColumnFamily(), key))).isEqualTo("v");
  }

  @Example
  void keyOneByteOverMaximumIsRejectedAndNothingIsWritten() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = new byte[store.engine().maxKeySize() + 1];
    assertThatThrownBy(() -> store.put(cf, key, bytes("v"))).isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining(Integer.toString(store.engine().maxKeySize()));
    assertThatThrownBy(() -> store.newBatch().put(cf, key, bytes("v"))).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.get(cf, key)).isInstanceOf(InvalidKeyException.class);
    assertThat(store.count(cf, KeyRange.all())).isZero();
  }

  @Example
  void emptyAndNullKeysAndNullValuesAreRejected() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    assertThatThrownBy(() -> store.put(cf, new byte[0], bytes("v"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> store.put(cf, null, bytes("v"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(cf, bytes("k"), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(cf, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(cf, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.newBatch().put(cf, new byte[0], bytes("v"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count(cf, KeyRange.all())).isZero();
  }

  // ---- column families ----

  @Example
  void unknownColumnFamilyIsRejectedWithItsName() {
    KeyValueStore store = newStore();
    assertThatThrownBy(() -> store.columnFamily("no-such-family")).isInstanceOf(UnknownColumnFamilyException.class)
        .hasMessageContaining("no-such-family")
        .satisfies(e -> assertThat(((UnknownColumnFamilyException) e).columnFamily()).isEqualTo("no-such-family"));
  }

  @Example
  void columnFamilyOfAnotherStoreIsRejected() {
    KeyValueStore store = newStore();
    KeyValueStore other = newStore();
    ColumnFamily foreign = other.defaultColumnFamily();
    assertThatThrownBy(() -> store.put(foreign, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
    assertThatThrownBy(() -> store.newBatch().put(foreign, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
  }

  @Example
  void columnFamiliesAreSeparateKeyspaces() {
    KeyValueStore store = newStore();
    store.put(store.defaultColumnFamily(), bytes("k"), bytes("in default"));
    store.put(store.columnFamily(SECOND_CF), bytes("k"), bytes("in second"));
    assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("in default");
    assertThat(text(store.get(store.columnFamily(SECOND_CF), bytes("k")))).isEqualTo("in second");
    assertThat(store.columnFamilies()).extracting(ColumnFamily::name).containsExactly("default", SECOND_CF);
  }

  @Example
  void droppedColumnFamilyLosesItsDataAndHandle() {
    KeyValueStore store = newStore();
    ColumnFamily extra = store.createColumnFamily("extra");
    store.put(extra, bytes("k"), bytes("v"));
    store.dropColumnFamily(extra);
    assertThatThrownBy(() -> store.put(extra, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
    assertThatThrownBy(() -> store.columnFamily("extra")).isInstanceOf(UnknownColumnFamilyException.class);
    ColumnFamily again = store.createColumnFamily("extra");
    assertThat(store.get(again, bytes("k"))).isNull();
  }

  @Example
  void batchTouchingADroppedColumnFamilyAppliesNothing() {
    KeyValueStore store = newStore();
    ColumnFamily extra = store.createColumnFamily("extra");
    ColumnFamily cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch().put(cf, bytes("a"), bytes("1")).put(extra, bytes("b"), bytes("2"))
        .put(cf, bytes("c"), bytes("3"));
    store.dropColumnFamily(extra);
    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(UnknownColumnFamilyException.class);
    assertThat(store.get(cf, bytes("a"))).as("first put of the failed batch").isNull();
    assertThat(store.get(cf, bytes("c"))).as("last put of the failed batch").isNull();
  }

  @Example
  void defaultColumnFamilyCannotBeDropped() {
    KeyValueStore store = newStore();
    assertThatThrownBy(() -> store.dropColumnFamily(store.defaultColumnFamily())).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- batches and range deletes ----

  @Example
  void batchOverItsByteLimitRejectsTheOperationAndKeepsTheRest() {
    KeyValueStore store = newStore(b -> b.maxBatchBytes(64));
    ColumnFamily cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch().put(cf, bytes("a"), new byte[40]);
    assertThatThrownBy(() -> batch.put(cf, bytes("b"), new byte[40]))
        .isInstanceOfSatisfying(WriteLimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(64);
          assertThat(e.bytes()).isEqualTo(82);
        });
    assertThat(batch.size()).isEqualTo(1);
    assertThat(store.get(cf, bytes("a"))).isNull();
    store.write(batch);
    assertThat(store.get(cf, bytes("a"))).hasSize(40);
    assertThat(store.get(cf, bytes("b"))).isNull();
  }

  @Example
  void multiGetAcrossColumnFamiliesReadsEachKeyFromItsOwnFamily() {
    KeyValueStore store = newStore();
    ColumnFamily first = store.defaultColumnFamily();
    ColumnFamily second = store.columnFamily(SECOND_CF);
    store.put(first, bytes("k"), bytes("in default"));
    store.put(second, bytes("k"), bytes("in second"));
    List<byte[]> values = store.multiGet(List.of(first, second, second), List.of(bytes("k"), bytes("k"), bytes("absent")));
    assertThat(values).hasSize(3);
    assertThat(text(values.get(0))).isEqualTo("in default");
    assertThat(text(values.get(1))).isEqualTo("in second");
    assertThat(values.get(2)).isNull();
    assertThatThrownBy(() -> store.multiGet(List.of(first), List.of(bytes("a"), bytes("b"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void nullColumnFamilyNameIsAnIllegalArgumentLikeEveryNullArgument() {
    KeyValueStore store = newStore();
    assertThatThrownBy(() -> store.columnFamily(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.createColumnFamily(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void batchAppliesItsOperationsInOrder() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("revived"), bytes("old"));
    store.write(store.newBatch().put(cf, bytes("gone"), bytes("1")).delete(cf, bytes("gone"))
        .delete(cf, bytes("revived")).put(cf, bytes("revived"), bytes("new")));
    assertThat(store.get(cf, bytes("gone"))).isNull();
    assertThat(text(store.get(cf, bytes("revived")))).isEqualTo("new");
  }

  @Example
  void aLargeBatchOutOfKeyOrderAppliesLikeItsOperationsOneAfterAnother() {
    // Large enough for an engine that reorders big batches (to insert in key order) to do so here,
    // and, at ~600 KB, to take whatever path it has for batches too large for one buffer.
    KeyValueStore store = newStore();
    List<ColumnFamily> families = List.of(store.defaultColumnFamily(), store.createColumnFamily("first"),
        store.createColumnFamily("second"));
    List<TreeMap<byte[], byte[]>> model = new ArrayList<>();
    families.forEach(cf -> model.add(new TreeMap<>(Arrays::compareUnsigned)));
    Random random = new Random(11);
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < 2_000; i++) {
      int family = random.nextInt(families.size());
      byte[] key = bytes("k" + random.nextInt(40)); // each key written ~15 times per family
      if (random.nextInt(3) == 0) {
        batch.delete(families.get(family), key);
        model.get(family).remove(key);
      } else {
        byte[] value = Arrays.copyOf(bytes("v" + i), 300);
        batch.put(families.get(family), key, value);
        model.get(family).put(key, value);
      }
    }
    store.write(batch);
    for (int family = 0; family < families.size(); family++) {
      try (KvIterator it = store.iterator(families.get(family), KeyRange.all())) {
        assertThat(TckBytes.drain(it)).as("family %d", family).containsExactlyElementsOf(model.get(family).entrySet()
            .stream().map(e -> TckBytes.describe(e.getKey(), e.getValue())).toList());
      }
    }
  }

  @Example
  void batchCanBeClearedAndReused() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch().put(cf, bytes("a"), bytes("1"));
    assertThat(batch.size()).isEqualTo(1);
    batch.clear();
    assertThat(batch.size()).isZero();
    batch.put(cf, bytes("b"), bytes("2"));
    store.write(batch);
    store.write(batch);
    assertThat(store.get(cf, bytes("a"))).isNull();
    assertThat(text(store.get(cf, bytes("b")))).isEqualTo("2");
  }

  @Example
  void batchCopiesItsArguments() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = bytes("k");
    byte[] value = bytes("v");
    WriteBatch batch = store.newBatch().put(cf, key, value);
    key[0] = 'x';
    value[0] = 'x';
    store.write(batch);
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("v");
  }

  @Example
  void deleteRangeRemovesFromInclusiveToExclusive() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(cf, bytes(k), bytes(k));
    }
    store.deleteRange(cf, KeyRange.of(bytes("b"), bytes("d")));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("a", "d");
    }
  }

  @Example
  void deleteRangeWithFromNotBelowToDeletesNothing() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("b"), bytes("b"));
    store.deleteRange(cf, KeyRange.of(bytes("c"), bytes("a")));
    store.deleteRange(cf, KeyRange.of(bytes("b"), bytes("b")));
    assertThat(store.get(cf, bytes("b"))).isNotNull();
  }

  // ---- iterators ----

  @Example
  void prefixRangeCoversExactlyThePrefixIncludingFfBytes() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (byte[] k : List.of(bytes(0x01, 0xFF), bytes(0x01, 0xFF, 0x00), bytes(0x01, 0xFF, 0xFF), bytes(0x02), bytes(0x01, 0xFE))) {
      store.put(cf, k, bytes(1));
    }
    assertThat(store.count(cf, KeyRange.prefix(bytes(0x01, 0xFF)))).isEqualTo(3);
    assertThat(store.count(cf, KeyRange.prefix(bytes(0xFF)))).isZero();
  }

  @Example
  void warmReadsTheEntriesOfItsRangeAndChangesNothing() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(cf, bytes(k), bytes(k));
    }
    assertThat(store.warm(cf, KeyRange.of(bytes("b"), bytes("d")))).isEqualTo(2);
    assertThat(store.warm(cf, KeyRange.of(bytes("d"), bytes("b")))).as("empty range").isZero();
    assertThat(store.warm(cf, KeyRange.all())).isEqualTo(4);
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(it.stream().map(e -> text(e.key()) + "=" + text(e.value())).toList())
          .containsExactly("a=a", "b=b", "c=c", "d=d");
    }
  }

  @Example
  void reverseIteratorStartsAtTheLastKeyBelowTheUpperBound() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(cf, bytes(k), bytes(k));
    }
    try (KvIterator it = store.iterator(cf, KeyRange.of(bytes("a"), bytes("d")), Direction.REVERSE)) {
      assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("c", "b", "a");
    }
    try (KvIterator it = store.iterator(cf, KeyRange.all(), Direction.REVERSE)) {
      it.seek(bytes("bb"));
      assertThat(text(it.key())).isEqualTo("b");
    }
  }

  @Example
  void iteratorDoesNotSeeWritesMadeAfterItOpened() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("c"), bytes("3"));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      store.put(cf, bytes("b"), bytes("2"));
      store.put(cf, bytes("a"), bytes("changed"));
      store.delete(cf, bytes("c"));
      assertThat(TckBytes.drain(it)).containsExactly(TckBytes.describe(bytes("a"), bytes("1")),
          TckBytes.describe(bytes("c"), bytes("3")));
    }
  }

  @Example
  void iteratorOffAnEntryRejectsKeyAndValue() {
    KeyValueStore store = newStore();
    try (KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
      assertThat(it.isValid()).isFalse();
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
    }
  }

  @Example
  void closingAStreamClosesItsIterator() {
    KeyValueStore store = newStore();
    store.put(store.defaultColumnFamily(), bytes("a"), bytes("1"));
    KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all());
    try (Stream<KeyValue> stream = it.stream()) {
      assertThat(stream.count()).isEqualTo(1);
    }
    assertThat(store.metrics().openIterators()).isZero();
    assertThatThrownBy(it::seekToFirst).isInstanceOf(StoreClosedException.class);
  }

  @Example
  void multiGetAnswersInOrderWithNullsForAbsentKeys() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("c"), bytes("3"));
    List<byte[]> values = store.multiGet(cf, List.of(bytes("c"), bytes("b"), bytes("a")));
    assertThat(values).hasSize(3);
    assertThat(text(values.get(0))).isEqualTo("3");
    assertThat(values.get(1)).isNull();
    assertThat(text(values.get(2))).isEqualTo("1");
  }

  // ---- snapshots ----

  @Example
  void snapshotDoesNotSeeLaterWrites() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("b"), bytes("2"));
    try (Snapshot snapshot = store.snapshot()) {
      store.put(cf, bytes("a"), bytes("changed"));
      store.deleteRange(cf, KeyRange.of(bytes("b"), bytes("c")));
      store.put(cf, bytes("z"), bytes("new"));
      assertThat(text(snapshot.get(cf, bytes("a")))).isEqualTo("1");
      assertThat(text(snapshot.get(cf, bytes("b")))).isEqualTo("2");
      assertThat(snapshot.get(cf, bytes("z"))).isNull();
      assertThat(snapshot.count(cf, KeyRange.all())).isEqualTo(2);
      assertThat(text(store.get(cf, bytes("a")))).isEqualTo("changed");
    }
  }

  @Example
  void snapshotIteratorOutlivesLaterWritesAndClosesWithTheSnapshot() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    Snapshot snapshot = store.snapshot();
    KvIterator it = snapshot.iterator(cf, KeyRange.all());
    store.put(cf, bytes("b"), bytes("2"));
    assertThat(TckBytes.drain(it)).containsExactly(TckBytes.describe(bytes("a"), bytes("1")));
    snapshot.close();
    assertThatThrownBy(it::seekToFirst).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> snapshot.get(cf, bytes("a"))).isInstanceOf(StoreClosedException.class);
  }

  // ---- hints ----

  @Example
  void hintedFamilyAnswersAsWrittenThroughSnapshotsFlushesCompactionsAndReopens() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.columnFamily(SECOND_CF);
    TreeMap<byte[], byte[]> expected = new TreeMap<>(Keys.ORDER);
    Random random = new Random(7);
    int[] sizes = {0, 1, ColumnFamilyHint.LARGE_VALUE_BYTES - 1, ColumnFamilyHint.LARGE_VALUE_BYTES, 4096, 1 << 18};
    for (int i = 0; i < sizes.length; i++) {
      putRandom(store, cf, expected, bytes("before-" + i), sizes[i], random);
    }
    store.hint(cf, Set.of(ColumnFamilyHint.LARGE_VALUES));
    for (int i = 0; i < sizes.length; i++) {
      putRandom(store, cf, expected, bytes("after-" + i), sizes[i], random);
    }
    putRandom(store, cf, expected, bytes("before-4"), 300, random);
    store.delete(cf, bytes("after-4"));
    expected.remove(bytes("after-4"));
    try (Snapshot snapshot = store.snapshot()) {
      List<String> atSnapshot = TckBytes.describe(expected);
      putRandom(store, cf, expected, bytes("after-3"), 500, random);
      store.flush();
      store.compact(cf, KeyRange.all());
      try (KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
        assertThat(TckBytes.drain(it)).as("the snapshot, after a flush and a compaction").isEqualTo(atSnapshot);
      }
    }
    assertAnswers(store, cf, expected, "hinted, flushed and compacted");
    if (store.engine().supports(Capability.PERSISTENT)) {
      store = reopen(store);
      cf = store.columnFamily(SECOND_CF);
      assertAnswers(store, cf, expected, "reopened without the hint");
      store.hint(cf, Set.of());
      store.compact(cf, KeyRange.all());
      assertAnswers(store, cf, expected, "compacted with the hint withdrawn");
    }
  }

  @Example
  void hintRejectsANullSetNullHintsAndADroppedFamily() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.columnFamily(SECOND_CF);
    assertThatThrownBy(() -> store.hint(cf, null)).isInstanceOf(IllegalArgumentException.class);
    Set<ColumnFamilyHint> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> store.hint(cf, withNull)).isInstanceOf(IllegalArgumentException.class);
    store.dropColumnFamily(cf);
    assertThatThrownBy(() -> store.hint(cf, Set.of(ColumnFamilyHint.LARGE_VALUES)))
        .isInstanceOf(UnknownColumnFamilyException.class);
    store.close();
    assertThatThrownBy(() -> store.hint(store.defaultColumnFamily(), Set.of())).isInstanceOf(StoreClosedException.class);
  }

  private static void putRandom(KeyValueStore store, ColumnFamily cf, TreeMap<byte[], byte[]> expected, byte[] key,
      int size, Random random) {
    byte[] value = new byte[size];
    random.nextBytes(value);
    store.put(cf, key, value);
    expected.put(key, value);
  }

  private static void assertAnswers(KeyValueStore store, ColumnFamily cf, TreeMap<byte[], byte[]> expected, String when) {
    for (var entry : expected.entrySet()) {
      assertThat(store.get(cf, entry.getKey())).as(when + ": get " + text(entry.getKey())).isEqualTo(entry.getValue());
    }
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(TckBytes.drain(it)).as(when + ": the scan").isEqualTo(TckBytes.describe(expected));
    }
  }
}
