package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.NativeBackup;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.BackupEngine;
import org.rocksdb.BackupEngineOptions;
import org.rocksdb.BackupInfo;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.RestoreOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * {@link NativeBackups} of one open RocksDB store into one directory, over RocksDB's
 * {@link BackupEngine}: each backup copies only the table files the directory does not hold yet and
 * records a checksum of every file. A backup is consistent: RocksDB flushes the memtables and copies a
 * fixed set of live files while the store keeps serving reads and writes.
 *
 * <p>Owns its {@link BackupEngine} and options; the engine that made it closes it on its own close
 * if the caller has not (the decorator normally does first). Reaches the database only through the
 * engine that made it, never through global state. Thread-safe: operations run one at a time, and
 * {@link #close()} waits for a running one.
 */
final class RocksDbNativeBackups implements NativeBackups {

  private final RocksDbEngine store;
  private final Path directory;
  private final BackupEngineOptions options;
  private final BackupEngine backupEngine;
  private boolean closed;

  private RocksDbNativeBackups(RocksDbEngine store, Path directory, BackupEngineOptions options, BackupEngine backupEngine) {
    this.store = store;
    this.directory = directory;
    this.options = options;
    this.backupEngine = backupEngine;
  }

  /** Opens (creating it if needed) the backup directory {@code directory} for backups of {@code store}. */
  static RocksDbNativeBackups open(RocksDbEngine store, Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create the backup directory " + directory + ": " + e
          + "; check that its parent exists and is writable", e);
    }
    BackupEngineOptions options = new BackupEngineOptions(directory.toString())
        .setShareTableFiles(true)
        .setShareFilesWithChecksum(true)
        .setSync(true);
    try {
      return new RocksDbNativeBackups(store, directory, options, BackupEngine.open(Env.getDefault(), options));
    } catch (RocksDBException e) {
      options.close();
      throw RocksDbErrors.map(e, "opening the backup directory " + directory, store.path());
    }
  }

  Path directory() {
    return directory;
  }

  /** Flushes the memtables first, so the backup needs no write-ahead log to be replayed on restore. */
  @Override
  public synchronized NativeBackup create() {
    checkOpen();
    try {
      backupEngine.createNewBackup(store.db(), true);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "backing up to " + directory, store.path());
    }
    List<NativeBackup> all = list();
    return all.get(all.size() - 1);
  }

  @Override
  public synchronized List<NativeBackup> list() {
    checkOpen();
    List<NativeBackup> result = new ArrayList<>();
    for (BackupInfo info : backupEngine.getBackupInfo()) {
      result.add(new NativeBackup(info.backupId(), Instant.ofEpochSecond(info.timestamp()), info.size(), info.numberFiles()));
    }
    result.sort(Comparator.comparingInt(NativeBackup::id));
    return List.copyOf(result);
  }

  /**
   * Verifies backup {@code id} end to end: restores it into a scratch directory (checking every file
   * against the checksum recorded at backup time), then opens the copy read-only and checks every block
   * of every table file of every column family. The scratch copy is deleted afterwards.
   */
  @Override
  public synchronized void verify(int id) {
    checkOpen();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("luxtensor-rocksdb-verify-");
    } catch (IOException e) {
      throw new StorageException("cannot create a scratch directory to verify backup " + id + ": " + e, e);
    }
    try {
      restoreInto(id, scratch);
      verifyBlocks(scratch, id);
    } catch (RuntimeException | Error e) {
      try {
        deleteRecursively(scratch);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    deleteRecursively(scratch);
  }

  /**
   * Restores into {@code target}, which must not exist or be an empty directory: a store open there
   * would be overwritten under its feet, and an empty directory is the one test for that which needs no
   * global registry of open stores.
   */
  @Override
  public synchronized void restore(int id, Path target) {
    checkOpen();
    try {
      if (Files.exists(target)) {
        try (Stream<Path> entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            throw new StorageException("cannot restore backup " + id + " into " + target + ": it is not empty, and a "
                + "store may be open there; restore into a new or empty directory");
          }
        }
      }
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new StorageException("cannot prepare the restore target " + target + ": " + e, e);
    }
    restoreInto(id, target);
  }

  @Override
  public synchronized void purgeOldBackups(int keep) {
    checkOpen();
    try {
      backupEngine.purgeOldBackups(keep);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "purging old backups in " + directory, store.path());
    }
  }

  /** Releases the native backup engine; idempotent; waits for a running operation. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      backupEngine.close();
      options.close();
    } finally {
      store.forget(this);
    }
  }

  /**
   * Opens the restored copy read-only with all its column families (RocksDB verifies only the
   * families it opened) and checks every block of every table file against its checksum.
   */
  private void verifyBlocks(Path copy, int id) {
    NativeOwner owner = new NativeOwner();
    try {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      try (Options listing = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(listing, copy.toString())) {
          descriptors.add(new ColumnFamilyDescriptor(name));
        }
      }
      DBOptions dbOptions = owner.own(new DBOptions().setParanoidChecks(true));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = owner.own(RocksDB.openReadOnly(dbOptions, copy.toString(), descriptors, handles));
      handles.forEach(owner::own);
      db.verifyChecksum();
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "verifying backup " + id + " of " + directory, store.path());
    } finally {
      owner.close();
    }
  }

  private void restoreInto(int id, Path target) {
    try (RestoreOptions restoreOptions = new RestoreOptions(false)) {
      backupEngine.restoreDbFromBackup(id, target.toString(), target.toString(), restoreOptions);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "restoring backup " + id + " of " + directory + " into " + target, store.path());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException("the native backups in " + directory + " are closed; get them again with "
          + "store.nativeBackups(directory)");
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new StorageException("cannot delete the scratch copy " + root + " of a verified backup: " + e
          + "; delete it by hand", e);
    }
  }
}
