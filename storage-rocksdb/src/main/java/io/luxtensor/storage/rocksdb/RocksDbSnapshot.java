package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * A native RocksDB snapshot with the {@link ReadOptions} that read at it, taken from the engine's
 * {@link SnapshotReadOptions}: {@link #close()} gives the options back, then releases the snapshot,
 * so RocksDB may again drop the versions it pinned. Reads are thread-safe.
 */
final class RocksDbSnapshot implements EngineSnapshot {

  private final RocksDbEngine engine;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;

  private RocksDbSnapshot(RocksDbEngine engine, Snapshot snapshot, ReadOptions readOptions) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.readOptions = readOptions;
  }

  static RocksDbSnapshot take(RocksDbEngine engine) {
    Snapshot snapshot = engine.db().getSnapshot();
    ReadOptions options;
    try {
      options = engine.snapshotReadOptions().take(snapshot);
    } catch (RuntimeException | Error e) {
      engine.db().releaseSnapshot(snapshot);
      throw e;
    }
    return new RocksDbSnapshot(engine, snapshot, options);
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return engine.get(readOptions, (RocksDbColumnFamily) cf, key);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return engine.multiGet(readOptions, (RocksDbColumnFamily) cf, keys);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return engine.cursor((RocksDbColumnFamily) cf, bounds, snapshot);
  }

  @Override
  public void close() {
    engine.snapshotReadOptions().give(readOptions);
    engine.db().releaseSnapshot(snapshot);
  }
}
