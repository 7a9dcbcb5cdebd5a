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
 * A snapshot: one LMDB read transaction, held until close. LMDB lets a read transaction be used
 * from several threads only with external synchronization, so reads and the snapshot's cursors lock
 * the snapshot. A column family created after the snapshot reads as empty, as it was when the
 * snapshot was taken. The snapshot's one key buffer serves its gets and, under the same lock, the
 * seeks of its cursors; its {@link LookupCursors} serve its gets.
 */
final class LmdbSnapshot implements EngineSnapshot {

  private final LmdbEngine engine;
  private final Txn<ByteBuffer> txn;
  private final long generation;
  private final ByteBuffer key = Buffers.newKeyBuffer();
  private final LookupCursors lookups = new LookupCursors();
  private final long txnId;

  LmdbSnapshot(LmdbEngine engine, Txn<ByteBuffer> txn, long generation) {
    this.engine = engine;
    this.txn = txn;
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

  @Override
  public synchronized void close() {
    try {
      try {
        lookups.close();
      } finally {
        txn.close();
      }
    } catch (RuntimeException e) {
      throw engine.error(e, "closing a snapshot");
    }
  }

  private boolean sees(LmdbColumnFamily family) {
    return family.generation() <= generation;
  }
}
