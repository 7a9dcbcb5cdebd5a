package io.luxtensor.storage.backup;

import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.ForwardingEngine;
import io.luxtensor.storage.spi.ForwardingTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine that forwards every call to another (see {@link ForwardingEngine}: serializable
 * transactions, counts and warming included) and appends every committed write to a
 * {@link ChangeLog}. It sits beneath the API's decorator, where a batch's operations are readable
 * (the public {@code WriteBatch} hides them), so batches and transaction commits, of every isolation
 * level, are logged whole; a commit that fails (a conflict) logs nothing. Each write is applied and
 * then appended under the log's lock: the log order is the commit order. Thread-safe as the engine it
 * wraps; it owns and closes both the engine and the log.
 */
final class ChangeLoggingEngine extends ForwardingEngine {

  private final ChangeLog log;
  private final boolean syncDefault;

  ChangeLoggingEngine(StorageEngine engine, ChangeLog log, boolean syncDefault) {
    super(engine);
    this.log = log;
    this.syncDefault = syncDefault;
  }

  ChangeLog log() {
    return log;
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    log.lock().lock();
    try {
      EngineColumnFamily cf = super.createColumnFamily(name);
      log.append(List.of(new LogRecord.Op(LogRecord.Kind.CREATE_FAMILY, name, null, null)), syncDefault);
      return cf;
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    log.lock().lock();
    try {
      super.dropColumnFamily(cf);
      log.append(List.of(new LogRecord.Op(LogRecord.Kind.DROP_FAMILY, cf.name(), null, null)), syncDefault);
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    log.lock().lock();
    try {
      super.put(cf, key, value, options);
      log.append(List.of(new LogRecord.Op(LogRecord.Kind.PUT, cf.name(), key, value)), options.sync());
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    log.lock().lock();
    try {
      super.delete(cf, key, options);
      log.append(List.of(new LogRecord.Op(LogRecord.Kind.DELETE, cf.name(), key, null)), options.sync());
    } finally {
      log.lock().unlock();
    }
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    // Framed from the batch's own arrays, which the decorator never changes: no copy of every key
    // and value first. The framing then runs under the lock, which only serialises concurrent writers.
    log.lock().lock();
    try {
      super.write(batch, options);
      log.append(batch, options.sync());
    } finally {
      log.lock().unlock();
    }
  }

  /** Every transaction, snapshot or serializable, logs its writes when it commits. */
  @Override
  protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
    return new LoggedTransaction(transaction);
  }

  /** The engine's flush, then the log's: both durable. */
  @Override
  public void flush() {
    super.flush();
    log.sync();
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      log.close();
    }
  }

  /** A transaction whose writes are remembered in order and logged when, and only if, it commits. */
  private final class LoggedTransaction extends ForwardingTransaction {
    private final List<LogRecord.Op> ops = new ArrayList<>();

    LoggedTransaction(EngineTransaction tx) {
      super(tx);
    }

    @Override
    public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
      super.put(cf, key, value);
      ops.add(new LogRecord.Op(LogRecord.Kind.PUT, cf.name(), key.clone(), value.clone()));
    }

    @Override
    public void delete(EngineColumnFamily cf, byte[] key) {
      super.delete(cf, key);
      ops.add(new LogRecord.Op(LogRecord.Kind.DELETE, cf.name(), key.clone(), null));
    }

    @Override
    public void commit() {
      log.lock().lock();
      try {
        super.commit();
        if (!ops.isEmpty()) {
          log.append(ops, syncDefault);
        }
      } finally {
        log.lock().unlock();
      }
    }
  }
}
