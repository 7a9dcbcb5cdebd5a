package io.luxtensor.storage.backup;

/**
 * What a restore did. Immutable.
 *
 * @param backupId the backup restored (the last of its chain)
 * @param entries records applied from the chain's data files
 * @param logRecords change-log records replayed after it (0 without point-in-time recovery)
 * @param sequence the change-log sequence the restored store is at, or -1 when unknown
 */
public record RestoreResult(String backupId, long entries, long logRecords, long sequence) {}
