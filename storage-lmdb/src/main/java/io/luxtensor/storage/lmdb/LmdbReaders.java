package io.luxtensor.storage.lmdb;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * A pool of read transactions for reads on the live store, its iterators and snapshots. Beginning a
 * transaction takes a reader slot under LMDB's process-shared mutex and sets up its cursors; renewing
 * a reset one does neither, so every reader renews a pooled transaction and resets it afterwards. With
 * {@code MDB_NOTLS} a reset transaction keeps its slot, so at most {@link #MAX_IDLE} idle readers are
 * kept: beyond that a released reader is freed, giving its slot back to other readers and processes.
 */
final class LmdbReaders {

  /** A pooled read transaction with a key buffer and cursors for its lookups; used by one thread at a time. */
  static final class Reader {
    final Txn<ByteBuffer> txn;
    final ByteBuffer key = Buffers.newKeyBuffer();
    final LookupCursors lookups = new LookupCursors();

    private Reader(Txn<ByteBuffer> txn) {
      this.txn = txn;
    }

    /** Frees the reader's cursors, then its transaction. */
    private void close() {
      try {
        lookups.close();
      } finally {
        txn.close();
      }
    }
  }

  /** Idle readers kept for reuse: enough for the threads of a busy process, few of LMDB's reader slots. */
  static final int MAX_IDLE = 16;

  private final Env<ByteBuffer> env;
  private final Queue<Reader> idle = new ConcurrentLinkedQueue<>();
  /** The size of {@code idle}, which a concurrent queue counts only by walking it. */
  private final AtomicInteger idleCount = new AtomicInteger();
  private final Queue<Reader> all = new ConcurrentLinkedQueue<>();

  LmdbReaders(Env<ByteBuffer> env) {
    this.env = env;
  }

  /** A ready read transaction seeing the latest commit. Called with a map stamp held. */
  Reader acquire() {
    Reader reader = idle.poll();
    if (reader == null) {
      reader = new Reader(env.txnRead());
      all.add(reader);
      return reader;
    }
    idleCount.decrementAndGet();
    try {
      reader.txn.renew();
    } catch (LmdbException e) {
      all.remove(reader);
      reader.close();
      throw e;
    }
    return reader;
  }

  /** Returns a reader acquired from this pool; its transaction ends here. */
  void release(Reader reader) {
    if (idleCount.incrementAndGet() > MAX_IDLE) {
      idleCount.decrementAndGet();
      all.remove(reader);
      reader.close(); // aborts the transaction, which is still active: its slot is free again
      return;
    }
    try {
      reader.txn.reset();
    } catch (LmdbException e) {
      idleCount.decrementAndGet();
      all.remove(reader);
      reader.close();
      throw e;
    }
    idle.add(reader);
  }

  /**
   * Frees every pooled transaction; called once, when no reader is in use. lmdbjava's {@code close()}
   * does not abort a reset transaction, so each is renewed first to be aborted, which frees its slot
   * and its memory.
   */
  void close() {
    LmdbException first = null;
    Reader reader;
    while ((reader = all.poll()) != null) {
      try {
        reader.txn.renew();
      } catch (LmdbException e) {
        first = first == null ? e : first;
      } finally {
        reader.close();
      }
    }
    idle.clear();
    idleCount.set(0);
    if (first != null) {
      throw first;
    }
  }
}
