package io.luxtensor.storage.lmdb;

import static org.lmdbjava.EnvFlags.MDB_NOSYNC;
import static org.lmdbjava.EnvFlags.MDB_NOTLS;
import static org.lmdbjava.EnvFlags.MDB_RDONLY_ENV;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.PrivateFiles;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;

/**
 * The LMDB engine ({@code "lmdb"}, priority 300), on lmdbjava: a memory-mapped copy-on-write B+tree
 * with one writer at a time and lock-free readers.
 *
 * <p>Each column family is a named LMDB database in one environment. A batch, put or delete is one
 * write transaction: atomic, and after a crash of the process either all there or all absent.
 * Asynchronous writes run with {@code MDB_NOSYNC} and reach the disk when the operating system
 * flushes them: a power loss may undo the latest ones (and, LMDB warns, damage the file on file
 * systems that reorder writes). A synced write ({@link io.luxtensor.storage.WriteOptions#SYNC}) is
 * LMDB's fully synced commit, data pages before the meta page, and {@code flush()} forces every earlier
 * commit to disk. Snapshots and iterators are read transactions
 * ({@code MDB_NOTLS}, so a thread may hold many and pass them between threads); they see the data as of
 * their creation and hold a reader slot each until closed. Keys are at most 511 bytes.
 *
 * <p>The map starts at {@link StorageConfig#mapSizeBytes()} and doubles whenever a write finds it
 * full, retrying the write. Options:
 * <ul>
 *   <li>{@code lmdb.grow} ({@code true}): with {@code false}, a full map fails the write with
 *       {@link io.luxtensor.storage.StorageFullException}, and everything committed before stays;
 *   <li>{@code lmdb.max_readers} (1024): reader slots, one per open snapshot, iterator and concurrent
 *       reader thread;
 *   <li>{@code lmdb.max_dbs} (128): column families the store can hold;
 *   <li>{@code lmdb.check_pages} ({@code auto}): before LMDB reads a store at open, check the structure
 *       of its B-tree pages in Java, so that a damaged page fails the open with
 *       {@link io.luxtensor.storage.CorruptionException} instead of crashing the process (LMDB follows its
 *       pages without checks). It reads every page once; {@code auto} checks data files up to 1 GiB,
 *       {@code always} any size, {@code never} none. Larger stores are checked by
 *       {@link LmdbVerifier#verifyInChildJvm}.
 * </ul>
 * Every value is stored with a CRC-32C over its key and value, checked on every read; lookups and
 * seeks check the entries next to where they land, so damage reads as
 * {@link io.luxtensor.storage.CorruptionException}, never as a wrong or missing entry.
 * Unknown {@code lmdb.*} options fail the open with {@link IllegalArgumentException}. Tuning values
 * LMDB has no equivalent for (cache, write buffer, compression, blocks, bloom filters) are ignored: the
 * operating system's page cache is LMDB's cache.
 *
 * <p>Transactions are optimistic ({@link io.luxtensor.storage.Capability#TRANSACTIONS}): a transaction
 * reads a read transaction of its own with its buffered writes laid over it, and its commit checks and
 * applies the writes in one write transaction, under the lock that admits LMDB's one writer. It fails
 * with {@link io.luxtensor.storage.TransactionConflictException} when a commit after its snapshot wrote
 * one of its keys: this process's commits are known exactly (a log of the keys written, kept while
 * transactions are open); for commits of other processes the key's value in the snapshot is compared
 * with its value now, so another process writing the same bytes back does not count. A transaction
 * holds a reader slot until it ends. At {@link io.luxtensor.storage.Isolation#SERIALIZABLE}
 * ({@link io.luxtensor.storage.Capability#SERIALIZABLE_TRANSACTIONS}) the commit first compares what the
 * transaction read (point reads and iterated ranges) with a snapshot of the latest commit, under the
 * writer lock, and fails if another process commits between that check and its write. It commits durably when {@link StorageConfig#syncWrites()} is set.
 *
 * <p>Directories the engine creates are {@code 0700}; LMDB's files and checkpoints are {@code 0600}.
 *
 * <p>Several processes may open one store at once; within one process a store may be open only once.
 * Thread-safe; the constructor does no work (the native library loads on the first open).
 */
public final class LmdbEngineProvider implements StorageEngineProvider {

  /** The longest key LMDB stores with its default page size. */
  static final int MAX_KEY_SIZE = 511;

  @Override
  public String name() {
    return "lmdb";
  }

  /** lmdbjava's version, read from its jar without loading the native library. */
  @Override
  public String version() {
    String version = Env.class.getPackage().getImplementationVersion();
    return "lmdbjava " + (version == null ? "unversioned" : version);
  }

  @Override
  public int priority() {
    return 300;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS, Capability.CHECKPOINTS,
        Capability.PERSISTENT, Capability.MULTI_PROCESS);
  }

  @Override
  public int maxKeySize() {
    return MAX_KEY_SIZE;
  }

  /**
   * Opens or creates the store at {@link StorageConfig#path()}, or a temporary one.
   *
   * @throws IllegalArgumentException for an unknown or malformed {@code lmdb.*} option
   * @throws io.luxtensor.storage.StorageException when the directory holds no store and may not get
   *     one, is open already in this process, or does not hold a valid LMDB file
   */
  @Override
  public StorageEngine open(StorageConfig config) {
    LmdbOptions options = LmdbOptions.parse(config.engineOptions(name()));
    LmdbPaths paths = LmdbPaths.claim(config);
    Env<ByteBuffer> env = null;
    try {
      List<EnvFlags> flags = new ArrayList<>(List.of(MDB_NOTLS));
      flags.add(config.readOnly() ? MDB_RDONLY_ENV : MDB_NOSYNC);
      env = Env.create(ByteBufferProxy.PROXY_OPTIMAL)
          .setMapSize(LmdbMap.roundUp(config.mapSizeBytes()))
          .setMaxDbs(options.maxColumnFamilies())
          .setMaxReaders(options.maxReaders())
          .open(paths.directory().toFile(), PrivateFiles.FILE_MODE, flags.toArray(EnvFlags[]::new));
      return LmdbEngine.open(env, paths, options, config.readOnly(), config.syncWrites(), config.columnFamilies());
    } catch (RuntimeException e) {
      try {
        if (env != null) {
          env.close();
        }
      } finally {
        paths.release();
      }
      throw LmdbErrors.map(e, "open", paths.where());
    }
  }
}
