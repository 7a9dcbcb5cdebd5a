package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * Applies batch operations inside one write transaction. Keys and values (in their checksummed
 * {@link StoredValue} form) are copied into direct buffers LMDB reads from; LMDB copies them into its
 * pages during the call, so the buffers are reused.
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
    live(cf).dbi().put(txn, Buffers.fill(key, k), StoredValue.seal(k, v, valueBuffer(StoredValue.storedSize(v.length))));
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] k) {
    live(cf).dbi().delete(txn, Buffers.fill(key, k));
  }

  /**
   * Deletes {@code [from, to)} ({@code to == null}: to the end) by a cursor walk. After each delete
   * the cursor seeks {@code from} again, which lands on the smallest key left: simpler to trust than
   * LMDB's position after a delete at a page boundary, and the pages are hot. Either bound may be
   * empty or longer than a key ({@link Seeks}).
   */
  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    LmdbColumnFamily family = live(cf);
    try (Cursor<ByteBuffer> cursor = family.dbi().openCursor(txn)) {
      while (Seeks.ceiling(cursor, key, from, family.check())) {
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

  /** A direct buffer of at least {@code size} bytes for one stored value. */
  private ByteBuffer valueBuffer(int size) {
    if (size > MAX_RETAINED_VALUE) {
      return ByteBuffer.allocateDirect(size);
    }
    if (size > value.capacity()) {
      value = ByteBuffer.allocateDirect(Math.min(MAX_RETAINED_VALUE, Math.max(size, value.capacity() * 2)));
    }
    return value;
  }
}
