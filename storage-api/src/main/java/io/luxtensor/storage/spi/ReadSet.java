package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.TransactionConflictException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a {@link io.luxtensor.storage.Isolation#SERIALIZABLE} transaction read from its snapshot: the
 * keys of its point reads (absent ones included) and the bounds of its cursors, whose every key counts
 * as read. {@link #validate} compares the snapshot with the latest committed state on exactly these
 * keys and ranges; run under the engine's commit lock, so that nothing commits between the check and
 * the writes, it makes the transaction equivalent to running alone at its commit point.
 *
 * <p>Validation compares values, not versions: a key rewritten with the value the transaction read
 * passes, which keeps the serial-order guarantee (the transaction would have read the same). A
 * cursor's whole bounds are compared, so a scan costs its range again at commit. Keys and bounds are
 * copied in. One thread at a time, like the transaction.
 */
public final class ReadSet {

  private record Range(EngineColumnFamily cf, byte[] lower, byte[] upper) {
    boolean sameAs(EngineColumnFamily otherCf, Bounds bounds) {
      return cf == otherCf && Arrays.equals(lower, bounds.lower()) && Arrays.equals(upper, bounds.upper());
    }
  }

  private final Map<EngineColumnFamily, NavigableSet<byte[]>> keys = new IdentityHashMap<>();
  private final List<Range> ranges = new ArrayList<>();

  /** Records a point read of {@code key} from the snapshot. */
  public void key(EngineColumnFamily cf, byte[] key) {
    NavigableSet<byte[]> read = keys.computeIfAbsent(cf, f -> new TreeSet<>(Keys.ORDER));
    if (!read.contains(key)) {
      read.add(key.clone());
    }
  }

  /** Records a cursor over {@code bounds} of the snapshot: every key within them counts as read. */
  public void range(EngineColumnFamily cf, Bounds bounds) {
    for (Range range : ranges) {
      if (range.sameAs(cf, bounds)) {
        return;
      }
    }
    ranges.add(new Range(cf, clone(bounds.lower()), clone(bounds.upper())));
  }

  public boolean isEmpty() {
    return keys.isEmpty() && ranges.isEmpty();
  }

  public void clear() {
    keys.clear();
    ranges.clear();
  }

  /**
   * Throws {@link TransactionConflictException} when {@code latest} differs from {@code snapshot} on a
   * key or range read; the caller holds the engine's commit lock and writes nothing on the exception.
   */
  public void validate(EngineReader snapshot, EngineReader latest) {
    keys.forEach((cf, read) -> {
      for (byte[] key : read) {
        if (!Arrays.equals(snapshot.get(cf, key), latest.get(cf, key))) {
          throw conflict("key " + Keys.toHex(key) + " it read");
        }
      }
    });
    for (Range range : ranges) {
      Bounds bounds = Bounds.of(clone(range.lower), clone(range.upper));
      if (!sameEntries(snapshot.cursor(range.cf, bounds), latest.cursor(range.cf, bounds), bounds)) {
        throw conflict("range " + bounds + " it iterated");
      }
    }
  }

  /** Whether both cursors (closed here) hold the same entries within {@code bounds}. */
  private static boolean sameEntries(EngineCursor before, EngineCursor now, Bounds bounds) {
    try (before; now) {
      position(before, bounds);
      position(now, bounds);
      while (true) {
        boolean beforeIn = within(before, bounds);
        boolean nowIn = within(now, bounds);
        if (beforeIn != nowIn) {
          return false;
        }
        if (!beforeIn) {
          return true;
        }
        if (!Arrays.equals(before.key(), now.key()) || !Arrays.equals(before.value(), now.value())) {
          return false;
        }
        before.next();
        now.next();
      }
    }
  }

  private static void position(EngineCursor cursor, Bounds bounds) {
    if (bounds.lower() == null) {
      cursor.seekToFirst();
    } else {
      cursor.seek(bounds.lower());
    }
  }

  /** Bounds are a hint to the engine's cursor, which may step past them. */
  private static boolean within(EngineCursor cursor, Bounds bounds) {
    return cursor.isValid() && bounds.contains(cursor.key());
  }

  private static TransactionConflictException conflict(String what) {
    return new TransactionConflictException("serializable transaction conflicts with a commit after it began that changed the "
        + what + "; nothing was applied; retry the transaction");
  }

  private static byte[] clone(byte[] bound) {
    return bound == null ? null : bound.clone();
  }
}
