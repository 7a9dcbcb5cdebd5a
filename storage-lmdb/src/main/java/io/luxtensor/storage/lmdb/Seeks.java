package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_RANGE;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.lmdbjava.Cursor;

/**
 * Positions an LMDB cursor relative to a target that need not be a storable key, and checks that it
 * landed where the keys around it say it must.
 *
 * <p>Any target: range bounds and seek targets may be empty or longer than LMDB's 511-byte keys, which
 * {@code MDB_SET_RANGE} rejects ({@code MDB_BAD_VALSIZE}, or an overflowing key buffer). Why truncating
 * is exact: let {@code p} be the first {@link #MAX_TARGET} bytes of a longer target {@code t}. A stored
 * key {@code k} (at most that long) with {@code p <= k < t} must start with {@code p}, hence equal
 * {@code p}. So the first key {@code >= t} is the first key {@code >= p}, stepped past once if it
 * equals {@code p}; and the last key {@code <= t} is the last key {@code <= p}. An empty target lies
 * below every key.
 *
 * <p>The landing check: LMDB descends through separator keys in its branch pages, which no checksum
 * covers. In a sound tree the entry before a ceiling is below the target and the entry after a floor is
 * above it; a damaged separator, or a damaged key in the leaf, breaks that, and the entry that breaks
 * it is either out of order or fails its own checksum. So every landing compares and checks the
 * neighbour across the target (one step in the leaf, almost always the same page) before it is
 * trusted; the landed entry itself is checked by whoever reads it.
 *
 * <p>Stateless; the caller owns the cursor and the direct buffer and holds the map stamp.
 */
final class Seeks {

  /** The longest target {@code MDB_SET_RANGE} accepts: LMDB's key limit with the default page size. */
  static final int MAX_TARGET = LmdbEngineProvider.MAX_KEY_SIZE;

  private Seeks() {}

  /**
   * Moves to the first key {@code >= target}; false when there is none (the cursor is then on the last
   * key, or unpositioned).
   *
   * @throws io.luxtensor.storage.CorruptionException when the keys around the landing place contradict it
   */
  static boolean ceiling(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target, EntryCheck check) {
    if (target.length == 0) {
      return cursor.first();
    }
    return checkCeiling(cursor, target, rawCeiling(cursor, buffer, target), check);
  }

  /** Checks the landing of a ceiling search for a non-empty {@code target}, which {@code found} or not. */
  private static boolean checkCeiling(Cursor<ByteBuffer> cursor, byte[] target, boolean found, EntryCheck check) {
    if (!found) {
      if (cursor.last()) {
        below(cursor, target, check, "found no key at or above it, yet the last key is not below it");
      }
      return false;
    }
    if (Buffers.compare(cursor.key(), target) < 0) {
      throw check.misplaced(target, "landed on a smaller key");
    }
    if (cursor.prev()) {
      below(cursor, target, check, "landed past a key that is not below it");
      if (!cursor.next()) {
        throw check.misplaced(target, "could not step back to where it landed");
      }
    } else if (!cursor.first() || Buffers.compare(cursor.key(), target) < 0) {
      throw check.misplaced(target, "landed on a first key that moved");
    }
    return true;
  }

  /**
   * Moves to the last key {@code <= target}; false when there is none.
   *
   * @throws io.luxtensor.storage.CorruptionException when the keys around the landing place contradict it
   */
  static boolean floor(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target, EntryCheck check) {
    if (target.length == 0) {
      return false; // every key is longer than the empty array, hence larger
    }
    boolean found = rawFloor(cursor, buffer, target);
    if (!found) {
      if (cursor.first()) {
        above(cursor, target, check, "found no key at or below it, yet the first key is not above it");
      }
      return false;
    }
    if (Buffers.compare(cursor.key(), target) > 0) {
      throw check.misplaced(target, "landed on a larger key");
    }
    if (cursor.next()) {
      above(cursor, target, check, "landed before a key that is not above it");
      if (!cursor.prev()) {
        throw check.misplaced(target, "could not step back to where it landed");
      }
    } else if (!cursor.last() || Buffers.compare(cursor.key(), target) > 0) {
      throw check.misplaced(target, "landed on a last key that moved");
    }
    return true;
  }

  /**
   * The value of {@code key}, checked, or null: one descent to the key's ceiling; a hit is the ceiling
   * itself, a miss is trusted only once the entries on both sides of the place the key would have are
   * in order and sound (a damaged branch page sends a lookup to the wrong leaf, where the key reads as
   * absent).
   *
   * @throws io.luxtensor.storage.CorruptionException when the entry found is damaged, or the neighbours
   *     of a miss contradict it
   */
  static byte[] get(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] key, EntryCheck check) {
    boolean found = cursor.get(Buffers.fill(buffer, key), MDB_SET_RANGE);
    if (found && Buffers.compare(cursor.key(), key) == 0) {
      return check.open(key, key.length, cursor.val());
    }
    if (checkCeiling(cursor, key, found, check)) {
      check.check(cursor.key(), cursor.val());
    }
    return null;
  }

  private static boolean rawCeiling(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target) {
    if (target.length <= MAX_TARGET) {
      return cursor.get(Buffers.fill(buffer, target), MDB_SET_RANGE);
    }
    byte[] prefix = Arrays.copyOf(target, MAX_TARGET);
    if (!cursor.get(Buffers.fill(buffer, prefix), MDB_SET_RANGE)) {
      return false;
    }
    return Buffers.compare(cursor.key(), prefix) != 0 || cursor.next();
  }

  private static boolean rawFloor(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target) {
    byte[] bound = target.length <= MAX_TARGET ? target : Arrays.copyOf(target, MAX_TARGET);
    if (!cursor.get(Buffers.fill(buffer, bound), MDB_SET_RANGE)) {
      return cursor.last();
    }
    return Buffers.compare(cursor.key(), bound) == 0 || cursor.prev();
  }

  private static void below(Cursor<ByteBuffer> cursor, byte[] target, EntryCheck check, String what) {
    if (Buffers.compare(cursor.key(), target) >= 0) {
      throw check.misplaced(target, what);
    }
    check.check(cursor.key(), cursor.val());
  }

  private static void above(Cursor<ByteBuffer> cursor, byte[] target, EntryCheck check, String what) {
    if (Buffers.compare(cursor.key(), target) <= 0) {
      throw check.misplaced(target, what);
    }
    check.check(cursor.key(), cursor.val());
  }
}
