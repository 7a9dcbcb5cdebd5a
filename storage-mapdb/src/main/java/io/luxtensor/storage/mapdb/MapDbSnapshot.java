package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot: nothing but a registered sequence number. Taking one costs a registry entry, whatever
 * the size of the store; reads pick, in each key's version chain, the newest version at or below the
 * sequence. Closing it unregisters the sequence, letting the versions only it needed be collected.
 * Thread-safe for reads; closed once, by the decorator.
 */
final class MapDbSnapshot implements EngineSnapshot {

  private final MapDbEngine engine;
  private final long seq;

  MapDbSnapshot(MapDbEngine engine, long seq) {
    this.engine = engine;
    this.seq = seq;
  }

  long seq() {
    return seq;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return engine.getAt(cf, key, seq);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(engine.getAt(cf, key, seq));
    }
    return values;
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return engine.cursorAt(cf, bounds, engine.registerAt(seq));
  }

  @Override
  public void close() {
    engine.release(seq);
  }
}
