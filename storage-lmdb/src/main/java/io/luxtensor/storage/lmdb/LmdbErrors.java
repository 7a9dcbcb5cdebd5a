package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * The one place where lmdbjava's errors become {@link StorageException}s, after lmdbjava's own
 * {@code ResultCodeMapper}. The native exception is always kept as the cause.
 */
final class LmdbErrors {

  /** errno values LMDB passes through from the operating system. */
  private static final int ENOSPC = 28;
  private static final int ENOMEM = 12;
  private static final int EIO = 5;

  private LmdbErrors() {}

  /**
   * Maps {@code e}, raised while doing {@code operation} on the store at {@code where}, onto the
   * storage hierarchy. Storage exceptions pass through unchanged.
   */
  static RuntimeException map(RuntimeException e, String operation, String where) {
    if (e instanceof StorageException) {
      return e;
    }
    if (!(e instanceof LmdbException)) {
      return e;
    }
    String prefix = operation + " on LMDB store " + where + " failed: ";
    if (e instanceof Env.MapFullException) {
      return new StorageFullException(prefix + "the map is full; raise StorageConfig.mapSizeBytes "
          + "or leave lmdb.grow at true so the engine grows the map", e);
    }
    if (e instanceof Env.ReadersFullException) {
      return new StorageException(prefix + "every reader slot is taken by open snapshots, iterators and "
          + "readers; close some, or raise lmdb.max_readers", e);
    }
    if (e instanceof Txn.TxFullException) {
      return new StorageFullException(prefix + "the write transaction touches too many pages; split the "
          + "batch into smaller ones", e);
    }
    if (e instanceof LmdbNativeException.PageCorruptedException
        || e instanceof LmdbNativeException.PageNotFoundException
        || e instanceof LmdbNativeException.PanicException
        || e instanceof Env.FileInvalidException
        || e instanceof Env.VersionMismatchException) {
      return new CorruptionException(prefix + "the data file is corrupt or not an LMDB file ("
          + e.getMessage() + "); restore it from a checkpoint or backup", e);
    }
    if (e instanceof LmdbNativeException nativeError) {
      int rc = nativeError.getResultCode();
      if (rc == ENOSPC) {
        return new StorageFullException(prefix + "no space left on the device; free disk space and retry", e);
      }
      if (rc == ENOMEM) {
        return new StorageFullException(prefix + "the operating system refused to map more memory; "
            + "lower StorageConfig.mapSizeBytes or free address space", e);
      }
      if (rc == EIO) {
        return new CorruptionException(prefix + "the device reported an I/O error; check the disk", e);
      }
    }
    return new StorageException(prefix + e.getMessage(), e);
  }
}
