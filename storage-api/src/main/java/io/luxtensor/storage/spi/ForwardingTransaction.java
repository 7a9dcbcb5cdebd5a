package io.luxtensor.storage.spi;

import java.util.List;
import java.util.Objects;

/**
 * A transaction that forwards every call to another one: the base of a layer's transaction that
 * watches or transforms some calls (a read cache announcing the keys a commit writes, a change log
 * recording them, an audit counting them) and leaves the rest to the engine's transaction, counts
 * included (a native count stays native). A subclass overrides what it adds to and calls {@code super}
 * for the forwarding; a {@link ForwardingEngine} hands it the engine's transactions of every isolation
 * through {@link ForwardingEngine#wrapTransaction}. Owns its delegate: closing
 * this closes it. Used by one thread at a time, like every transaction.
 */
public abstract class ForwardingTransaction implements EngineTransaction {

  private final EngineTransaction delegate;

  protected ForwardingTransaction(EngineTransaction delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The transaction calls are forwarded to. */
  protected final EngineTransaction delegate() {
    return delegate;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return delegate.get(cf, key);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return delegate.multiGet(cf, keys);
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    return delegate.multiGet(families, keys);
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return delegate.cursor(cf, bounds);
  }

  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    return delegate.count(cf, bounds);
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    delegate.put(cf, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    delegate.delete(cf, key);
  }

  @Override
  public void commit() {
    delegate.commit();
  }

  @Override
  public void rollback() {
    delegate.rollback();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
