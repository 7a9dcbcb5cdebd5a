package io.luxtensor.storage.mapdb;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mapdb.CC;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.FileChannelVol;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * The volumes MapDB opens for one store: the store file as a {@link JournaledVolume} over a
 * memory-mapped file (unmapped on close) or a file channel (always when read-only: MapDB maps a
 * read-only file whole and slices it, and a slice cannot be unmapped), and every other volume, which is MapDB's
 * write-ahead log, in memory. MapDB 3.1 only stages a commit's records in that log and never replays
 * it at open (the journal does the replaying), so on disk it bought nothing but a file, an fsync and,
 * when memory-mapped, a mapping that outlived the deleted file until a garbage collection, per commit.
 * Stateless and thread-safe.
 */
final class StoreVolumes extends VolumeFactory {

  private final Path storeFile;
  private final boolean mmap;

  /** {@code mmap}: map the store file into memory (reads without a system call each) instead of a file channel. */
  StoreVolumes(Path storeFile, boolean mmap) {
    this.storeFile = storeFile.toAbsolutePath();
    this.mmap = mmap;
  }

  @Override
  public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize,
      boolean fixedSize) {
    if (file != null && Path.of(file).toAbsolutePath().equals(storeFile)) {
      // The cleaner hack unmaps on close: without it a closed store's mappings live until a GC.
      VolumeFactory files = mmap && !readOnly ? new MappedFileVol.MappedFileFactory(true, false) : FileChannelVol.FACTORY;
      Volume base = files.makeVolume(file, readOnly, fileLockWait, sliceShift, initSize, fixedSize);
      return JournaledVolume.open(base, storeFile, readOnly);
    }
    return new ByteArrayVol(CC.PAGE_SHIFT, 0L);
  }

  @Override
  public boolean exists(String file) {
    return file != null && Files.exists(Path.of(file));
  }

  @Override
  public boolean handlesReadonly() {
    return true;
  }
}
