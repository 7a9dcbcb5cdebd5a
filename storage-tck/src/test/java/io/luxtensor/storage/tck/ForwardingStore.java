package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StoreMetrics;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A store that hands every call to another: broken decorators override the calls they break. */
abstract class ForwardingStore implements KeyValueStore {

  protected final KeyValueStore delegate;

  ForwardingStore(KeyValueStore delegate) {
    this.delegate = delegate;
  }

  @Override public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) { return delegate.iterator(cf, range, direction); }
  @Override public EngineInfo engine() { return delegate.engine(); }
  @Override public StorageConfig config() { return delegate.config(); }
  @Override public ColumnFamily columnFamily(String name) { return delegate.columnFamily(name); }
  @Override public ColumnFamily defaultColumnFamily() { return delegate.defaultColumnFamily(); }
  @Override public List<ColumnFamily> columnFamilies() { return delegate.columnFamilies(); }
  @Override public ColumnFamily createColumnFamily(String name) { return delegate.createColumnFamily(name); }
  @Override public void dropColumnFamily(ColumnFamily cf) { delegate.dropColumnFamily(cf); }
  @Override public void put(ColumnFamily cf, byte[] key, byte[] value) { delegate.put(cf, key, value); }
  @Override public void put(ColumnFamily cf, byte[] key, byte[] value, WriteOptions options) { delegate.put(cf, key, value, options); }
  @Override public void delete(ColumnFamily cf, byte[] key) { delegate.delete(cf, key); }
  @Override public void deleteRange(ColumnFamily cf, KeyRange range) { delegate.deleteRange(cf, range); }
  @Override public WriteBatch newBatch() { return delegate.newBatch(); }
  @Override public void write(WriteBatch batch) { delegate.write(batch); }
  @Override public void write(WriteBatch batch, WriteOptions options) { delegate.write(batch, options); }
  @Override public Snapshot snapshot() { return delegate.snapshot(); }
  @Override public Transaction beginTransaction() { return delegate.beginTransaction(); }
  @Override public void checkpoint(Path target) { delegate.checkpoint(target); }
  @Override public NativeBackups nativeBackups(Path directory) { return delegate.nativeBackups(directory); }
  @Override public void flush() { delegate.flush(); }
  @Override public void hint(ColumnFamily cf, Set<ColumnFamilyHint> hints) { delegate.hint(cf, hints); }
  @Override public void compact(ColumnFamily cf, KeyRange range) { delegate.compact(cf, range); }
  @Override public long warm(ColumnFamily cf, KeyRange range) { return delegate.warm(cf, range); }
  @Override public StoreMetrics metrics() { return delegate.metrics(); }
  @Override public boolean isClosed() { return delegate.isClosed(); }
  @Override public void close() { delegate.close(); }
  @Override public byte[] get(ColumnFamily cf, byte[] key) { return delegate.get(cf, key); }
  @Override public List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) { return delegate.multiGet(cf, keys); }
  @Override public List<byte[]> multiGet(List<ColumnFamily> families, List<byte[]> keys) { return delegate.multiGet(families, keys); }
}
