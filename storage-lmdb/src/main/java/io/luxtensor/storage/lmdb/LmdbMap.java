package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.StorageFullException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.StampedLock;
import org.lmdbjava.Env;

/**
 * Guards the memory map against resizing under a running native call. LMDB unmaps and remaps the
 * data file when its size changes, so every native call holds a shared stamp, and a resize takes the
 * lock exclusively. Read transactions survive a remap (they hold page numbers, not addresses), but an
 * LMDB cursor caches page addresses: cursors compare {@link #epoch()} and re-seek after a remap.
 *
 * <p>Stamps are not reentrant: a thread never takes a second stamp while holding one.
 */
final class LmdbMap {

  /** Map sizes are kept a multiple of this, a multiple of every OS page size LMDB runs on. */
  private static final long GRANULE = 1 << 16;

  private final Env<ByteBuffer> env;
  private final String where;
  private final StampedLock lock = new StampedLock();
  private volatile long epoch;

  LmdbMap(Env<ByteBuffer> env, String where) {
    this.env = env;
    this.where = where;
  }

  static long roundUp(long bytes) {
    return (bytes + GRANULE - 1) / GRANULE * GRANULE;
  }

  long enter() {
    return lock.readLock();
  }

  void exit(long stamp) {
    lock.unlockRead(stamp);
  }

  long enterExclusive() {
    return lock.writeLock();
  }

  void exitExclusive(long stamp) {
    lock.unlockWrite(stamp);
  }

  /** Increases on every remap. */
  long epoch() {
    return epoch;
  }

  /**
   * Doubles the map after {@code full} stopped {@code operation}, unless another thread remapped since
   * {@code observedEpoch}. The caller holds no stamp and no write transaction.
   *
   * @throws StorageFullException when the map cannot grow (the operating system refuses the larger
   *     mapping, or the size would overflow); {@code full} and the growth failure are kept as causes
   */
  void grow(long observedEpoch, RuntimeException full, String operation) {
    long stamp = enterExclusive();
    long current = -1;
    try {
      if (epoch != observedEpoch) {
        return;
      }
      current = env.info().mapSize;
      env.setMapSize(roundUp(Math.multiplyExact(current, 2)));
      epoch++;
    } catch (RuntimeException e) {
      StorageFullException failure = new StorageFullException(operation + " on LMDB store " + where
          + " failed: the map of " + current + " bytes is full and could not be doubled (" + e + "); free disk"
          + " space or address space, or set StorageConfig.mapSizeBytes to a size the machine can map", full);
      failure.addSuppressed(e);
      throw failure;
    } finally {
      exitExclusive(stamp);
    }
  }

  /** Adopts the larger map another process set (LMDB's MDB_MAP_RESIZED). The caller holds no stamp. */
  void adoptResize() {
    long stamp = enterExclusive();
    try {
      env.setMapSize(0);
      epoch++;
    } catch (RuntimeException e) {
      throw LmdbErrors.map(e, "adopting the map size set by another process", where);
    } finally {
      exitExclusive(stamp);
    }
  }
}
