package io.luxtensor.storage.lmdb;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * Cursors kept for the point lookups of one pooled read transaction, one per column family, so that a
 * get ({@link Seeks#get}, which needs a cursor to check the neighbours of a miss) does not open and
 * free a native cursor each time; an iterator on the live store, which holds the reader alone until it
 * closes, moves the same cursor. LMDB lets a read-only cursor outlive its transaction's reset and be
 * renewed for the next one; a renewed cursor also drops page addresses a remap made stale, so each use
 * renews.
 *
 * <p>Owned by one pooled reader ({@link LmdbReaders.Reader}, also behind a snapshot) and used under its
 * discipline (one thread at a time); {@link #close()} runs before the transaction closes.
 */
final class LookupCursors implements AutoCloseable {

  private final Map<LmdbColumnFamily, Cursor<ByteBuffer>> cursors = new IdentityHashMap<>();

  /** A cursor on {@code family} ready in {@code txn}, which must be the transaction of every earlier call. */
  Cursor<ByteBuffer> on(LmdbColumnFamily family, Txn<ByteBuffer> txn) {
    Cursor<ByteBuffer> cursor = cursors.get(family);
    if (cursor != null) {
      cursor.renew(txn);
      return cursor;
    }
    dropStale();
    cursor = family.dbi().openCursor(txn);
    cursors.put(family, cursor);
    return cursor;
  }

  /** Frees the cursors of dropped families; LMDB reuses a dropped database's handle for the next one. */
  private void dropStale() {
    for (Iterator<Map.Entry<LmdbColumnFamily, Cursor<ByteBuffer>>> it = cursors.entrySet().iterator(); it.hasNext();) {
      Map.Entry<LmdbColumnFamily, Cursor<ByteBuffer>> entry = it.next();
      if (entry.getKey().isDropped()) {
        Cursor<ByteBuffer> stale = entry.getValue(); // an IdentityHashMap entry is unreadable once removed
        it.remove();
        stale.close();
      }
    }
  }

  /** Frees every cursor; each is closed even when another's close fails, the first failure is thrown. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Cursor<ByteBuffer> cursor : cursors.values()) {
      try {
        cursor.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    cursors.clear();
    if (first != null) {
      throw first;
    }
  }
}
