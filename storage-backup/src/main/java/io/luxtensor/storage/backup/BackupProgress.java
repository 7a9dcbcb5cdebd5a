package io.luxtensor.storage.backup;

/**
 * Receives the progress of a long backup operation (a command line draws it as a progress bar). Called
 * on the operation's own thread after each chunk, so it must return quickly; an exception it throws
 * aborts the operation like a cancellation would, leaving nothing partial behind.
 */
@FunctionalInterface
public interface BackupProgress {

  /** Ignores every event. */
  BackupProgress NONE = event -> {};

  void onProgress(Event event);

  /** The operations that report progress. */
  enum Operation { BACKUP, RESTORE, VERIFY, REPLAY }

  /**
   * Where an operation is.
   *
   * @param operation what is running
   * @param backupId the backup being written or read
   * @param columnFamily the column family being worked on, or {@code null} between families (and for replay)
   * @param entries entries (or log records, for replay) handled so far
   * @param bytes bytes of backup files written or read so far
   * @param totalBytes bytes the operation will read in all, or -1 when not known in advance (a backup)
   */
  record Event(Operation operation, String backupId, String columnFamily, long entries, long bytes, long totalBytes) {}
}
