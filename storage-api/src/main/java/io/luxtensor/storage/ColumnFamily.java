package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineColumnFamily;

/**
 * A handle to a named keyspace of one store. {@code "default"} always exists. Handles are obtained
 * from {@link KeyValueStore#columnFamily(String)} and are valid for the store that made them, until
 * the family is dropped or the store closes; using one elsewhere throws
 * {@link UnknownColumnFamilyException}. Thread-safe and immutable (but for the dropped flag).
 */
public final class ColumnFamily {

  private final String name;
  private final Object owner;
  private final EngineColumnFamily handle;
  private volatile boolean dropped;

  ColumnFamily(String name, Object owner, EngineColumnFamily handle) {
    this.name = name;
    this.owner = owner;
    this.handle = handle;
  }

  public String name() {
    return name;
  }

  /** Whether the family was dropped; a dropped handle stays dropped even if the name is reused. */
  public boolean isDropped() {
    return dropped;
  }

  Object owner() {
    return owner;
  }

  EngineColumnFamily handle() {
    return handle;
  }

  void markDropped() {
    dropped = true;
  }

  @Override
  public String toString() {
    return "ColumnFamily[" + name + (dropped ? ", dropped]" : "]");
  }
}
