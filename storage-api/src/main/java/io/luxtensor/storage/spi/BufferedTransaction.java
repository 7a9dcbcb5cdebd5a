package io.luxtensor.storage.spi;

import io.luxtensor.storage.Isolation;

/**
 * The {@link EngineTransaction} of an engine that buffers a transaction's writes over a snapshot and
 * hands them over only at commit: reads and cursors lay the {@link TransactionWrites} buffer over the
 * snapshot, and the engine writes just the three steps that differ, reading the snapshot,
 * {@linkplain #apply applying} the buffered writes (validated against concurrent commits) and
 * {@linkplain #releaseSnapshot releasing} the snapshot.
 *
 * <p>Lifecycle: {@link #commit()} applies the writes, if any, and ends the transaction; {@link #rollback()}
 * and {@link #close()} end it without applying anything. Ending clears the buffer and releases the
 * snapshot exactly once, at the first of the three, so a committed transaction holds no snapshot until
 * its user closes it (the decorator closes the transaction's cursors before commit and rollback). Used
 * by one thread at a time, like every engine transaction.
 *
 * <p>At {@link Isolation#SERIALIZABLE} the transaction also records what it reads from the snapshot
 * (a {@link ReadSet}: point-read keys and cursor bounds), and the engine's {@link #apply} must call
 * {@link TransactionWrites#checkReads} with the latest committed state inside its conflict check; a
 * transaction that writes nothing is never applied, so never validated: it serializes at its snapshot.
 */
public abstract class BufferedTransaction implements EngineTransaction {

  private final TransactionWrites writes = new TransactionWrites();
  /** The reads to validate at commit, or null at snapshot isolation. */
  private final ReadSet reads;
  private boolean ended;

  /** A transaction at {@link Isolation#SNAPSHOT}. */
  protected BufferedTransaction() {
    this(Isolation.SNAPSHOT);
  }

  protected BufferedTransaction(Isolation isolation) {
    if (isolation == Isolation.SERIALIZABLE) {
      reads = new ReadSet();
      writes.validateReads(reads, new SnapshotReader());
    } else {
      reads = null;
    }
  }

  /** The value of {@code key} in the transaction's snapshot, or {@code null}. */
  protected abstract byte[] snapshotGet(EngineColumnFamily cf, byte[] key);

  /** A cursor on the transaction's snapshot, which the returned transaction cursor owns and closes. */
  protected abstract EngineCursor snapshotCursor(EngineColumnFamily cf, Bounds bounds);

  /**
   * Applies {@code writes} (never empty) atomically, or throws
   * {@link io.luxtensor.storage.TransactionConflictException} and applies nothing when another commit
   * wrote one of their keys after the snapshot was taken.
   */
  protected abstract void apply(TransactionWrites writes);

  /** Frees the snapshot; called once, when the transaction ends. */
  protected abstract void releaseSnapshot();

  @Override
  public final byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, reads == null ? this::snapshotGet : this::recordedSnapshotGet);
  }

  private byte[] recordedSnapshotGet(EngineColumnFamily cf, byte[] key) {
    reads.key(cf, key);
    return snapshotGet(cf, key);
  }

  @Override
  public final EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    if (reads != null) {
      reads.range(cf, bounds);
    }
    return writes.cursor(cf, snapshotCursor(cf, bounds));
  }

  @Override
  public final void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    writes.put(cf, key, value);
  }

  @Override
  public final void delete(EngineColumnFamily cf, byte[] key) {
    writes.delete(cf, key);
  }

  @Override
  public final void commit() {
    try {
      if (!writes.isEmpty()) {
        apply(writes);
      }
    } finally {
      end();
    }
  }

  @Override
  public final void rollback() {
    end();
  }

  @Override
  public final void close() {
    end();
  }

  /** The snapshot alone, without the transaction's writes: what the read set is validated against. */
  private final class SnapshotReader implements EngineReader {
    @Override
    public byte[] get(EngineColumnFamily cf, byte[] key) {
      return snapshotGet(cf, key);
    }

    @Override
    public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
      return snapshotCursor(cf, bounds);
    }
  }

  private void end() {
    writes.clear();
    if (!ended) {
      ended = true;
      releaseSnapshot();
    }
  }
}
