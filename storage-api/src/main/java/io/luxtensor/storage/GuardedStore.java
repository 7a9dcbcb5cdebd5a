package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one decorator every engine is wrapped in: it validates arguments, rejects calls on a closed or
 * read-only store, tracks the iterators, snapshots and transactions it hands out (closing them with
 * the store), and records metrics. Engines implement only {@link StorageEngine}.
 */
final class GuardedStore extends GuardedReadView implements KeyValueStore {

  final Validator validator;
  final OperationMetrics metrics = new OperationMetrics();
  final OpenResources snapshots = new OpenResources();
  final OpenResources transactions = new OpenResources();
  final OpenResources nativeBackups = new OpenResources();

  private final StorageEngine engine;
  private final EngineInfo info;
  private final StorageConfig config;
  private final WriteOptions defaultWriteOptions;
  private final Map<String, ColumnFamily> families = new ConcurrentHashMap<>();

  GuardedStore(StorageEngine engine, EngineInfo info, StorageConfig config) {
    super(null, new HandleGuard("store \"" + info.name() + "\"" + (config.path() == null ? "" : " at " + config.path()),
        "open it again with StorageEngines.open"));
    this.engine = engine;
    this.info = honoured(engine, info);
    this.config = config;
    this.validator = new Validator(this, info.name(), info.maxKeySize());
    this.defaultWriteOptions = config.syncWrites() ? WriteOptions.SYNC : WriteOptions.ASYNC;
    for (EngineColumnFamily handle : engine.columnFamilies()) {
      families.put(handle.name(), new ColumnFamily(handle.name(), this, handle));
    }
  }

  /**
   * {@code info} without {@link Capability#SERIALIZABLE_TRANSACTIONS} when the outermost engine (a
   * layer, say, that passes on its engine's capabilities but not its serializable transactions) does
   * not honour it: a store declares only what it delivers.
   */
  private static EngineInfo honoured(StorageEngine engine, EngineInfo info) {
    if (!info.supports(Capability.SERIALIZABLE_TRANSACTIONS) || engine.supports(Isolation.SERIALIZABLE)) {
      return info;
    }
    EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
    capabilities.addAll(info.capabilities());
    capabilities.remove(Capability.SERIALIZABLE_TRANSACTIONS);
    return new EngineInfo(info.name(), info.version(), info.priority(), capabilities, info.maxKeySize());
  }

  @Override
  EngineReader reader() {
    return engine;
  }


  @Override
  public EngineInfo engine() {
    return info;
  }

  @Override
  public StorageConfig config() {
    return config;
  }

  @Override
  public ColumnFamily columnFamily(String name) {
    guard.enter();
    try {
      if (name == null) {
        throw new IllegalArgumentException("column family name must not be null; use defaultColumnFamily()");
      }
      ColumnFamily cf = families.get(name);
      if (cf == null) {
        throw new UnknownColumnFamilyException(name, "no column family \"" + name + "\"; existing: "
            + families.keySet().stream().sorted().toList() + "; create it with createColumnFamily or list it in StorageConfig.columnFamilies");
      }
      return cf;
    } finally {
      guard.exit();
    }
  }

  @Override
  public ColumnFamily defaultColumnFamily() {
    return columnFamily(StorageConfig.DEFAULT_COLUMN_FAMILY);
  }

  @Override
  public List<ColumnFamily> columnFamilies() {
    guard.enter();
    try {
      List<ColumnFamily> list = new ArrayList<>(families.values());
      list.sort(Comparator.comparing((ColumnFamily cf) -> !cf.name().equals(StorageConfig.DEFAULT_COLUMN_FAMILY))
          .thenComparing(ColumnFamily::name));
      return List.copyOf(list);
    } finally {
      guard.exit();
    }
  }

  @Override
  public ColumnFamily createColumnFamily(String name) {
    guard.enter();
    try {
      checkWritable("createColumnFamily");
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("column family name must not be null or empty");
      }
      synchronized (families) {
        if (families.containsKey(name)) {
          throw new IllegalArgumentException("column family \"" + name + "\" already exists; get it with columnFamily(\"" + name + "\")");
        }
        EngineColumnFamily handle;
        try {
          handle = engine.createColumnFamily(name);
        } catch (RuntimeException e) {
          throw failed(e);
        }
        ColumnFamily cf = new ColumnFamily(name, this, handle);
        families.put(name, cf);
        return cf;
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public void dropColumnFamily(ColumnFamily cf) {
    guard.enter();
    try {
      checkWritable("dropColumnFamily");
      validator.checkColumnFamily(cf);
      if (cf.name().equals(StorageConfig.DEFAULT_COLUMN_FAMILY)) {
        throw new IllegalArgumentException("the default column family cannot be dropped; delete its keys with deleteRange instead");
      }
      synchronized (families) {
        if (families.get(cf.name()) != cf) {
          throw new UnknownColumnFamilyException(cf.name(), "column family \"" + cf.name() + "\" was already dropped");
        }
        try {
          engine.dropColumnFamily(cf.handle());
        } catch (RuntimeException e) {
          throw failed(e);
        }
        cf.markDropped();
        families.remove(cf.name());
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    put(cf, key, value, defaultWriteOptions);
  }

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    guard.enter();
    try {
      checkWritable("put");
      validator.checkColumnFamily(cf);
      validator.checkKey(key);
      validator.checkValue(value);
      checkOptions(options);
      long start = metrics.startTimer();
      try {
        engine.put(cf.handle(), key, value, options);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      metrics.write(1, key.length + value.length, start);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    guard.enter();
    try {
      checkWritable("delete");
      validator.checkColumnFamily(cf);
      validator.checkKey(key);
      long start = metrics.startTimer();
      try {
        engine.delete(cf.handle(), key, defaultWriteOptions);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      metrics.write(1, key.length, start);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void deleteRange(ColumnFamily cf, KeyRange range) {
    write(newBatch().deleteRange(cf, range));
  }

  @Override
  public WriteBatch newBatch() {
    guard.checkOpen();
    return new WriteBatch(validator, config.maxBatchBytes());
  }

  @Override
  public void write(WriteBatch batch) {
    write(batch, defaultWriteOptions);
  }

  @Override
  public void write(WriteBatch batch, WriteOptions options) {
    guard.enter();
    try {
      checkWritable("write");
      if (batch == null) {
        throw new IllegalArgumentException("batch must not be null; create one with store.newBatch()");
      }
      if (batch.validator() != validator) {
        throw new IllegalArgumentException("batch was created by another store; create it with this store's newBatch()");
      }
      checkOptions(options);
      if (batch.isEmpty()) {
        return;
      }
      batch.checkColumnFamiliesOwned();
      long start = metrics.startTimer();
      try {
        engine.write(batch.toEngineBatch(), options);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      metrics.write(batch.size(), batch.payloadBytes(), start);
    } finally {
      guard.exit();
    }
  }

  @Override
  public Snapshot snapshot() {
    guard.enter();
    try {
      EngineSnapshot engineSnapshot;
      try {
        engineSnapshot = engine.snapshot();
      } catch (RuntimeException e) {
        throw failed(e);
      }
      GuardedSnapshot snapshot = new GuardedSnapshot(this, engineSnapshot);
      metrics.openSnapshots.incrementAndGet();
      snapshots.add(snapshot);
      return snapshot;
    } finally {
      guard.exit();
    }
  }

  @Override
  public Transaction beginTransaction() {
    return beginTransaction(Isolation.SNAPSHOT);
  }

  @Override
  public Transaction beginTransaction(Isolation isolation) {
    if (isolation == null) {
      throw new IllegalArgumentException("isolation must not be null; use Isolation.SNAPSHOT or Isolation.SERIALIZABLE");
    }
    guard.enter();
    try {
      requireCapability(Capability.TRANSACTIONS);
      if (isolation == Isolation.SERIALIZABLE) {
        requireCapability(Capability.SERIALIZABLE_TRANSACTIONS);
      }
      checkWritable("beginTransaction");
      EngineTransaction engineTransaction;
      try {
        engineTransaction = isolation == Isolation.SNAPSHOT ? engine.beginTransaction() : engine.beginTransaction(isolation);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      GuardedTransaction transaction = new GuardedTransaction(this, engineTransaction, config.maxTransactionBytes());
      metrics.openTransactions.incrementAndGet();
      transactions.add(transaction);
      return transaction;
    } finally {
      guard.exit();
    }
  }

  @Override
  public void checkpoint(Path target) {
    guard.enter();
    try {
      requireCapability(Capability.CHECKPOINTS);
      if (target == null) {
        throw new IllegalArgumentException("checkpoint target must not be null");
      }
      if (Files.exists(target)) {
        throw new IllegalArgumentException("checkpoint target " + target + " already exists; name a directory that does not");
      }
      try {
        engine.checkpoint(target);
      } catch (RuntimeException e) {
        throw failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public NativeBackups nativeBackups(Path directory) {
    guard.enter();
    try {
      requireCapability(Capability.NATIVE_BACKUP);
      if (directory == null) {
        throw new IllegalArgumentException("backup directory must not be null");
      }
      NativeBackups engineBackups;
      try {
        engineBackups = engine.nativeBackups(directory);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      GuardedNativeBackups backups = new GuardedNativeBackups(this, engineBackups);
      if (!nativeBackups.add(backups)) {
        engineBackups.close();
        throw guard.closedException();
      }
      return backups;
    } finally {
      guard.exit();
    }
  }

  @Override
  public void flush() {
    guard.enter();
    try {
      engine.flush();
    } catch (RuntimeException e) {
      throw failed(e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void hint(ColumnFamily cf, Set<ColumnFamilyHint> hints) {
    guard.enter();
    try {
      validator.checkColumnFamily(cf);
      if (hints == null || hints.stream().anyMatch(Objects::isNull)) {
        throw new IllegalArgumentException("hints must be a set without nulls; pass an empty set to withdraw them");
      }
      Set<ColumnFamilyHint> copy = Set.copyOf(hints);
      try {
        engine.hint(cf.handle(), copy);
      } catch (RuntimeException e) {
        throw failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public void compact(ColumnFamily cf, KeyRange range) {
    guard.enter();
    try {
      checkWritable("compact");
      validator.checkColumnFamily(cf);
      validator.checkRange(range);
      if (range.isEmpty()) {
        return;
      }
      try {
        engine.compact(cf.handle(), range.bounds());
      } catch (RuntimeException e) {
        throw failed(e);
      }
    } finally {
      guard.exit();
    }
  }

  @Override
  public long warm(ColumnFamily cf, KeyRange range) {
    guard.enter();
    try {
      validator.checkColumnFamily(cf);
      validator.checkRange(range);
      if (range.isEmpty()) {
        return 0;
      }
      long start = metrics.startTimer();
      long entries;
      try {
        entries = engine.warm(cf.handle(), range.bounds());
      } catch (RuntimeException e) {
        throw failed(e);
      }
      metrics.read(entries, start);
      return entries;
    } finally {
      guard.exit();
    }
  }

  @Override
  public StoreMetrics metrics() {
    if (!guard.tryEnter()) {
      return metrics.snapshot(EngineStats.unknown()); // the final counts stay readable after close
    }
    try {
      return metrics.snapshot(engine.stats());
    } catch (RuntimeException e) {
      throw failed(e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public boolean isClosed() {
    return guard.isClosed();
  }

  /**
   * Drains running calls, closes every child (each draining its own calls; a failing child does not
   * stop the others), then the engine, so the engine is never closed under a live child.
   */
  @Override
  public void close() {
    guard.close(this::release);
  }

  private void release() {
    RuntimeException failure = null;
    for (OpenResources children : List.of(nativeBackups, transactions, snapshots, iterators)) {
      try {
        children.closeAll();
      } catch (RuntimeException e) {
        failure = Failures.add(failure, e);
      }
    }
    try {
      engine.close();
    } catch (RuntimeException | Error e) {
      failure = Failures.add(failure, e);
    }
    if (failure != null) {
      metrics.error();
      throw failure;
    }
  }

  void checkWritable(String operation) {
    if (config.readOnly()) {
      throw new ReadOnlyStoreException(operation);
    }
  }

  /**
   * Counts an engine failure and returns it for rethrowing, as a {@link StorageException}: an engine
   * exception outside the hierarchy (a binding's own, {@code IllegalStateException},
   * {@code UncheckedIOException}) is wrapped, naming the engine, so that users catch one root.
   */
  RuntimeException failed(RuntimeException e) {
    metrics.error();
    if (e instanceof StorageException) {
      return e;
    }
    return new StorageException("engine \"" + info.name() + "\" failed: " + e, e);
  }

  private void checkOptions(WriteOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("write options must not be null; use WriteOptions.SYNC or ASYNC");
    }
    if (options.disableWal()) {
      requireCapability(Capability.DISABLE_WAL);
    }
  }

  private void requireCapability(Capability capability) {
    if (!info.supports(capability)) {
      throw new UnsupportedCapabilityException(capability, info.name());
    }
  }

  @Override
  public String toString() {
    return "KeyValueStore[" + info.name() + (config.path() == null ? ", temporary" : ", " + config.path()) + "]";
  }
}
