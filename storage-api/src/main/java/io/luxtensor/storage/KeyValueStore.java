package io.luxtensor.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An open key-value store with column families, atomic batches, ordered iterators and snapshots,
 * obtained from {@link StorageEngines#open(StorageConfig)}. The same contract holds on every engine;
 * the shared TCK ({@code storage-tck}) checks it.
 *
 * <p><b>Keys</b> are non-empty byte arrays, at most {@link EngineInfo#maxKeySize()} long, sorted
 * unsigned-lexicographically ({@link Keys#ORDER}). <b>Values</b> are byte arrays, possibly empty; an
 * empty value is distinct from an absent one.
 *
 * <p><b>Thread safety:</b> every method may be called from any number of threads. Each single write
 * and each batch is atomic; reads see a write entirely or not at all.
 *
 * <p><b>Lifecycle:</b> the caller owns the store and closes it. {@link #close()} is idempotent; it
 * waits for running calls, then closes every iterator, snapshot and transaction still open (counting
 * them in {@link #metrics()}), then the engine. Any later call throws {@link StoreClosedException}.
 *
 * <p><b>Errors:</b> see {@link ReadView}; writes on a read-only store throw
 * {@link ReadOnlyStoreException}; optional features an engine lacks throw
 * {@link UnsupportedCapabilityException}. Engines' native errors arrive as the cause of a
 * {@link StorageException}.
 */
public interface KeyValueStore extends ReadView, AutoCloseable {

  /** What engine this store runs on. */
  EngineInfo engine();

  /** The configuration the store was opened with. */
  StorageConfig config();

  /** The handle of an existing column family. */
  ColumnFamily columnFamily(String name);

  /** The {@code "default"} column family. */
  ColumnFamily defaultColumnFamily();

  /** Every column family of the store, {@code "default"} first, then by name. */
  List<ColumnFamily> columnFamilies();

  /**
   * Creates a column family.
   *
   * @throws IllegalArgumentException when one of that name exists
   */
  ColumnFamily createColumnFamily(String name);

  /**
   * Drops a column family and all its data. Its handles become unusable. The default family cannot
   * be dropped.
   */
  void dropColumnFamily(ColumnFamily cf);

  /**
   * Tells the engine what the data of {@code cf} is like, replacing the hints given before; an empty
   * set withdraws them. Hints last until the store closes and apply to what is written from then on
   * (an engine may move earlier data as it compacts). They never change what any operation returns.
   * Allowed on a read-only store, where engines that would have to write to honour them ignore them.
   */
  void hint(ColumnFamily cf, Set<ColumnFamilyHint> hints);

  /** Stores {@code value} under {@code key}, with the store's default durability. */
  void put(ColumnFamily cf, byte[] key, byte[] value);

  /** Stores {@code value} under {@code key}. */
  void put(ColumnFamily cf, byte[] key, byte[] value, WriteOptions options);

  /** Removes {@code key}; removing an absent key is not an error. */
  void delete(ColumnFamily cf, byte[] key);

  /**
   * Removes every key of {@code range} atomically, either bound open ({@code KeyRange.all()} empties
   * the column family); nothing when the range is empty. Costs time independent of the number of
   * keys where the engine declares {@link Capability#RANGE_DELETE_NATIVE}.
   */
  void deleteRange(ColumnFamily cf, KeyRange range);

  /** A new empty batch for this store. */
  WriteBatch newBatch();

  /** Applies {@code batch} atomically with the store's default durability. */
  void write(WriteBatch batch);

  /** Applies {@code batch} atomically. */
  void write(WriteBatch batch, WriteOptions options);

  /** A snapshot of the store as of now; must be closed. */
  Snapshot snapshot();

  /**
   * Begins an optimistic transaction at {@link Isolation#SNAPSHOT}; must be closed.
   *
   * @throws UnsupportedCapabilityException unless the engine declares {@link Capability#TRANSACTIONS}
   */
  Transaction beginTransaction();

  /**
   * Begins an optimistic transaction at {@code isolation}; must be closed. The default serves
   * {@link Isolation#SNAPSHOT} through {@link #beginTransaction()} and rejects anything stronger, for
   * stores that predate isolation levels.
   *
   * @throws UnsupportedCapabilityException unless the engine declares {@link Capability#TRANSACTIONS},
   *     and for {@link Isolation#SERIALIZABLE} {@link Capability#SERIALIZABLE_TRANSACTIONS}
   * @throws IllegalArgumentException if {@code isolation} is null
   */
  default Transaction beginTransaction(Isolation isolation) {
    if (isolation == null) {
      throw new IllegalArgumentException("isolation must not be null; use Isolation.SNAPSHOT or Isolation.SERIALIZABLE");
    }
    if (isolation != Isolation.SNAPSHOT) {
      throw new UnsupportedCapabilityException(Capability.SERIALIZABLE_TRANSACTIONS, getClass().getSimpleName());
    }
    return beginTransaction();
  }

  /**
   * Writes a consistent copy of the store into {@code target}, a directory that must not exist yet;
   * the copy opens as a store with the same engine.
   *
   * @throws UnsupportedCapabilityException unless the engine declares {@link Capability#CHECKPOINTS}
   */
  void checkpoint(Path target);

  /**
   * The engine's own incremental backups of this store into {@code directory} (created if missing);
   * must be closed, and is closed with the store.
   *
   * @throws UnsupportedCapabilityException unless the engine declares {@link Capability#NATIVE_BACKUP}
   */
  NativeBackups nativeBackups(Path directory);

  /** Makes every acknowledged write durable. */
  void flush();

  /** Compacts {@code range} of {@code cf}, reclaiming space of deleted and overwritten keys. */
  void compact(ColumnFamily cf, KeyRange range);

  /**
   * Prefetches {@code range} of {@code cf} into the engine's caches, so that the reads that follow are
   * served from memory rather than the disk (RocksDB's block cache, the operating system's page cache
   * for memory-mapped engines); returns the number of entries it read. Changes no data and is only
   * worth calling on a range that fits in the cache. Runs on the live store like a scan.
   */
  long warm(ColumnFamily cf, KeyRange range);

  /** Current operation and engine metrics; after close, the final operation counts (engine figures unknown). */
  StoreMetrics metrics();

  /** Whether {@link #close()} has been called. */
  boolean isClosed();

  @Override
  void close();
}
