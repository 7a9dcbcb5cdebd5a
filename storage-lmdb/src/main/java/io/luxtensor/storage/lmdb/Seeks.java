package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_RANGE;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.lmdbjava.Cursor;

/**
 * Positions an LMDB cursor relative to a target that need not be a storable key: range bounds and
 * seek targets may be empty or longer than LMDB's 511-byte keys, which {@code MDB_SET_RANGE} rejects
 * ({@code MDB_BAD_VALSIZE}, or an overflowing key buffer).
 *
 * <p>Why truncating is exact: let {@code p} be the first {@link Buffers#KEY_CAPACITY}{@code - 1}
 * bytes of a longer target {@code t}. A stored key {@code k} (at most that long) with
 * {@code p <= k < t} must start with {@code p}, hence equal {@code p}. So the first key {@code >= t}
 * is the first key {@code >= p}, stepped past once if it equals {@code p}; and the last key
 * {@code <= t} is the last key {@code <= p}. An empty target lies below every key.
 *
 * <p>Stateless; the caller owns the cursor and the direct buffer and holds the map stamp.
 */
final class Seeks {

  /** The longest target {@code MDB_SET_RANGE} accepts: LMDB's key limit with the default page size. */
  static final int MAX_TARGET = LmdbEngineProvider.MAX_KEY_SIZE;

  private Seeks() {}

  /** Moves to the first key {@code >= target}; false (cursor unpositioned) when there is none. */
  static boolean ceiling(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target) {
    if (target.length == 0) {
      return cursor.first();
    }
    if (target.length <= MAX_TARGET) {
      return cursor.get(Buffers.fill(buffer, target), MDB_SET_RANGE);
    }
    byte[] prefix = Arrays.copyOf(target, MAX_TARGET);
    if (!cursor.get(Buffers.fill(buffer, prefix), MDB_SET_RANGE)) {
      return false;
    }
    return Buffers.compare(cursor.key(), prefix) != 0 || cursor.next();
  }

  /** Moves to the last key {@code <= target}; false when there is none. */
  static boolean floor(Cursor<ByteBuffer> cursor, ByteBuffer buffer, byte[] target) {
    if (target.length == 0) {
      return false; // every key is longer than the empty array, hence larger
    }
    byte[] bound = target.length <= MAX_TARGET ? target : Arrays.copyOf(target, MAX_TARGET);
    if (!cursor.get(Buffers.fill(buffer, bound), MDB_SET_RANGE)) {
      return cursor.last();
    }
    return Buffers.compare(cursor.key(), bound) == 0 || cursor.prev();
  }
}
