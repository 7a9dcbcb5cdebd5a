package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreMetrics;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A store that records every committed write in a {@link ChangeLog}, for point-in-time recovery
 * ({@link Backups#restoreToPoint}) and for incremental backups that read only what changed. It is the
 * store the configured engine opens, with the same contract; the logging happens beneath the API's
 * decorator so that batches and transactions are logged whole. Every write takes the log's lock, so
 * writers are serialised (the cost is measured in {@code /tmp/notes/backup-bench.md}).
 *
 * <p>Thread-safe. The caller owns the store; closing it closes the engine, then the log.
 */
public final class LoggedStore implements KeyValueStore {

  private final KeyValueStore store;
  private final ChangeLog log;

  private LoggedStore(KeyValueStore store, ChangeLog log) {
    this.store = store;
    this.log = log;
  }

  /** Opens the store of {@code config}, logging its writes to {@code logDirectory} (created if missing). */
  public static LoggedStore open(StorageConfig config, Path logDirectory) {
    return open(config, logDirectory, ChangeLog.DEFAULT_SEGMENT_BYTES);
  }

  /** As {@link #open(StorageConfig, Path)}, starting a new segment when one reaches {@code segmentBytes}. */
  public static LoggedStore open(StorageConfig config, Path logDirectory, long segmentBytes) {
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segment bytes must be positive, not " + segmentBytes);
    }
    ChangeLoggingProvider provider = new ChangeLoggingProvider(StorageEngines.provider(config.engine()),
        logDirectory, segmentBytes);
    KeyValueStore store = StorageEngines.open(provider, config);
    return new LoggedStore(store, provider.opened());
  }

  /** The store's change log. */
  public ChangeLog changeLog() {
    return log;
  }

  @Override
  public EngineInfo engine() {
    return store.engine();
  }

  @Override
  public StorageConfig config() {
    return store.config();
  }

  @Override
  public ColumnFamily columnFamily(String name) {
    return store.columnFamily(name);
  }

  @Override
  public ColumnFamily defaultColumnFamily() {
    return store.defaultColumnFamily();
  }

  @Override
  public List<ColumnFamily> columnFamilies() {
    return store.columnFamilies();
  }

  @Override
  public ColumnFamily createColumnFamily(String name) {
    return store.createColumnFamily(name);
  }

  @Override
  public void dropColumnFamily(ColumnFamily cf) {
    store.dropColumnFamily(cf);
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    store.put(cf, key, value);
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    store.put(cf, key, value, options);
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    store.delete(cf, key);
  }

  @Override
  public void deleteRange(ColumnFamily cf, KeyRange range) {
    store.deleteRange(cf, range);
  }

  @Override
  public WriteBatch newBatch() {
    return store.newBatch();
  }

  @Override
  public void write(WriteBatch batch) {
    store.write(batch);
  }

  @Override
  public void write(WriteBatch batch, WriteOptions options) {
    store.write(batch, options);
  }

  @Override
  public Snapshot snapshot() {
    return store.snapshot();
  }

  @Override
  public Transaction beginTransaction() {
    return store.beginTransaction();
  }

  @Override
  public Transaction beginTransaction(Isolation isolation) {
    return store.beginTransaction(isolation);
  }

  @Override
  public void checkpoint(Path target) {
    store.checkpoint(target);
  }

  @Override
  public NativeBackups nativeBackups(Path directory) {
    return store.nativeBackups(directory);
  }

  @Override
  public void flush() {
    store.flush();
  }

  @Override
  public void hint(ColumnFamily cf, Set<ColumnFamilyHint> hints) {
    store.hint(cf, hints);
  }

  @Override
  public void compact(ColumnFamily cf, KeyRange range) {
    store.compact(cf, range);
  }

  @Override
  public long warm(ColumnFamily cf, KeyRange range) {
    return store.warm(cf, range);
  }

  @Override
  public StoreMetrics metrics() {
    return store.metrics();
  }

  @Override
  public boolean isClosed() {
    return store.isClosed();
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    return store.get(cf, key);
  }

  @Override
  public boolean contains(ColumnFamily cf, byte[] key) {
    return store.contains(cf, key);
  }

  @Override
  public List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) {
    return store.multiGet(cf, keys);
  }

  @Override
  public List<byte[]> multiGet(List<ColumnFamily> families, List<byte[]> keys) {
    return store.multiGet(families, keys);
  }

  @Override
  public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) {
    return store.iterator(cf, range, direction);
  }

  @Override
  public KvIterator iterator(ColumnFamily cf, KeyRange range) {
    return store.iterator(cf, range);
  }

  @Override
  public long count(ColumnFamily cf, KeyRange range) {
    return store.count(cf, range);
  }
}
