package io.luxtensor.storage.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The specification's scheduled-backup settings. Immutable.
 *
 * @param directory where backups go
 * @param interval time between the end of one backup and the start of the next
 * @param maxBackups how many backups retention keeps (plus the parents kept incrementals need)
 * @param incremental whether backups are incremental; a chain is cut by a full backup once it holds
 *     {@code maxBackups} backups, so that retention can delete old chains
 * @param zstdLevel compression level, 0 for none
 * @param key the encryption key, or {@code null} for none
 */
public record BackupConfig(Path directory, Duration interval, int maxBackups, boolean incremental, int zstdLevel,
    BackupKey key) {

  public BackupConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the backup interval must be positive, not " + interval);
    }
    if (maxBackups < 1) {
      throw new IllegalArgumentException("keep at least 1 backup, not " + maxBackups);
    }
    if (zstdLevel < 0 || zstdLevel > 22) {
      throw new IllegalArgumentException("zstd level is 0 (none) to 22, not " + zstdLevel);
    }
  }
}
