package io.luxtensor.storage.spi;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.UnsupportedCapabilityException;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An open store, as an engine implements it: the raw operations, without argument checks, closed-state
 * checks, resource tracking or metrics, which the decorator adds.
 *
 * <p>Thread safety: every method may be called from many threads at once, except that {@link #close()}
 * is called once, after every other call has returned and every cursor, snapshot and transaction the
 * engine handed out has been closed.
 */
public interface StorageEngine extends EngineReader, AutoCloseable {

  /** The column families that exist, {@code "default"} included. */
  List<EngineColumnFamily> columnFamilies();

  /** Creates a column family; the decorator has checked that no family of that name exists. */
  EngineColumnFamily createColumnFamily(String name);

  /**
   * Drops a column family and its data. Later writes through the handle (including a batch holding
   * it) fail with {@link io.luxtensor.storage.UnknownColumnFamilyException}.
   */
  void dropColumnFamily(EngineColumnFamily cf);

  void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options);

  void delete(EngineColumnFamily cf, byte[] key, WriteOptions options);

  /**
   * Applies a batch atomically (see {@link EngineBatch}). An operation on a dropped column family
   * fails the whole batch with {@link io.luxtensor.storage.UnknownColumnFamilyException}; the check
   * belongs to the engine because only it can make it atomic with the write.
   */
  void write(EngineBatch batch, WriteOptions options);

  EngineSnapshot snapshot();

  /** Starts an optimistic transaction; engines with {@link Capability#TRANSACTIONS} override. */
  default EngineTransaction beginTransaction() {
    throw new UnsupportedCapabilityException(Capability.TRANSACTIONS, getClass().getSimpleName());
  }

  /**
   * Whether {@link #beginTransaction(Isolation)} honours {@code isolation}. Engines with
   * {@link Capability#SERIALIZABLE_TRANSACTIONS} override it; a decorating engine answers for what it
   * passes on, so one that does not forward serializable transactions (the default) makes the store
   * drop that capability instead of failing at begin.
   */
  default boolean supports(Isolation isolation) {
    return isolation == Isolation.SNAPSHOT;
  }

  /**
   * Starts an optimistic transaction at {@code isolation}; the decorator calls it only for levels
   * stronger than {@link Isolation#SNAPSHOT} (which goes to
   * {@link #beginTransaction()}), and only when the engine declares
   * {@link Capability#SERIALIZABLE_TRANSACTIONS} and {@linkplain #supports(Isolation) supports} it.
   * Engines declaring it override; so does every decorating engine that passes it on.
   */
  default EngineTransaction beginTransaction(Isolation isolation) {
    if (isolation == Isolation.SNAPSHOT) {
      return beginTransaction();
    }
    throw new UnsupportedCapabilityException(Capability.SERIALIZABLE_TRANSACTIONS, getClass().getSimpleName());
  }

  /** Writes a consistent copy of the store to {@code target}; engines with {@link Capability#CHECKPOINTS} override. */
  default void checkpoint(Path target) {
    throw new UnsupportedCapabilityException(Capability.CHECKPOINTS, getClass().getSimpleName());
  }

  /**
   * The engine's own incremental backups of this store into {@code directory}; engines with
   * {@link Capability#NATIVE_BACKUP} override. The decorator wraps the result so that its calls are
   * guarded and it is closed (exactly once) before the engine.
   */
  default io.luxtensor.storage.NativeBackups nativeBackups(Path directory) {
    throw new UnsupportedCapabilityException(Capability.NATIVE_BACKUP, getClass().getSimpleName());
  }

  /**
   * Takes {@code hints} for {@code cf} from now on, replacing earlier ones (see
   * {@link ColumnFamilyHint}); the decorator has checked the family and copied the set. The default
   * ignores them, which every engine may do: a hint never changes what an operation returns.
   */
  default void hint(EngineColumnFamily cf, Set<ColumnFamilyHint> hints) {
  }

  /** Makes every acknowledged write durable (memtables to disk, fsync). */
  void flush();

  /** Compacts the keys of {@code range} in {@code cf}. */
  void compact(EngineColumnFamily cf, Bounds range);

  /**
   * Reads the entries of {@code range} in {@code cf} so that later reads of them are served from the
   * engine's caches (and the operating system's page cache) instead of the disk; returns the number
   * of entries read. Changes no data. The default reads every entry through a {@linkplain #cursor
   * cursor}; engines with a cheaper way to fill their cache (readahead, a native prefetch) override
   * it, and engines with nothing to warm (the in-memory engine) may return the count without reading
   * values. Never called with an empty range.
   */
  default long warm(EngineColumnFamily cf, Bounds range) {
    return RangeWalk.entries(this, cf, range, true);
  }

  EngineStats stats();

  @Override
  void close();
}
