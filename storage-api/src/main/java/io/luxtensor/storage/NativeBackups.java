package io.luxtensor.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * An engine's own incremental backups of one open store into one backup directory, from
 * {@link KeyValueStore#nativeBackups(Path)} where the engine declares {@link Capability#NATIVE_BACKUP}.
 * A backup holds the engine's files and can be restored only into the same engine; the engine-neutral
 * backup that restores into any engine is a separate module.
 *
 * <p>Each backup is consistent (as of one moment) while the store keeps serving reads and writes.
 * Thread-safe: operations run one at a time. The caller closes it; closing the store closes it too.
 */
public interface NativeBackups extends AutoCloseable {

  /** Backs up the store now, copying only what earlier backups in the directory do not hold. */
  NativeBackup create();

  /** The backups in the directory, oldest first. */
  List<NativeBackup> list();

  /**
   * Checks every file of backup {@code id} against the checksum recorded when it was taken.
   *
   * @throws CorruptionException naming the damaged or missing file
   */
  void verify(int id);

  /**
   * Restores backup {@code id} into {@code target}, a directory that holds no open store; the result
   * opens as a store of the same engine.
   */
  void restore(int id, Path target);

  /** Deletes all but the newest {@code keep} backups (files still shared by kept backups stay). */
  void purgeOldBackups(int keep);

  @Override
  void close();
}
