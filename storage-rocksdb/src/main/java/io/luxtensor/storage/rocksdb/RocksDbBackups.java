package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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
 * Incremental native backups of RocksDB stores, over RocksDB's {@code BackupEngine}: each backup
 * copies only the SST files the previous backups of the same directory do not already hold, and
 * records a checksum of every file.
 *
 * <pre>{@code
 * try (RocksDbBackups backups = RocksDbBackups.open(Path.of("/backups/lux"))) {
 *   RocksDbBackups.Backup b = backups.backup(store);   // store: a writable, open rocksdb store
 *   backups.verify(b.id());                            // throws CorruptionException if damaged
 *   backups.restore(b.id(), Path.of("/var/lib/lux-restored"));
 * }
 * }</pre>
 *
 * <p>A backup is consistent: RocksDB flushes the memtables and copies a fixed set of live files while
 * the store keeps serving reads and writes. Only persistent, writable stores opened with the rocksdb
 * engine in this JVM can be backed up. A restore writes into a directory where no store is open.
 *
 * <p>The instance owns its native {@code BackupEngine} and must be closed. Thread-safe: operations on
 * one instance run one at a time.
 */
public final class RocksDbBackups implements AutoCloseable {

  /**
   * One backup in the directory.
   *
   * @param id the backup's id, increasing with each backup
   * @param createdAt when the backup was taken, to the second
   * @param sizeBytes bytes of the files this backup refers to (shared files counted in full)
   * @param files the number of files
   */
  public record Backup(int id, Instant createdAt, long sizeBytes, int files) {}

  private final Path directory;
  private final BackupEngineOptions options;
  private final BackupEngine engine;
  private boolean closed;

  private RocksDbBackups(Path directory, BackupEngineOptions options, BackupEngine engine) {
    this.directory = directory;
    this.options = options;
    this.engine = engine;
  }

  /**
   * Opens (creating if needed) the backup directory {@code directory}.
   *
   * @throws StorageException when the directory cannot be created or holds unreadable backup metadata
   */
  public static RocksDbBackups open(Path directory) {
    Objects.requireNonNull(directory, "backup directory must not be null");
    RocksDB.loadLibrary();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create the backup directory " + directory + ": " + e, e);
    }
    BackupEngineOptions options = new BackupEngineOptions(directory.toString())
        .setShareTableFiles(true)
        .setShareFilesWithChecksum(true)
        .setSync(true);
    try {
      return new RocksDbBackups(directory, options, BackupEngine.open(Env.getDefault(), options));
    } catch (RocksDBException e) {
      options.close();
      throw RocksDbErrors.map(e, "opening the backup directory", directory);
    }
  }

  /**
   * Takes an incremental backup of {@code store}, flushing its memtables first so the backup needs no
   * WAL replay.
   *
   * @throws IllegalArgumentException when {@code store} is not a persistent, writable rocksdb store of this JVM
   * @throws StoreClosedException when {@code store} is closed
   */
  public synchronized Backup backup(KeyValueStore store) {
    checkOpen();
    Objects.requireNonNull(store, "store must not be null");
    if (store.isClosed()) {
      throw new StoreClosedException("cannot back up a closed store; open it again first");
    }
    if (!"rocksdb".equals(store.engine().name()) || store.config().path() == null || store.config().readOnly()) {
      throw new IllegalArgumentException("only persistent, writable rocksdb stores can be backed up natively; " + store
          + " is not one; use the engine-neutral backup of storage-chain for other stores");
    }
    RocksDbEngine rocks = OpenEngines.find(store.config().path()).orElseThrow(() -> new StoreClosedException(
        "no open rocksdb store at " + store.config().path() + " in this JVM; open it before backing it up"));
    rocks.withOpenDatabase("backing up to " + directory, db -> {
      engine.createNewBackup(db, true);
      return null;
    });
    List<Backup> all = backups();
    return all.get(all.size() - 1);
  }

  /** The backups in the directory, oldest first. */
  public synchronized List<Backup> backups() {
    checkOpen();
    List<Backup> result = new ArrayList<>();
    for (BackupInfo info : engine.getBackupInfo()) {
      result.add(new Backup(info.backupId(), Instant.ofEpochSecond(info.timestamp()), info.size(), info.numberFiles()));
    }
    result.sort(Comparator.comparingInt(Backup::id));
    return List.copyOf(result);
  }

  /**
   * Verifies backup {@code backupId} end to end: restores it into a scratch directory (checking every
   * file against the checksum recorded at backup time), then opens the copy read-only and verifies
   * the checksum of every block of every SST file. The scratch copy is deleted afterwards.
   *
   * @throws io.luxtensor.storage.CorruptionException when a file or block does not match its checksum
   * @throws StorageException when the backup does not exist or cannot be read
   */
  public synchronized void verify(int backupId) {
    checkOpen();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("luxtensor-rocksdb-verify-");
    } catch (IOException e) {
      throw new StorageException("cannot create a scratch directory to verify backup " + backupId + ": " + e, e);
    }
    try {
      restoreInto(backupId, scratch);
      verifyChecksums(scratch, backupId);
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
   * Restores backup {@code backupId} into {@code target}, replacing what is there; no store may be
   * open on {@code target}. Opening {@code target} afterwards gives the store as it was backed up.
   */
  public synchronized void restore(int backupId, Path target) {
    checkOpen();
    Objects.requireNonNull(target, "restore target must not be null");
    if (OpenEngines.find(target).isPresent()) {
      throw new IllegalStateException("a store is open on " + target + "; close it before restoring into it");
    }
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new StorageException("cannot create the restore target " + target + ": " + e, e);
    }
    restoreInto(backupId, target);
  }

  /** Deletes all but the newest {@code keep} backups, and the files only they used. */
  public synchronized void purgeOldBackups(int keep) {
    checkOpen();
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one backup, was " + keep);
    }
    try {
      engine.purgeOldBackups(keep);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "purging old backups", directory);
    }
  }

  /** Closes the native backup engine; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close();
    options.close();
  }

  /**
   * Opens the restored copy read-only with all its column families (RocksDB verifies only the
   * families it opened) and checks every block of every SST file against its checksum.
   */
  private void verifyChecksums(Path copy, int backupId) {
    NativeOwner owner = new NativeOwner();
    try {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      try (Options listing = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(listing, copy.toString())) {
          descriptors.add(new ColumnFamilyDescriptor(name));
        }
      }
      DBOptions options = owner.own(new DBOptions().setParanoidChecks(true));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = owner.own(RocksDB.openReadOnly(options, copy.toString(), descriptors, handles));
      handles.forEach(owner::own);
      db.verifyChecksum();
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "verifying backup " + backupId, directory);
    } finally {
      owner.close();
    }
  }

  private void restoreInto(int backupId, Path target) {
    try (RestoreOptions restoreOptions = new RestoreOptions(false)) {
      engine.restoreDbFromBackup(backupId, target.toString(), target.toString(), restoreOptions);
    } catch (RocksDBException e) {
      throw RocksDbErrors.map(e, "restoring backup " + backupId + " into " + target, directory);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException("the backups of " + directory + " are closed; open them again with RocksDbBackups.open");
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
