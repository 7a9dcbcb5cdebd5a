package io.luxtensor.storage.memory;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.concurrent.ConcurrentSkipListMap;

/** One column family: a skip list of version chains in unsigned key order. */
final class MemoryColumnFamily implements EngineColumnFamily {

  private final String name;
  final ConcurrentSkipListMap<byte[], Version> data = new ConcurrentSkipListMap<>(Keys.ORDER);
  volatile boolean dropped;

  MemoryColumnFamily(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
