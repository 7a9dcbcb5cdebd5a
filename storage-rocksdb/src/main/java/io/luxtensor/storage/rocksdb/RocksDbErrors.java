package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.TransactionConflictException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The one place where RocksDB's native errors become {@link StorageException}s, by
 * {@link Status.Code}. The native {@link RocksDBException} is always the cause, so its status and
 * message stay available to whoever needs more than the mapped type. Stateless.
 */
final class RocksDbErrors {

  /** What the failed call was doing, which changes what a status means (Busy on commit is a conflict). */
  enum Context { OPEN, COMMIT, OTHER }

  private RocksDbErrors() {}

  /** Maps a failure of {@code operation} on the store at {@code path}. */
  static StorageException map(RocksDBException e, String operation, Path path) {
    return map(e, operation, path, Context.OTHER);
  }

  /**
   * Maps a failure to open the store at {@code path}; {@code walDamage} is what RocksDB's info log says
   * about a damaged write-ahead log (see {@link RecoveryLog}), if anything.
   */
  static StorageException onOpen(RocksDBException e, Path path, Optional<String> walDamage) {
    if (code(e) == Status.Code.Corruption && walDamage.isPresent()) {
      return new CorruptionException("cannot open the store at " + path + ": its write-ahead log is damaged ("
          + walDamage.get() + "). The writes logged from the damaged record on are acknowledged but in no table "
          + "file yet, and RocksDB will not replay past the damage; nothing was opened or changed. Restore the store "
          + "from a backup or checkpoint, or, to keep every write logged before the damage and lose the later ones "
          + "for good, open it once with the option rocksdb.wal_recovery_mode=point_in_time", e);
    }
    return map(e, "opening the store", path, Context.OPEN);
  }

  /** Maps a failure of a transaction commit. */
  static StorageException onCommit(RocksDBException e, Path path) {
    return map(e, "committing a transaction", path, Context.COMMIT);
  }

  static StorageException map(RocksDBException e, String operation, Path path, Context context) {
    String nativeMessage = e.getMessage() == null ? "" : e.getMessage();
    String lower = nativeMessage.toLowerCase(Locale.ROOT);
    String where = "store at " + path;
    switch (code(e)) {
      case Corruption:
        return new CorruptionException(operation + " failed: the " + where + " is corrupt (" + nativeMessage
            + "); no data was returned from the damaged part; restore the store from a backup or checkpoint"
            + (context == Context.OPEN ? " (the file LOG in the store directory names the damaged file)" : ""), e);
      case IOError:
        if (lower.contains("no space") || e.getStatus().getSubCode() == Status.SubCode.NoSpace) {
          return new StorageFullException(operation + " failed: the disk of the " + where + " is full (" + nativeMessage
              + "); the failed write was not applied; free disk space and reopen the store", e);
        }
        if (context == Context.OPEN && lower.contains("no such file") && lower.contains("current")) {
          return new StorageException("cannot open the " + where + ": there is no store there (" + nativeMessage
              + "); check the path, or open it writable with createIfMissing(true) to create it", e);
        }
        if (lower.contains("no such file") && (lower.contains(".sst") || lower.contains(".log")
            || lower.contains("manifest") || lower.contains(".blob"))) {
          return new CorruptionException(operation + " failed: a file of the " + where + " is missing (" + nativeMessage
              + "); the store is damaged; restore it from a backup or checkpoint", e);
        }
        if (context == Context.OPEN && lower.contains("lock")) {
          return new StorageException("cannot open the " + where + ": another process holds its lock file "
              + path.resolve("LOCK") + " (" + nativeMessage + "); close the other process, or open the store readOnly", e);
        }
        return new StorageException(operation + " failed: I/O error on the " + where + " (" + nativeMessage
            + "); check the disk and the directory's permissions", e);
      case Busy:
      case TryAgain:
        if (context == Context.COMMIT) {
          return new TransactionConflictException("transaction on the " + where + " could not commit: another writer "
              + "changed a key it wrote after it began (" + nativeMessage + "); nothing was applied; retry the transaction", e);
        }
        return new StorageException(operation + " failed: the " + where + " is busy (" + nativeMessage + "); retry", e);
      case InvalidArgument:
        if (context == Context.OPEN && lower.contains("does not exist")) {
          return new StorageException("cannot open the " + where + ": there is no store there and createIfMissing is false ("
              + nativeMessage + "); check the path or set createIfMissing(true)", e);
        }
        return new StorageException(operation + " failed on the " + where + ": RocksDB rejected the request ("
            + nativeMessage + ")", e);
      case ShutdownInProgress:
        return new StorageException(operation + " failed: the " + where + " is shutting down (" + nativeMessage + ")", e);
      default:
        return new StorageException(operation + " failed on the " + where + " (" + code(e) + ": " + nativeMessage + ")", e);
    }
  }

  private static Status.Code code(RocksDBException e) {
    return e.getStatus() == null ? Status.Code.Undefined : e.getStatus().getCode();
  }
}
