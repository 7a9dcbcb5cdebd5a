package io.luxtensor.storage.backup;

import java.util.Objects;

/**
 * How {@link Backups#create} takes a backup. Immutable; start from {@link #full()} or
 * {@link #incrementalBackup()} and change with the {@code with...} methods.
 *
 * @param incremental whether to store only the changes since the newest backup (a full backup when there is none)
 * @param zstdLevel zstd compression level 1-22, or 0 for none
 * @param key the key to encrypt with, or {@code null} for no encryption
 * @param keyIndex whether to write each family's key index (key and a hash of its value) that lets a
 *     later incremental find changes by a scan; not needed when the store is a {@link LoggedStore}
 * @param progress receives progress
 * @param cancellation stops the backup when cancelled
 */
public record BackupOptions(boolean incremental, int zstdLevel, BackupKey key, boolean keyIndex,
    BackupProgress progress, Cancellation cancellation) {

  /** The default zstd level: fast, most of the gain. */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  public BackupOptions {
    if (zstdLevel < 0 || zstdLevel > 22) {
      throw new IllegalArgumentException("zstd level is 0 (none) to 22, not " + zstdLevel);
    }
    Objects.requireNonNull(progress, "progress; use BackupProgress.NONE");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** A full, zstd-compressed, unencrypted backup with a key index. */
  public static BackupOptions full() {
    return new BackupOptions(false, DEFAULT_ZSTD_LEVEL, null, true, BackupProgress.NONE, new Cancellation());
  }

  /** As {@link #full()}, but incremental. */
  public static BackupOptions incrementalBackup() {
    return full().withIncremental(true);
  }

  public BackupOptions withIncremental(boolean value) {
    return new BackupOptions(value, zstdLevel, key, keyIndex, progress, cancellation);
  }

  public BackupOptions withZstdLevel(int level) {
    return new BackupOptions(incremental, level, key, keyIndex, progress, cancellation);
  }

  public BackupOptions withKey(BackupKey value) {
    return new BackupOptions(incremental, zstdLevel, value, keyIndex, progress, cancellation);
  }

  public BackupOptions withKeyIndex(boolean value) {
    return new BackupOptions(incremental, zstdLevel, key, value, progress, cancellation);
  }

  public BackupOptions withProgress(BackupProgress value) {
    return new BackupOptions(incremental, zstdLevel, key, keyIndex, value, cancellation);
  }

  public BackupOptions withCancellation(Cancellation value) {
    return new BackupOptions(incremental, zstdLevel, key, keyIndex, progress, value);
  }
}
