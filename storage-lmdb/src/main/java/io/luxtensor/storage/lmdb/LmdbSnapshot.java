package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Txn;

/**
 * A snapshot: one LMDB read transaction, held until close. The transaction is a pooled
 * {@link LmdbReaders.Reader}, renewed rather than begun, and given back to the pool on close, so that
 * a short snapshot costs about what one read does: no reader slot taken under LMDB's mutex, no key
 * buffer allocated, no lookup cursor opened. LMDB lets a read transaction be used from several threads
 * only with external synchronization, so reads and the snapshot's cursors lock the snapshot. A column
 * family created after the snapshot reads as empty, as it was when the snapshot was taken. The
 * reader's one key buffer serves the snapshot's gets and, under the same lock, the seeks of its
 * cursors; its {@link LookupCursors} serve its gets.
 */
final class LmdbSnapshot implements EngineSnapshot {

  private final LmdbEngine engine;
  private final LmdbReaders.Reader reader;
  private final Txn<ByteBuffer> txn;
  private final long generation;
  private final ByteBuffer key;
  private final LookupCursors lookups;
  private final long txnId;

  /** Takes over {@code reader}, acquired from the engine's pool, and gives it back on close. */
  LmdbSnapshot(LmdbEngine engine, LmdbReaders.Reader reader, long generation) {
    this.engine = engine;
    this.reader = reader;
    this.txn = reader.txn;
    this.key = reader.key;
    this.lookups = reader.lookups;
    this.generation = generation;
    this.txnId = txn.getId();
  }

  /** The id of the last commit the snapshot sees. */
  long txnId() {
    return txnId;
  }

  /**
   * A read for a committing transaction, which holds a map stamp already and has closed this snapshot's
   * cursors; {@code family} is live (the caller holds the writer lock).
   */
  synchronized byte[] readForCommit(LmdbColumnFamily family, byte[] k) {
    return sees(family) ? LmdbEngine.readValue(family, txn, key, lookups, k) : null;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] k) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    if (!sees(family)) {
      return null;
    }
    synchronized (this) {
      return engine.get(family, txn, key, lookups, k);
    }
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      values.add(get(cf, k));
    }
    return values;
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    synchronized (this) {
      return engine.cursor(family, txn, this, key, sees(family), () -> { });
    }
  }

  /** Gives the transaction back to the pool; the decorator has closed the snapshot's cursors. */
  @Override
  public synchronized void close() {
    engine.releaseReader(reader, "closing a snapshot");
  }

  private boolean sees(LmdbColumnFamily family) {
    return family.generation() <= generation;
  }
}
