package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import java.nio.BufferOverflowException;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * The one place where errors escaping lmdbjava become {@link StorageException}s: its
 * {@link LmdbException}s (after lmdbjava's own {@code ResultCodeMapper}) and the unchecked JDK
 * exceptions it or the buffers around it throw ({@link BufferOverflowException},
 * {@link IllegalStateException}, ...). Every engine path catches {@link RuntimeException} and maps it
 * here, so nothing but a {@link StorageException} leaves the engine. The original exception is always
 * kept as the cause.
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
  static StorageException map(RuntimeException e, String operation, String where) {
    if (e instanceof StorageException storage) {
      return storage;
    }
    String prefix = operation + " on LMDB store " + where + " failed: ";
    if (!(e instanceof LmdbException)) {
      return mapJdk(e, prefix);
    }
    if (e instanceof Env.MapFullException) {
      return new StorageFullException(prefix + "the map is full; raise StorageConfig.mapSizeBytes "
          + "or leave lmdb.grow at true so the engine grows the map", e);
    }
    if (e instanceof Env.ReadersFullException || e instanceof LmdbNativeException.TlsFullException) {
      return new StorageException(prefix + "every reader slot is taken by open snapshots, iterators and "
          + "readers; close some, or raise lmdb.max_readers", e);
    }
    if (e instanceof Dbi.DbFullException) {
      return new StorageFullException(prefix + "the store holds as many column families as it was opened for; "
          + "drop one, or reopen with a larger lmdb.max_dbs", e);
    }
    if (e instanceof Dbi.BadValueSizeException) {
      return new StorageException(prefix + "LMDB rejected the size of a key (empty, or over "
          + LmdbEngineProvider.MAX_KEY_SIZE + " bytes); keys must be 1 to " + LmdbEngineProvider.MAX_KEY_SIZE
          + " bytes", e);
    }
    if (e instanceof Dbi.BadDbiException) {
      return new StorageException(prefix + "the column family's database changed under this handle (dropped "
          + "or recreated, possibly by another process); reopen the store", e);
    }
    if (e instanceof Env.AlreadyClosedException || e instanceof Cursor.ClosedException) {
      return new StorageException(prefix + "the environment or cursor was already closed; this is a bug in the "
          + "engine's close discipline, please report it", e);
    }
    if (e instanceof Txn.TxFullException) {
      return new StorageFullException(prefix + "the write transaction touches too many pages; split the "
          + "batch into smaller ones", e);
    }
    if (e instanceof LmdbNativeException.PageCorruptedException
        || e instanceof LmdbNativeException.PageNotFoundException
        || e instanceof LmdbNativeException.PanicException
        || e instanceof Cursor.FullException
        || e instanceof LmdbNativeException.PageFullException
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

  /** The JDK's unchecked exceptions, raised by lmdbjava's checks or by the direct buffers around it. */
  private static StorageException mapJdk(RuntimeException e, String prefix) {
    if (e instanceof BufferOverflowException) {
      return new StorageException(prefix + "a key or range bound did not fit LMDB's " + Buffers.KEY_CAPACITY
          + "-byte key buffer; keys are at most " + LmdbEngineProvider.MAX_KEY_SIZE + " bytes", e);
    }
    if (e instanceof IllegalStateException) {
      return new StorageException(prefix + "lmdbjava refused the call in its current state (" + e.getMessage()
          + "); this is a bug in the engine, please report it", e);
    }
    return new StorageException(prefix + "unexpected " + e, e);
  }
}
