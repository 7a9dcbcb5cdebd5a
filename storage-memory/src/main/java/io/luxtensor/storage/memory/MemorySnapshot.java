package io.luxtensor.storage.memory;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.util.List;

/** A registered sequence number: reads see the newest version at or below it. */
final class MemorySnapshot implements EngineSnapshot {

  private final MemoryEngine engine;
  private final long seq;

  MemorySnapshot(MemoryEngine engine, long seq) {
    this.engine = engine;
    this.seq = seq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return MemoryEngine.readAt((MemoryColumnFamily) cf, key, seq);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return MemoryEngine.readAt((MemoryColumnFamily) cf, keys, seq);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    // The cursor holds its own registration, so it stays valid whatever order things close in.
    engine.readers.register(() -> seq);
    return new MemoryCursor((MemoryColumnFamily) cf, seq, () -> engine.readers.release(seq));
  }

  @Override
  public void close() {
    engine.readers.release(seq);
  }
}
