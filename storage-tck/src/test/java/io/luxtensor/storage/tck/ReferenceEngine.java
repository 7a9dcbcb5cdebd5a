package io.luxtensor.storage.tck;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import io.luxtensor.storage.spi.TransactionWrites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The simplest correct engine, which can be built with one {@link Bug}: one lock, copy-on-read
 * snapshots, optimistic transactions checked against a version per key, and, for a store with a
 * path, every write appended to a {@link ReferenceLog} before it is applied. Built without a bug it
 * must pass the whole TCK; with one, the TCK must fail.
 */
final class ReferenceEngine implements StorageEngine {

  static StorageEngineProvider provider(Bug bug) {
    return new StorageEngineProvider() {
      @Override
      public String name() {
        return "reference";
      }

      @Override
      public int priority() {
        return 1;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS, Capability.PERSISTENT,
            Capability.CHECKPOINTS);
      }

      @Override
      public int maxKeySize() {
        return 1024;
      }

      @Override
      public StorageEngine open(StorageConfig config) {
        return ReferenceEngine.open(bug, config);
      }
    };
  }

  private static final class Family implements EngineColumnFamily {
    final String name;
    final TreeMap<byte[], byte[]> data;
    /** The engine version of the last write to each key, for transaction conflicts. */
    final TreeMap<byte[], Long> versions;
    boolean dropped;
    /** Hinted {@link ColumnFamilyHint#LARGE_VALUES}; only {@link Bug#HINTED_SNAPSHOT_READS_LIVE} cares. */
    boolean largeValues;

    Family(String name, Comparator<byte[]> order) {
      this.name = name;
      this.data = new TreeMap<>(order);
      this.versions = new TreeMap<>(order);
    }

    @Override
    public String name() {
      return name;
    }
  }

  private final Bug bug;
  private final Comparator<byte[]> order;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private long version;
  private ReferenceLog log;

  private ReferenceEngine(Bug bug) {
    this.bug = bug;
    this.order = bug == Bug.SIGNED_ORDER ? Arrays::compare : Keys.ORDER;
  }

  private static ReferenceEngine open(Bug bug, StorageConfig config) {
    ReferenceEngine engine = new ReferenceEngine(bug);
    if (config.path() != null) {
      engine.log = ReferenceLog.open(config.path(), config.createIfMissing(), config.readOnly(), engine::replay);
    }
    for (String name : config.columnFamilies()) {
      if (!engine.families.containsKey(name)) {
        if (config.readOnly()) {
          engine.families.put(name, new Family(name, engine.order));
        } else {
          engine.createColumnFamily(name);
        }
      }
    }
    return engine;
  }

  private void replay(byte op, String family, byte[] key, byte[] value) {
    switch (op) {
      case ReferenceLog.CREATE_FAMILY -> families.put(family, new Family(family, order));
      case ReferenceLog.DROP_FAMILY -> families.remove(family).dropped = true;
      default -> apply(families.get(family), op, key, value);
    }
  }

  @Override
  public synchronized byte[] get(EngineColumnFamily cf, byte[] key) {
    byte[] value = ((Family) cf).data.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public synchronized EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    TreeMap<byte[], byte[]> data = ((Family) cf).data;
    return new MapCursor(bug == Bug.ITERATOR_SEES_LATER_WRITES ? data : new TreeMap<>(data), this);
  }

  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    return StorageEngine.super.count(cf, bug == Bug.COUNT_IGNORES_UPPER_BOUND ? Bounds.of(bounds.lower(), null) : bounds);
  }

  @Override
  public synchronized List<EngineColumnFamily> columnFamilies() {
    return new ArrayList<>(families.values());
  }

  @Override
  public synchronized EngineColumnFamily createColumnFamily(String name) {
    append(new ReferenceLog.Payload().add(ReferenceLog.CREATE_FAMILY, name, null, null), true);
    Family family = new Family(name, order);
    families.put(name, family);
    return family;
  }

  @Override
  public synchronized void dropColumnFamily(EngineColumnFamily cf) {
    append(new ReferenceLog.Payload().add(ReferenceLog.DROP_FAMILY, cf.name(), null, null), true);
    ((Family) cf).dropped = true;
    families.remove(cf.name());
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    write(EngineBatch.ofPut(cf, key, value), options);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    write(EngineBatch.ofDelete(cf, key), options);
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    switch (bug) {
      case HALF_APPLIED_BATCH, BATCH_VISIBLE_HALF_APPLIED, BATCH_TORN_ON_DISK -> writeOneByOne(batch, options);
      default -> writeAtomically(batch, options);
    }
  }

  private synchronized void writeAtomically(EngineBatch batch, WriteOptions options) {
    batch.columnFamilies().forEach(ReferenceEngine::live);
    List<Queued> operations = new ArrayList<>();
    batch.forEach(operations((family, op, key, value) -> operations.add(new Queued(family, op, key, value))));
    if (bug == Bug.LARGE_BATCH_SORTED_UNSTABLY && operations.size() >= 64) {
      // Reversed, then sorted stably by family and key: each key's operations end up last first.
      Collections.reverse(operations);
      operations.sort(Comparator.comparing((Queued o) -> o.family().name).thenComparing(Queued::key, Arrays::compareUnsigned));
    }
    ReferenceLog.Payload payload = new ReferenceLog.Payload();
    operations.forEach(o -> payload.add(o.op(), o.family().name, o.key(), o.value()));
    append(payload, options.sync());
    operations.forEach(o -> apply(o.family(), o.op(), o.key(), o.value()));
  }

  /** One operation of a batch, with the family resolved, held until the batch is logged. */
  private record Queued(Family family, byte op, byte[] key, byte[] value) {}

  /**
   * The buggy ways: each operation logged and applied on its own, under one hold of the lock except
   * for {@link Bug#BATCH_VISIBLE_HALF_APPLIED}, which lets readers in between operations.
   */
  private void writeOneByOne(EngineBatch batch, WriteOptions options) {
    if (bug != Bug.HALF_APPLIED_BATCH) {
      batch.columnFamilies().forEach(ReferenceEngine::live);
    }
    if (bug == Bug.BATCH_VISIBLE_HALF_APPLIED) {
      batch.forEach(operations((family, op, key, value) -> {
        synchronized (this) {
          applyLogged(family, op, key, value, options);
        }
        Thread.yield();
      }));
      return;
    }
    synchronized (this) {
      batch.forEach(operations((family, op, key, value) -> {
        applyLogged(family, op, key, value, options);
        if (bug == Bug.BATCH_TORN_ON_DISK) {
          LockSupport.parkNanos(200_000); // a kill may land between two records of one batch
        }
      }));
    }
  }

  private void applyLogged(Family family, byte op, byte[] key, byte[] value, WriteOptions options) {
    live(family);
    append(new ReferenceLog.Payload().add(op, family.name, key, value), options.sync());
    apply(family, op, key, value);
  }

  /** One operation of a batch, with the family resolved. */
  @FunctionalInterface
  private interface Operation {
    void accept(Family family, byte op, byte[] key, byte[] value);
  }

  private static EngineBatch.Handler operations(Operation operation) {
    return new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        operation.accept((Family) cf, ReferenceLog.PUT, key.clone(), value.clone());
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        operation.accept((Family) cf, ReferenceLog.DELETE, key.clone(), null);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        operation.accept((Family) cf, ReferenceLog.DELETE_RANGE, from.clone(), to == null ? null : to.clone());
      }
    };
  }

  /** Applies one operation to the data; {@code value} is the end key of a range delete (null: to the end). */
  private void apply(Family family, byte op, byte[] key, byte[] value) {
    version++;
    switch (op) {
      case ReferenceLog.PUT -> {
        family.data.put(key, value);
        family.versions.put(key, version);
      }
      case ReferenceLog.DELETE -> {
        family.data.remove(key);
        family.versions.put(key, version);
      }
      case ReferenceLog.DELETE_RANGE -> {
        if (value != null && order.compare(key, value) >= 0) {
          return;
        }
        NavigableMap<byte[], byte[]> range = value == null ? family.data.tailMap(key, true)
            : family.data.subMap(key, true, value, bug == Bug.DELETE_RANGE_INCLUDES_END);
        for (byte[] deleted : range.keySet()) {
          family.versions.put(deleted, version);
        }
        range.clear();
      }
      default -> throw new IllegalStateException("unknown operation " + op);
    }
  }

  private void append(ReferenceLog.Payload payload, boolean sync) {
    if (log != null && !payload.isEmpty()) {
      log.append(payload.toBytes(), sync);
    }
  }

  private static Family live(EngineColumnFamily cf) {
    Family family = (Family) cf;
    if (family.dropped) {
      throw new UnknownColumnFamilyException(family.name, "column family " + family.name + " was dropped");
    }
    return family;
  }

  @Override
  public synchronized void hint(EngineColumnFamily cf, Set<ColumnFamilyHint> hints) {
    ((Family) cf).largeValues = hints.contains(ColumnFamilyHint.LARGE_VALUES);
  }

  @Override
  public synchronized EngineSnapshot snapshot() {
    Map<EngineColumnFamily, TreeMap<byte[], byte[]>> frozen = new LinkedHashMap<>();
    for (Family family : families.values()) {
      boolean live = bug == Bug.SNAPSHOT_SEES_LATER_WRITES || bug == Bug.HINTED_SNAPSHOT_READS_LIVE && family.largeValues;
      frozen.put(family, live ? family.data : new TreeMap<>(family.data));
    }
    ReferenceEngine lock = this;
    return new EngineSnapshot() {
      @Override
      public byte[] get(EngineColumnFamily cf, byte[] key) {
        synchronized (lock) {
          byte[] value = frozen(cf).get(key);
          return value == null ? null : value.clone();
        }
      }

      @Override
      public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
        return new MapCursor(frozen(cf), lock);
      }

      /** A family created after the snapshot is empty in it. */
      private TreeMap<byte[], byte[]> frozen(EngineColumnFamily cf) {
        return frozen.getOrDefault(cf, new TreeMap<>(order));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public synchronized EngineTransaction beginTransaction() {
    return beginTransaction(Isolation.SNAPSHOT);
  }

  @Override
  public boolean supports(Isolation isolation) {
    return true;
  }

  @Override
  public synchronized EngineTransaction beginTransaction(Isolation isolation) {
    return new ReferenceTransaction(this, snapshot(), version, isolation);
  }

  /**
   * Applies a transaction's writes if no key it wrote changed after {@code startVersion} and
   * {@code readCheck} (a serializable transaction's, else null) accepts the live store.
   */
  synchronized void commit(TransactionWrites writes, long startVersion, java.util.function.Consumer<EngineReader> readCheck) {
    if (readCheck != null && bug != Bug.SERIALIZABLE_IGNORES_READS) {
      readCheck.accept(this);
    }
    if (bug != Bug.COMMIT_IGNORES_CONFLICTS) {
      writes.byColumnFamily().forEach((cf, written) -> {
        TreeMap<byte[], Long> versions = live(cf).versions;
        for (byte[] key : written.keySet()) {
          Long last = versions.get(key);
          if (last != null && last > startVersion) {
            throw new TransactionConflictException("key written by another writer after this transaction began");
          }
        }
      });
    }
    write(writes.asBatch(), WriteOptions.ASYNC);
  }

  @Override
  public synchronized void checkpoint(Path target) {
    ReferenceLog.Payload copy = new ReferenceLog.Payload();
    for (Family family : families.values()) {
      copy.add(ReferenceLog.CREATE_FAMILY, family.name, null, null);
      family.data.forEach((key, value) -> copy.add(ReferenceLog.PUT, family.name, key, value));
    }
    ReferenceLog.writeCopy(target, copy.toBytes());
  }

  @Override
  public synchronized void flush() {
    if (log != null) {
      log.force();
    }
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {}

  @Override
  public EngineStats stats() {
    return EngineStats.unknown();
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      log.close();
    }
  }

  /** A cursor that navigates a sorted map by key, under the engine's lock. */
  private static final class MapCursor implements EngineCursor {
    private final NavigableMap<byte[], byte[]> map;
    private final Object lock;
    private Map.Entry<byte[], byte[]> current;

    MapCursor(NavigableMap<byte[], byte[]> map, Object lock) {
      this.map = map;
      this.lock = lock;
    }

    @Override
    public void seek(byte[] key) {
      synchronized (lock) {
        current = map.ceilingEntry(key);
      }
    }

    @Override
    public void seekForPrev(byte[] key) {
      synchronized (lock) {
        current = map.floorEntry(key);
      }
    }

    @Override
    public void seekToFirst() {
      synchronized (lock) {
        current = map.firstEntry();
      }
    }

    @Override
    public void seekToLast() {
      synchronized (lock) {
        current = map.lastEntry();
      }
    }

    @Override
    public void next() {
      synchronized (lock) {
        current = map.higherEntry(current.getKey());
      }
    }

    @Override
    public void prev() {
      synchronized (lock) {
        current = map.lowerEntry(current.getKey());
      }
    }

    @Override
    public boolean isValid() {
      return current != null;
    }

    @Override
    public byte[] key() {
      return current.getKey().clone();
    }

    @Override
    public byte[] value() {
      return current.getValue().clone();
    }

    @Override
    public void close() {}
  }
}
