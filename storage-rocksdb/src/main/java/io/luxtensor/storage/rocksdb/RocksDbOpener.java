package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;

/**
 * Opens the native database for a {@link StorageConfig}: picks the directory (a fresh temporary one,
 * deleted on close, when the config has no path), opens every column family the config lists plus
 * every one already on disk (RocksDB refuses a writable open that leaves one out), and hands all
 * native objects to one {@link NativeOwner}, which is closed on any failure so a failed open leaks
 * nothing.
 */
final class RocksDbOpener {

  /** Builds the engine from what was opened. */
  @FunctionalInterface
  interface EngineFactory {
    RocksDbEngine create(Path path, NativeOwner owner, RocksDbTuning tuning, RocksDB db, List<String> names,
        List<ColumnFamilyHandle> handles);
  }

  private RocksDbOpener() {}

  static RocksDbEngine open(StorageConfig config, EngineFactory factory) {
    RocksDB.loadLibrary();
    NativeOwner owner = new NativeOwner();
    Path path = config.path();
    try {
      path = directory(config, owner);
      RocksDbTuning tuning = RocksDbTuning.create(config, owner);
      boolean exists = Files.exists(path.resolve("CURRENT"));
      if (config.readOnly() && !exists) {
        if (!config.isTemporary()) {
          // A read-only open never creates a store, on every engine; an empty or foreign directory is no store.
          throw new StorageException("no RocksDB store at " + path + " (no CURRENT file): a read-only open needs an "
              + "existing store, and nothing was created; check the path, or open it writable once to create it");
        }
        createEmpty(path, tuning, config.columnFamilies());
        exists = true;
      }
      if (exists && tuning.engineOptions.walRecoveryMode() == WALRecoveryMode.TolerateCorruptedTailRecords) {
        WalTail.check(path); // the one damage that mode would take for a kill
      }
      List<String> names = columnFamilyNames(config, path, exists);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>(names.size());
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), tuning.columnFamilyOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>(names.size());
      RocksDB db = config.readOnly()
          ? RocksDB.openReadOnly(tuning.dbOptions, path.toString(), descriptors, handles)
          : OptimisticTransactionDB.open(tuning.dbOptions, path.toString(), descriptors, handles);
      Path opened = path;
      // closeE rather than close: a failure to close cleanly (say, the final flush of WAL-less writes)
      // must reach the caller of close(), not vanish.
      owner.own(() -> {
        try {
          db.closeE();
        } catch (RocksDBException e) {
          throw RocksDbErrors.map(e, "closing", opened);
        }
      });
      handles.forEach(owner::own);
      return factory.create(path, owner, tuning, db, names, handles);
    } catch (RocksDBException e) {
      closeAfterFailure(owner, e);
      throw RocksDbErrors.onOpen(e, path, RecoveryLog.walDamage(path));
    } catch (RuntimeException | Error e) {
      closeAfterFailure(owner, e);
      throw e;
    }
  }

  private static Path directory(StorageConfig config, NativeOwner owner) {
    try {
      if (config.isTemporary()) {
        Path temp = Files.createTempDirectory("luxtensor-rocksdb-");
        owner.own(() -> deleteRecursively(temp));
        return temp;
      }
      if (config.createIfMissing() && !config.readOnly()) {
        Files.createDirectories(config.path());
      }
      return config.path();
    } catch (IOException e) {
      throw new StorageException("cannot create the store directory " + (config.path() == null ? "(temporary)" : config.path())
          + ": " + e + "; check that the parent exists and is writable", e);
    }
  }

  /** The config's families first ("default" leads), then those only found on disk. */
  private static List<String> columnFamilyNames(StorageConfig config, Path path, boolean exists) throws RocksDBException {
    Set<String> names = new LinkedHashSet<>(config.columnFamilies());
    if (!exists) {
      return List.copyOf(names);
    }
    List<String> onDisk = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, path.toString())) {
        onDisk.add(new String(name, StandardCharsets.UTF_8));
      }
    }
    if (config.readOnly()) {
      List<String> missing = names.stream().filter(n -> !onDisk.contains(n)).toList();
      if (!missing.isEmpty()) {
        throw new StorageException("cannot open the store at " + path + " read-only with column families " + missing
            + ": they do not exist there (existing: " + onDisk + "); open the store writable once to create them");
      }
    }
    names.addAll(onDisk);
    return List.copyOf(names);
  }

  /**
   * Creates an empty store in the fresh directory of a temporary read-only store, which is empty and
   * stays so, as on engines without a separate read-only mode.
   */
  private static void createEmpty(Path path, RocksDbTuning tuning, List<String> names) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), tuning.columnFamilyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    NativeOwner scratch = new NativeOwner();
    try {
      scratch.own(RocksDB.open(tuning.dbOptions, path.toString(), descriptors, handles));
      handles.forEach(scratch::own);
    } finally {
      scratch.close();
    }
  }

  private static void closeAfterFailure(NativeOwner owner, Throwable failure) {
    try {
      owner.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
