package io.luxtensor.storage.lmdb;

import static org.lmdbjava.GetOp.MDB_SET_RANGE;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * Applies batch operations inside one write transaction. Keys and values are copied into direct
 * buffers LMDB reads from; LMDB copies them into its pages during the call, so the buffers are reused.
 * Used only under the engine's writer lock, which is why it can own one set of buffers.
 */
final class LmdbWriter implements EngineBatch.Handler {

  /** Values up to this size reuse the writer's buffer; larger ones get a buffer of their own. */
  private static final int MAX_RETAINED_VALUE = 1 << 20;

  private final ByteBuffer key = Buffers.newKeyBuffer();
  private ByteBuffer value = ByteBuffer.allocateDirect(4096);
  private Txn<ByteBuffer> txn;

  /** Directs the following operations into {@code writeTxn}. */
  void begin(Txn<ByteBuffer> writeTxn) {
    this.txn = writeTxn;
  }

  void end() {
    this.txn = null;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] k, byte[] v) {
    live(cf).dbi().put(txn, Buffers.fill(key, k), valueBuffer(v));
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] k) {
    live(cf).dbi().delete(txn, Buffers.fill(key, k));
  }

  /**
   * Deletes {@code [from, to)} by a cursor walk. After each delete the cursor seeks {@code from}
   * again, which lands on the smallest key left: simpler to trust than LMDB's position after a
   * delete at a page boundary, and the pages are hot.
   */
  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    LmdbColumnFamily family = live(cf);
    try (Cursor<ByteBuffer> cursor = family.dbi().openCursor(txn)) {
      while (cursor.get(Buffers.fill(key, from), MDB_SET_RANGE)) {
        if (to != null && Buffers.compare(cursor.key(), to) >= 0) {
          return;
        }
        cursor.delete();
      }
    }
  }

  private static LmdbColumnFamily live(EngineColumnFamily cf) {
    LmdbColumnFamily family = (LmdbColumnFamily) cf;
    family.checkLive();
    return family;
  }

  private ByteBuffer valueBuffer(byte[] v) {
    if (v.length > MAX_RETAINED_VALUE) {
      return Buffers.fill(ByteBuffer.allocateDirect(v.length), v);
    }
    if (v.length > value.capacity()) {
      value = ByteBuffer.allocateDirect(Math.min(MAX_RETAINED_VALUE, Math.max(v.length, value.capacity() * 2)));
    }
    return Buffers.fill(value, v);
  }
}
