package io.luxtensor.storage.backup;

import java.util.Objects;

/**
 * How {@link Backups#restore} restores. Immutable; start from {@link #defaults()}.
 *
 * @param key the key of an encrypted backup, or {@code null}
 * @param replaceExisting whether a target directory that holds a store may be replaced (the old store
 *     stays whole until the new one is complete, then the two are swapped by renames)
 * @param progress receives progress
 * @param cancellation stops the restore when cancelled (the target is left as it was)
 */
public record RestoreOptions(BackupKey key, boolean replaceExisting, BackupProgress progress,
    Cancellation cancellation) {

  public RestoreOptions {
    Objects.requireNonNull(progress, "progress; use BackupProgress.NONE");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** No key, never replace, no progress. */
  public static RestoreOptions defaults() {
    return new RestoreOptions(null, false, BackupProgress.NONE, new Cancellation());
  }

  public RestoreOptions withKey(BackupKey value) {
    return new RestoreOptions(value, replaceExisting, progress, cancellation);
  }

  public RestoreOptions withReplaceExisting(boolean value) {
    return new RestoreOptions(key, value, progress, cancellation);
  }

  public RestoreOptions withProgress(BackupProgress value) {
    return new RestoreOptions(key, replaceExisting, value, cancellation);
  }

  public RestoreOptions withCancellation(Cancellation value) {
    return new RestoreOptions(key, replaceExisting, progress, value);
  }
}
