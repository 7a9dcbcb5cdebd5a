package io.luxtensor.storage.backup;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.WriteOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of engine-neutral backups (format: {@code docs/backup-format.md}): create, list, verify,
 * restore into any engine (so a restore doubles as a migration), point-in-time restore with a change
 * log, retention and rekey. Built on the public storage API only.
 *
 * <p>Each backup is a sub-directory named by a six-digit id, written in a hidden scratch directory
 * and renamed into place only when complete, so {@link #list()} never shows a partial backup (a killed
 * or cancelled one leaves scratch that the next write removes). A restore writes a new directory and
 * swaps it in by renames; the target is untouched until then.
 *
 * <p>Thread-safe: writing operations (create, prune, rekey) are serialised, also across processes
 * through a lock file; reads (list, verify, restore) may run alongside them. A backup directory holds
 * the backups of one store.
 */
public final class Backups {

  static final Pattern ID_PATTERN = Pattern.compile("\\d{6}");
  static final String MANIFEST = "manifest";
  private static final String SCRATCH_PREFIX = ".tmp-";
  private static final String DELETING_PREFIX = ".deleting-";

  private final Path directory;

  private Backups(Path directory) {
    this.directory = directory;
  }

  /** The backups in {@code directory}, created if missing. */
  public static Backups open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new BackupException("cannot create the backup directory " + directory + ": " + e, e);
    }
    return new Backups(directory.toAbsolutePath());
  }

  public Path directory() {
    return directory;
  }

  // ---------------------------------------------------------------------------------------------- create

  /**
   * Backs up {@code store} from a snapshot, while writers go on. An incremental backup's parent is the
   * newest backup; with none, the backup is full.
   *
   * @return the new backup's manifest
   * @throws BackupCancelledException when cancelled (nothing is kept)
   * @throws WrongBackupKeyException when an incremental's encrypted parent does not open with the key given
   */
  public synchronized Manifest create(KeyValueStore store, BackupOptions options) {
    DirectoryLock lock = lock();
    try {
      removeScratch();
      List<Manifest> existing = list();
      String id = String.format("%06d", existing.isEmpty() ? 1 : Integer.parseInt(existing.get(existing.size() - 1)
          .id()) + 1);
      Manifest parent = options.incremental() && !existing.isEmpty() ? existing.get(existing.size() - 1) : null;
      byte[] parentKey = parent == null || !parent.isEncrypted() ? null
          : KeyWrapping.open(options.key(), parent.encryption(), parent.id());
      byte[] dataKey = options.key() == null ? null : KeyWrapping.newDataKey();
      Manifest.Encryption encryption = dataKey == null ? null : KeyWrapping.seal(options.key(), dataKey, id);
      Path scratch = directory.resolve(SCRATCH_PREFIX + id + "-" + UUID.randomUUID());
      try {
        Files.createDirectory(scratch);
        Manifest manifest;
        BackupWriter.Point point = BackupWriter.point(store);
        try {
          BackupWriter writer = new BackupWriter(this, scratch, id, parent, options, dataKey, parentKey);
          manifest = writer.write(store, point, encryption);
          options.cancellation().check("backup " + id);
          options.progress().onProgress(new BackupProgress.Event(BackupProgress.Operation.BACKUP, id, null,
              writer.entries(), writer.bytes(), writer.bytes()));
        } finally {
          point.snapshot().close();
        }
        writeDurably(scratch.resolve(MANIFEST), ManifestCodec.encode(manifest));
        syncDirectory(scratch);
        Files.move(scratch, directory.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
        return manifest;
      } catch (IOException e) {
        throw new BackupException("cannot write backup " + id + " into " + directory + ": " + e, e);
      } finally {
        if (Files.exists(scratch)) {
          deleteTree(scratch);
        }
      }
    } finally {
      lock.close();
    }
  }

  // ------------------------------------------------------------------------------------------ list, read

  /**
   * The complete backups, oldest first. A backup whose manifest does not parse is left out (its
   * damage is reported by {@link #verifyAll}).
   */
  public List<Manifest> list() {
    List<Manifest> out = new ArrayList<>();
    for (String id : ids()) {
      try {
        out.add(manifest(id));
      } catch (ManifestFormatException | UnsupportedBackupFormatException | BackupNotFoundException e) {
        // not a usable backup: verifyAll names it
      }
    }
    return out;
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (ID_PATTERN.matcher(name).matches() && Files.isDirectory(p)) {
          ids.add(name);
        }
      }
    } catch (IOException e) {
      throw new BackupException("cannot list the backup directory " + directory + ": " + e, e);
    }
    ids.sort(null);
    return ids;
  }

  /**
   * The manifest of backup {@code id}.
   *
   * @throws BackupNotFoundException when there is no such backup
   * @throws ManifestFormatException when its manifest does not parse
   * @throws UnsupportedBackupFormatException when a newer release wrote it
   */
  public Manifest manifest(String id) {
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("a backup id is six digits, not \"" + id + "\"");
    }
    Path file = directory.resolve(id).resolve(MANIFEST);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BackupNotFoundException("no backup " + id + " in " + directory + " (no " + file + "): list the"
          + " backups to see which exist", e);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e, e);
    }
    Manifest m = ManifestCodec.decode(bytes, "the manifest of backup " + id + " (" + file + ")");
    if (!m.id().equals(id)) {
      throw ManifestCodec.bad("the manifest of backup " + id, "it names itself backup " + m.id()
          + " (a manifest copied between backups)");
    }
    return m;
  }

  /**
   * The backups a restore of {@code id} applies, the full one first.
   *
   * @throws BackupNotFoundException when a parent is missing
   */
  public List<Manifest> chain(String id) {
    List<Manifest> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Manifest m = manifest(id);
    while (true) {
      if (!seen.add(m.id())) {
        throw ManifestCodec.bad("the manifest of backup " + m.id(), "its parents form a cycle");
      }
      chain.add(0, m);
      if (m.parent() == null) {
        return chain;
      }
      if (m.parent().compareTo(m.id()) >= 0) {
        throw ManifestCodec.bad("the manifest of backup " + m.id(), "its parent " + m.parent() + " is not older");
      }
      try {
        m = manifest(m.parent());
      } catch (BackupNotFoundException e) {
        throw new BackupNotFoundException("backup " + id + " needs backup " + m.parent() + ", which is gone: restore"
            + " another backup (a full one, or an incremental whose chain is whole)", e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- verify

  /**
   * Checks backup {@code id} and every backup it builds on: manifests parse, every file is there with
   * its size and SHA-256, every chunk passes its CRC-32C, and (for unencrypted backups, or with the
   * key) every chunk decodes and its records parse. Damage is reported, not thrown.
   *
   * @param key the key of encrypted backups, or {@code null} to check their checksums only
   * @throws WrongBackupKeyException when a key is given that does not open an encrypted backup
   */
  public VerifyReport verify(String id, BackupKey key, BackupProgress progress) {
    List<String> checked = new ArrayList<>();
    List<VerifyReport.Problem> problems = new ArrayList<>();
    boolean[] decrypted = {true};
    List<Manifest> chain;
    try {
      chain = chain(id);
    } catch (BackupException e) {
      problems.add(new VerifyReport.Problem(id, MANIFEST, e.getMessage()));
      return new VerifyReport(List.of(id), problems, false);
    }
    long total = chain.stream().flatMap(m -> m.files().values().stream()).mapToLong(Manifest.FileEntry::size).sum();
    long[] done = {0};
    for (Manifest m : chain) {
      checked.add(m.id());
      byte[] dataKey = null;
      if (m.isEncrypted()) {
        if (key == null) {
          decrypted[0] = false;
        } else {
          dataKey = KeyWrapping.open(key, m.encryption(), m.id());
        }
      }
      Map<String, Integer> fileIndexes = fileIndexes(m);
      for (Map.Entry<String, Manifest.FileEntry> file : new java.util.TreeMap<>(m.files()).entrySet()) {
        String name = file.getKey();
        ChunkCodec codec = m.isEncrypted() && dataKey == null ? null
            : new ChunkCodec(m.compressionLevel(), dataKey, m.id(), name, fileIndexes.getOrDefault(name, 0));
        try {
          ChunkReader.read(directory.resolve(m.id()).resolve(name), "backup " + m.id() + " file " + name,
              file.getValue(), codec, null, n -> {
                done[0] += n;
                progress.onProgress(new BackupProgress.Event(BackupProgress.Operation.VERIFY, m.id(), null, 0, done[0],
                    total));
              });
        } catch (BackupCorruptedException e) {
          problems.add(new VerifyReport.Problem(m.id(), name, e.getMessage()));
        }
      }
    }
    return new VerifyReport(checked, problems, decrypted[0]);
  }

  /** {@link #verify(String, BackupKey, BackupProgress)} without progress. */
  public VerifyReport verify(String id, BackupKey key) {
    return verify(id, key, BackupProgress.NONE);
  }

  /** Verifies every backup in the directory, including those whose manifest no longer parses. */
  public VerifyReport verifyAll(BackupKey key) {
    List<String> checked = new ArrayList<>();
    List<VerifyReport.Problem> problems = new ArrayList<>();
    boolean decrypted = true;
    for (String id : ids()) {
      VerifyReport r;
      try {
        manifest(id);
        r = verify(id, key);
      } catch (ManifestFormatException | UnsupportedBackupFormatException | BackupNotFoundException e) {
        r = new VerifyReport(List.of(id), List.of(new VerifyReport.Problem(id, MANIFEST, e.getMessage())), false);
      }
      checked.add(id);
      r.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
      decrypted &= r.decrypted();
    }
    return new VerifyReport(checked, problems, decrypted);
  }

  /** Data files at even indexes, key indexes at odd ones, as the writer numbered them for nonces. */
  private static Map<String, Integer> fileIndexes(Manifest m) {
    Map<String, Integer> out = new HashMap<>();
    for (String name : m.files().keySet()) {
      int n = Integer.parseInt(name.substring(3, 7));
      out.put(name, name.endsWith(".idx") ? 2 * n + 1 : 2 * n);
    }
    return out;
  }

  /**
   * Compares backup {@code id} with a live store, family by family: entry counts and SHA-256 of the
   * content. Returns the families that differ, empty when the store holds exactly what the backup does.
   *
   * @throws BackupException when the backup records no digest (a change-log incremental)
   */
  public List<String> crossCheck(String id, KeyValueStore store) {
    Manifest m = manifest(id);
    List<String> differences = new ArrayList<>();
    Map<String, StoreVerifier.FamilyDigest> live = new LinkedHashMap<>();
    StoreVerifier.digests(store).forEach(d -> live.put(d.name(), d));
    for (Manifest.ColumnFamilyEntry cf : m.columnFamilies()) {
      if (cf.stateSha256() == null) {
        throw new BackupException("backup " + id + " was taken from the change log and records no digest of \""
            + cf.name() + "\": cross-check a full or scanned backup");
      }
      StoreVerifier.FamilyDigest d = live.remove(cf.name());
      if (d == null) {
        differences.add(cf.name() + ": in the backup (" + cf.stateCount() + " entries), not in the store");
      } else if (d.count() != cf.stateCount() || !d.sha256().equals(cf.stateSha256())) {
        differences.add(cf.name() + ": backup " + cf.stateCount() + " entries " + cf.stateSha256().substring(0, 16)
            + ", store " + d.count() + " entries " + d.sha256().substring(0, 16));
      }
    }
    live.values().forEach(d -> differences.add(d.name() + ": in the store (" + d.count() + " entries), not in the"
        + " backup"));
    return differences;
  }

  // --------------------------------------------------------------------------------------------- restore

  /**
   * Restores backup {@code id} (with its chain) into a new store of {@code target}'s engine at
   * {@code target.path()}: any engine, whatever engine the backup came from. The store is built in a
   * scratch directory beside the target and renamed into place only when complete and checked; a
   * process killed before that leaves the target as it was (the next restore removes the scratch).
   *
   * @throws RestoreTargetNotEmptyException when the target holds files and {@code replaceExisting} is off
   * @throws WrongBackupKeyException when the key does not open the chain (checked before anything is written)
   * @throws BackupCorruptedException when a file is damaged (nothing is swapped in)
   */
  public RestoreResult restore(String id, StorageConfig target, RestoreOptions options) {
    List<Manifest> chain = chain(id);
    return restoreChain(chain, target, options, null, -1);
  }

  /**
   * Restores the store as it was at {@code point}: the newest backup taken with {@code logDirectory}'s
   * change log at or before it, then the log's records up to it. Atomic as {@link #restore}.
   *
   * @throws BackupNotFoundException when no backup of that log is old enough
   */
  public RestoreResult restoreToPoint(RecoveryPoint point, Path logDirectory, StorageConfig target,
      RestoreOptions options) {
    ChangeLog log = ChangeLog.openForReading(logDirectory);
    long sequence = point.resolve(log);
    Manifest base = list().stream()
        .filter(m -> log.logId().equals(m.logId()) && m.logSequence() <= sequence)
        .max(Comparator.comparingLong(Manifest::logSequence).thenComparing(Manifest::id))
        .orElseThrow(() -> new BackupNotFoundException("no backup in " + directory + " was taken with the change log "
            + log.logId() + " at or before sequence " + sequence + ": point-in-time recovery needs a backup taken"
            + " from the LoggedStore before that point"));
    return restoreChain(chain(base.id()), target, options, log, sequence);
  }

  private RestoreResult restoreChain(List<Manifest> chain, StorageConfig target, RestoreOptions options, ChangeLog log,
      long upTo) {
    Path path = target.path();
    if (path == null) {
      throw new IllegalArgumentException("the restore target has no path: give StorageConfig.path(...), or use"
          + " restoreInto for an open (e.g. in-memory) store");
    }
    Map<String, byte[]> keys = dataKeys(chain, options.key());
    path = path.toAbsolutePath();
    Swap.recover(path);
    if (Swap.holdsFiles(path) && !options.replaceExisting()) {
      throw new RestoreTargetNotEmptyException("the restore target " + path + " is not empty: restore into a new or"
          + " empty directory, or ask to replace the store there (close it first); nothing was written");
    }
    Path scratch = Swap.scratchFor(path);
    Manifest last = chain.get(chain.size() - 1);
    try {
      StoreRestorer restorer;
      long replayed = 0;
      try (KeyValueStore store = StorageEngines.open(target.toBuilder().path(scratch).createIfMissing(true)
          .readOnly(false).build())) {
        // The scratch store is flushed before it is swapped in, and thrown away if anything fails first:
        // its writes need no write-ahead log.
        WriteOptions writes = store.engine().supports(Capability.DISABLE_WAL) ? WriteOptions.NO_WAL
            : WriteOptions.ASYNC;
        restorer = new StoreRestorer(store, options, totalBytes(chain), writes);
        restorer.applyChain(this, chain, keys);
        if (log != null) {
          replayed = restorer.replay(log, last.logSequence(), upTo, last.id());
        }
        options.cancellation().check("the restore of backup " + last.id());
        store.flush();
      }
      Swap.swapIn(scratch, path);
      return new RestoreResult(last.id(), restorer.entries(), replayed, log != null ? upTo : last.logSequence());
    } finally {
      if (Files.exists(scratch)) {
        deleteTree(scratch);
      }
    }
  }

  /**
   * Restores backup {@code id} into an open store that holds no entries (any engine, including a
   * temporary in-memory one). Not atomic: on failure the store holds part of the backup.
   *
   * @throws RestoreTargetNotEmptyException when the store holds entries
   */
  public RestoreResult restoreInto(String id, KeyValueStore store, RestoreOptions options) {
    List<Manifest> chain = chain(id);
    Map<String, byte[]> keys = dataKeys(chain, options.key());
    for (ColumnFamily cf : store.columnFamilies()) {
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        if (it.isValid()) {
          throw new RestoreTargetNotEmptyException("the store to restore into holds entries in \"" + cf.name()
              + "\": restore into an empty store; nothing was written");
        }
      }
    }
    StoreRestorer restorer = new StoreRestorer(store, options, totalBytes(chain));
    restorer.applyChain(this, chain, keys);
    store.flush();
    Manifest last = chain.get(chain.size() - 1);
    return new RestoreResult(last.id(), restorer.entries(), 0, last.logSequence());
  }

  private static long totalBytes(List<Manifest> chain) {
    return chain.stream().flatMap(m -> m.columnFamilies().stream().map(cf -> m.files().get(cf.dataFile())))
        .mapToLong(Manifest.FileEntry::size).sum();
  }

  /** Every encrypted backup's data key, opened before anything is written, so a wrong key restores nothing. */
  private static Map<String, byte[]> dataKeys(List<Manifest> chain, BackupKey key) {
    Map<String, byte[]> keys = new HashMap<>();
    for (Manifest m : chain) {
      if (m.isEncrypted()) {
        keys.put(m.id(), KeyWrapping.open(key, m.encryption(), m.id()));
      }
    }
    return keys;
  }

  // ------------------------------------------------------------------------------------ retention, rekey

  /**
   * Deletes all but the newest {@code keepLast} backups, except the backups a kept incremental builds
   * on. Returns the ids deleted. A deletion is a rename out of sight, then a delete, so a killed prune
   * never leaves a half-deleted backup listed.
   */
  public synchronized List<String> prune(int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keep at least 1 backup, not " + keepLast);
    }
    DirectoryLock lock = lock();
    try {
      List<Manifest> all = list();
      Set<String> keep = new HashSet<>();
      for (Manifest m : all.subList(Math.max(0, all.size() - keepLast), all.size())) {
        try {
          chain(m.id()).forEach(c -> keep.add(c.id()));
        } catch (BackupException e) {
          keep.add(m.id()); // a broken chain: keep what is there, never make it worse
        }
      }
      List<String> deleted = new ArrayList<>();
      for (Manifest m : all) {
        if (!keep.contains(m.id())) {
          Path gone = directory.resolve(DELETING_PREFIX + m.id() + "-" + UUID.randomUUID());
          try {
            Files.move(directory.resolve(m.id()), gone, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new BackupException("cannot delete backup " + m.id() + ": " + e, e);
          }
          deleteTree(gone);
          deleted.add(m.id());
        }
      }
      return deleted;
    } finally {
      lock.close();
    }
  }

  /**
   * Deletes the segments of {@code log} that no kept backup needs for point-in-time recovery: those
   * before the oldest backup taken with it. Returns how many segments were deleted.
   */
  public int pruneChangeLog(ChangeLog log) {
    java.util.OptionalLong oldest = list().stream().filter(m -> log.logId().equals(m.logId()))
        .mapToLong(Manifest::logSequence).min();
    return oldest.isPresent() ? log.pruneThrough(oldest.getAsLong()) : 0;
  }

  /**
   * Re-wraps the data key of every encrypted backup under {@code replacement}, rewriting only the
   * manifests (each atomically); the data files are untouched. All keys are opened first, so a wrong
   * {@code current} key changes nothing. Returns the ids rekeyed.
   */
  public synchronized List<String> rekey(BackupKey current, BackupKey replacement) {
    java.util.Objects.requireNonNull(current, "current");
    java.util.Objects.requireNonNull(replacement, "replacement");
    DirectoryLock lock = lock();
    try {
      Map<Manifest, byte[]> opened = new LinkedHashMap<>();
      for (Manifest m : list()) {
        if (m.isEncrypted()) {
          opened.put(m, KeyWrapping.open(current, m.encryption(), m.id()));
        }
      }
      List<String> done = new ArrayList<>();
      for (Map.Entry<Manifest, byte[]> e : opened.entrySet()) {
        Manifest m = e.getKey();
        Manifest rekeyed = m.withEncryption(KeyWrapping.seal(replacement, e.getValue(), m.id()));
        Arrays.fill(e.getValue(), (byte) 0);
        Path file = directory.resolve(m.id()).resolve(MANIFEST);
        Path tmp = directory.resolve(m.id()).resolve(MANIFEST + ".rekey");
        try {
          Files.deleteIfExists(tmp);
          writeDurably(tmp, ManifestCodec.encode(rekeyed));
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          syncDirectory(file.getParent());
        } catch (IOException ex) {
          throw new BackupException("cannot rewrite the manifest of backup " + m.id() + " (backups " + done
              + " are rekeyed, the rest still open with the old key): " + ex, ex);
        }
        done.add(m.id());
      }
      return done;
    } finally {
      lock.close();
    }
  }

  // --------------------------------------------------------------------------------------------- helpers

  private void removeScratch() {
    try (Stream<Path> children = Files.list(directory)) {
      children.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(SCRATCH_PREFIX) || name.startsWith(DELETING_PREFIX);
      }).forEach(Backups::deleteTree);
    } catch (IOException e) {
      throw new BackupException("cannot list the backup directory " + directory + ": " + e, e);
    }
  }

  static void writeDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the rename itself is still atomic
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new BackupException("cannot delete " + root + ": " + e + "; delete it by hand", e);
    }
  }

  private DirectoryLock lock() {
    Path file = directory.resolve(".lock");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        throw new BackupException("another process is writing backups in " + directory + ": wait for it to finish");
      }
      return new DirectoryLock(ch);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new BackupException("another Backups instance of this process is writing backups in " + directory
          + ": use one instance per directory", e);
    } catch (FileAlreadyExistsException e) {
      throw new BackupException("cannot lock " + file + ": " + e, e);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new BackupException("cannot lock " + file + ": " + e, e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing a lock file we could not lock: nothing to undo
      }
    }
  }

  /** The directory's write lock; closing the channel releases it. */
  private record DirectoryLock(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new StorageException("cannot release the backup directory lock: " + e, e);
      }
    }
  }
}
