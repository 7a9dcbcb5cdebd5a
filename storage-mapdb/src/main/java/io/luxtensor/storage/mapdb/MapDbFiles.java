package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.StoreDirect;
import org.mapdb.StoreDirectAbstract;
import org.mapdb.StoreWAL;

/**
 * Where a store lives and how MapDB opens it: the store is the file {@value #FILE_NAME} in the
 * configured directory, beside its page checksums and, while it is open, its journal (see
 * {@link StoreDirectory}); a temporary store is a MapDB memory database with the same transactional
 * layering, gone on close.
 */
final class MapDbFiles {

  static final String FILE_NAME = "mapdb.db";

  private MapDbFiles() {}

  /** Checks and creates the store's directory as the config allows; returns the store file. */
  static Path prepare(StorageConfig config) {
    Path directory = config.path();
    Path file = directory.resolve(FILE_NAME);
    boolean mayCreate = config.createIfMissing() && !config.readOnly();
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new StorageException("cannot open MapDB store at " + directory + ": it is a file, not a directory;"
          + " point StorageConfig.path at a directory");
    }
    if (!Files.exists(file) && !mayCreate) {
      throw new StorageException("no MapDB store at " + directory + " (" + FILE_NAME + " is missing) and "
          + (config.readOnly() ? "the store is opened read-only" : "createIfMissing is false")
          + "; check the path, or open it writable with createIfMissing to create one");
    }
    try {
      PrivateFiles.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create the MapDB store directory " + directory + ": " + e.getMessage()
          + "; check the path and its permissions", e);
    }
    return file;
  }

  /**
   * Opens the database: transactional, so every commit is atomic. The store is built from MapDB's
   * parts rather than {@code DBMaker}, whose file stores overwrite the store file in place at each
   * commit with nothing to repair a kill in the middle: here the store file is a {@link JournaledVolume}
   * (see {@link StoreVolumes}). A temporary store is a MapDB memory database with the same
   * transactional layering.
   */
  static DB make(Path file, MapDbOptions options, boolean readOnly) {
    if (file == null) {
      return DBMaker.memoryDB().transactionEnable().make();
    }
    StoreVolumes volumes = new StoreVolumes(file, options.mmap());
    String name = file.toString();
    boolean exists = volumes.exists(name);
    long lockWait = options.lockWaitMillis();
    StoreDirectAbstract store;
    if (readOnly) {
      store = StoreDirect.Companion.make(name, volumes, lockWait, true, true, CC.STORE_DIRECT_CONC_SHIFT,
          CC.PAGE_SIZE, 0L, false, false, false, true, false);
    } else {
      StoreDirectory.removeStaleLogs(file);
      store = StoreWAL.Companion.make(name, volumes, lockWait, true, CC.STORE_DIRECT_CONC_SHIFT, CC.PAGE_SIZE, 0L,
          false, false, false, true, false);
    }
    try {
      return new DB(store, exists, true, MapDbFiles.class.getClassLoader(), 0);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Bytes of the store file, its checksums and its journal. */
  static long diskUsage(Path file) {
    String name = file.getFileName().toString();
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files.filter(p -> p.getFileName().toString().startsWith(name) && Files.isRegularFile(p)).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // a log file removed by a concurrent commit no longer counts
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + file.getParent(), e);
    }
  }
}
