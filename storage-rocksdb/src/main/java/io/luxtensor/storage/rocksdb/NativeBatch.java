package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * An {@link EngineBatch} replayed into one native {@link WriteBatch}, which RocksDB applies
 * atomically across column families (one WAL record). Remembers which families the batch touches so
 * the engine can check, atomically with the write, that none was dropped. Owns the native batch;
 * used by one thread, closed once.
 */
final class NativeBatch implements EngineBatch.Handler, AutoCloseable {

  private final WriteBatch batch = new WriteBatch();
  private final List<RocksDbColumnFamily> families = new ArrayList<>(2);
  private RocksDbColumnFamily last;

  static NativeBatch of(EngineBatch operations) {
    NativeBatch nativeBatch = new NativeBatch();
    try {
      operations.forEach(nativeBatch);
      return nativeBatch;
    } catch (RuntimeException | Error e) {
      nativeBatch.close();
      throw e;
    }
  }

  WriteBatch batch() {
    return batch;
  }

  List<RocksDbColumnFamily> families() {
    return families;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    try {
      batch.put(family(cf).handle(), key, value);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    try {
      batch.delete(family(cf).handle(), key);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    try {
      batch.deleteRange(family(cf).handle(), from, to);
    } catch (RocksDBException e) {
      throw failed(e);
    }
  }

  @Override
  public void close() {
    batch.close();
  }

  private RocksDbColumnFamily family(EngineColumnFamily cf) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    if (family != last) {
      last = family;
      if (!families.contains(family)) {
        families.add(family);
      }
    }
    return family;
  }

  private static StorageException failed(RocksDBException e) {
    // Building a batch in memory fails only when RocksDB's batch size limit is hit.
    return new StorageException("building the native write batch failed (" + e.getMessage()
        + "); split the batch into smaller ones", e);
  }
}
