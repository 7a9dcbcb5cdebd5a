package io.luxtensor.storage.spi;

import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An engine that forwards every call to another one, its delegate: the base of a layer (a read
 * cache, a change log, encryption, an audit log) that adds to some calls and leaves the rest to the
 * engine beneath. Every method of {@link StorageEngine}, the defaults included, is forwarded, so a
 * layer passes on what the engine beneath offers — serializable transactions ({@link
 * #supports(Isolation)}, {@link #beginTransaction(Isolation)}), a native {@link #count}, a cheap
 * {@link #warm}, checkpoints, native backups — without repeating the forwarding, and a method the SPI
 * gains later reaches the engine instead of falling back to a default walk over the layer.
 *
 * <p>A layer overrides the calls it adds to and calls {@code super} (or {@link #delegate()}) for the
 * forwarding; what the delegate hands out passes through the hooks on its way to the caller:
 * <ul>
 *   <li>{@link #wrapTransaction} receives every transaction, of both {@code beginTransaction}
 *       variants, so a layer that watches or transforms transaction writes covers every isolation
 *       level by overriding it once;</li>
 *   <li>{@link #wrapSnapshot} every snapshot and {@link #wrapCursor} every cursor on the live store;</li>
 *   <li>{@link #delegateFamily} maps the column family handles the layer hands out (when it hands out
 *       its own, overriding {@link #columnFamilies()} and {@link #createColumnFamily}) to the
 *       delegate's, for every forwarded call that takes one.</li>
 * </ul>
 * A hook that throws leaves nothing open: the delegate's transaction, snapshot or cursor is closed.
 * A layer that changes values (encryption) overrides every call that carries one: {@link #get}, both
 * {@link #multiGet} variants, {@link #put} and {@link #write}, and transforms cursors, snapshots and
 * transactions through the hooks. A layer that cannot pass serializable transactions on overrides
 * {@link #supports(Isolation)} to say so.
 *
 * <p>Thread safety: as thread-safe as the delegate; the hooks are called from many threads at once and
 * must be thread-safe. Ownership: the engine owns its delegate, and {@link #close()} closes it; a
 * layer that holds more (a log file) overrides {@code close()} and closes it after {@code super.close()},
 * in a {@code finally}.
 */
public abstract class ForwardingEngine implements StorageEngine {

  private final StorageEngine delegate;

  protected ForwardingEngine(StorageEngine delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The engine calls are forwarded to. */
  protected final StorageEngine delegate() {
    return delegate;
  }

  // ---- hooks ----

  /**
   * The delegate's handle for {@code cf}, a handle this engine handed out; {@code cf} itself unless
   * the layer hands out handles of its own.
   */
  protected EngineColumnFamily delegateFamily(EngineColumnFamily cf) {
    return cf;
  }

  /** What callers receive for a transaction of the delegate, of any isolation; the transaction itself unless overridden. */
  protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
    return transaction;
  }

  /** What callers receive for a snapshot of the delegate; the snapshot itself unless overridden. */
  protected EngineSnapshot wrapSnapshot(EngineSnapshot snapshot) {
    return snapshot;
  }

  /**
   * What callers receive for a cursor of the delegate over {@code cf} (this engine's handle) on the
   * live store; the cursor itself unless overridden.
   */
  protected EngineCursor wrapCursor(EngineColumnFamily cf, EngineCursor cursor) {
    return cursor;
  }

  // ---- reads ----

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return delegate.get(delegateFamily(cf), key);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return delegate.multiGet(delegateFamily(cf), keys);
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    return delegate.multiGet(delegateFamilies(families), keys);
  }

  /** {@code families} mapped to the delegate's handles; the same list when every handle is the delegate's. */
  private List<EngineColumnFamily> delegateFamilies(List<EngineColumnFamily> families) {
    List<EngineColumnFamily> mapped = null;
    for (int i = 0; i < families.size(); i++) {
      EngineColumnFamily cf = families.get(i);
      EngineColumnFamily inner = delegateFamily(cf);
      if (mapped == null && inner != cf) {
        mapped = new ArrayList<>(families.subList(0, i));
      }
      if (mapped != null) {
        mapped.add(inner);
      }
    }
    return mapped == null ? families : mapped;
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    EngineCursor cursor = delegate.cursor(delegateFamily(cf), bounds);
    try {
      return wrapCursor(cf, cursor);
    } catch (RuntimeException | Error e) {
      closeAfter(cursor, e);
      throw e;
    }
  }

  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    return delegate.count(delegateFamily(cf), bounds);
  }

  // ---- column families ----

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return delegate.columnFamilies();
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    return delegate.createColumnFamily(name);
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    delegate.dropColumnFamily(delegateFamily(cf));
  }

  // ---- writes ----

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    delegate.put(delegateFamily(cf), key, value, options);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    delegate.delete(delegateFamily(cf), key, options);
  }

  /**
   * Forwards the batch unchanged: a layer that hands out its own column family handles overrides it
   * (the batch carries them).
   */
  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    delegate.write(batch, options);
  }

  // ---- views ----

  @Override
  public EngineSnapshot snapshot() {
    EngineSnapshot snapshot = delegate.snapshot();
    try {
      return wrapSnapshot(snapshot);
    } catch (RuntimeException | Error e) {
      closeAfter(snapshot, e);
      throw e;
    }
  }

  @Override
  public EngineTransaction beginTransaction() {
    return wrapped(delegate.beginTransaction());
  }

  /** What the delegate honours: the transactions it begins reach the caller through {@link #wrapTransaction}. */
  @Override
  public boolean supports(Isolation isolation) {
    return delegate.supports(isolation);
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    return wrapped(delegate.beginTransaction(isolation));
  }

  private EngineTransaction wrapped(EngineTransaction transaction) {
    try {
      return wrapTransaction(transaction);
    } catch (RuntimeException | Error e) {
      closeAfter(transaction, e);
      throw e;
    }
  }

  // ---- administration ----

  @Override
  public void checkpoint(Path target) {
    delegate.checkpoint(target);
  }

  @Override
  public NativeBackups nativeBackups(Path directory) {
    return delegate.nativeBackups(directory);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void hint(EngineColumnFamily cf, Set<ColumnFamilyHint> hints) {
    delegate.hint(delegateFamily(cf), hints);
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    delegate.compact(delegateFamily(cf), range);
  }

  @Override
  public long warm(EngineColumnFamily cf, Bounds range) {
    return delegate.warm(delegateFamily(cf), range);
  }

  @Override
  public EngineStats stats() {
    return delegate.stats();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  private static void closeAfter(AutoCloseable handle, Throwable failure) {
    try {
      handle.close();
    } catch (Exception suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
