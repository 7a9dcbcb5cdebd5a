package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;

/**
 * For engines that implement {@link EngineTransaction} by buffering writes over a snapshot: the
 * transaction's writes per column family, in key order, with the reads and cursors that lay them over
 * the snapshot, and the batch that applies them. Keys and values are copied in.
 *
 * <p>Cursors share the buffer instead of copying it: every write carries the transaction's write
 * count at the time, and a cursor reads the newest write no later than its creation, so it never sees
 * the transaction's later writes. An overwritten value is kept only while a cursor opened after it
 * may still read it, so without cursors the buffer holds one entry per key, and a transaction that
 * alternates writes and cursor opens costs linear time and memory (bounded by the transaction's byte
 * limit). One thread at a time, like the transaction.
 */
public final class TransactionWrites {

  /** One buffered write: a value or {@link OverlayCursor#DELETED}, with the write it replaced. */
  private record Write(long sequence, byte[] value, Write older) {
    /** The newest write at or before {@code at}, or {@code null}. */
    Write visibleAt(long at) {
      Write w = this;
      while (w != null && w.sequence > at) {
        w = w.older;
      }
      return w;
    }
  }

  private final Map<EngineColumnFamily, ConcurrentSkipListMap<byte[], Write>> writes = new IdentityHashMap<>();
  private long sequence;
  /** The sequence the newest cursor reads at: writes newer than it are seen by no cursor. */
  private long newestCursor = -1;
  /** For serializable transactions: what they read, and the snapshot they read it from; else null. */
  private ReadSet reads;
  private EngineReader snapshot;

  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    buffer(cf, key, value.clone());
  }

  public void delete(EngineColumnFamily cf, byte[] key) {
    buffer(cf, key, OverlayCursor.DELETED);
  }

  private void buffer(EngineColumnFamily cf, byte[] key, byte[] value) {
    ConcurrentSkipListMap<byte[], Write> buffer = writes.computeIfAbsent(cf, f -> new ConcurrentSkipListMap<>(Keys.ORDER));
    Write head = buffer.get(key);
    // Keep the replaced write only if some cursor may read it; otherwise drop it.
    Write older = head == null ? null : head.sequence > newestCursor ? head.older : head;
    buffer.put(head == null ? key.clone() : key, new Write(++sequence, value, older));
  }

  /**
   * The transaction's view of {@code key}: its own write if it made one, else what {@code snapshotRead}
   * finds in the transaction's snapshot.
   */
  public byte[] get(EngineColumnFamily cf, byte[] key, BiFunction<EngineColumnFamily, byte[], byte[]> snapshotRead) {
    Map<byte[], Write> buffer = writes.get(cf);
    Write own = buffer == null ? null : buffer.get(key);
    if (own != null) {
      return own.value == OverlayCursor.DELETED ? null : own.value.clone();
    }
    return snapshotRead.apply(cf, key);
  }

  /**
   * The transaction's cursor: {@code base} (a cursor on its snapshot, now owned by the result) with the
   * writes to {@code cf} made so far laid over it; writes the transaction makes later stay unseen.
   * Costs O(1): nothing is copied.
   */
  public EngineCursor cursor(EngineColumnFamily cf, EngineCursor base) {
    ConcurrentSkipListMap<byte[], Write> buffer = writes.get(cf);
    if (buffer == null || buffer.isEmpty()) {
      return base;
    }
    newestCursor = sequence;
    return new OverlayCursor(base, new VersionedOverlay(buffer, sequence));
  }

  /** The latest write per key per column family, values or {@link OverlayCursor#DELETED}; a new map. */
  public Map<EngineColumnFamily, NavigableMap<byte[], byte[]>> byColumnFamily() {
    Map<EngineColumnFamily, NavigableMap<byte[], byte[]>> latest = new IdentityHashMap<>();
    writes.forEach((cf, buffer) -> {
      NavigableMap<byte[], byte[]> values = new TreeMap<>(Keys.ORDER);
      buffer.forEach((key, write) -> values.put(key, write.value));
      latest.put(cf, values);
    });
    return Collections.unmodifiableMap(latest);
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public void clear() {
    writes.clear();
    newestCursor = -1;
    if (reads != null) {
      reads.clear();
    }
  }

  /** Makes {@link #checkReads} validate {@code reads}, made from {@code snapshot}, at commit. */
  void validateReads(ReadSet reads, EngineReader snapshot) {
    this.reads = reads;
    this.snapshot = snapshot;
  }

  /** Whether {@link #checkReads} checks anything: the transaction is serializable. */
  public boolean validatesReads() {
    return reads != null;
  }

  /**
   * For a serializable transaction, throws {@link io.luxtensor.storage.TransactionConflictException}
   * when {@code latest} (the committed state the writes would go over) changed what the transaction
   * read; a no-op at snapshot isolation. Engines call it in their conflict check, under the lock that
   * keeps other commits out until the writes are applied.
   */
  public void checkReads(EngineReader latest) {
    if (reads != null) {
      reads.validate(snapshot, latest);
    }
  }

  /** The latest writes as one batch, for {@link StorageEngine#write}-style application. */
  public EngineBatch asBatch() {
    return new EngineBatch() {
      @Override
      public int size() {
        return writes.values().stream().mapToInt(Map::size).sum();
      }

      @Override
      public void forEach(Handler handler) {
        writes.forEach((cf, buffer) -> buffer.forEach((key, write) -> {
          if (write.value == OverlayCursor.DELETED) {
            handler.delete(cf, key);
          } else {
            handler.put(cf, key, write.value);
          }
        }));
      }
    };
  }

  /** The buffer of one column family as a cursor created at {@code at} sees it. */
  private record VersionedOverlay(ConcurrentSkipListMap<byte[], Write> buffer, long at) implements OverlayCursor.Overlay {

    @Override
    public Map.Entry<byte[], byte[]> ceiling(byte[] key) {
      return visibleFrom(buffer.ceilingEntry(key), true);
    }

    @Override
    public Map.Entry<byte[], byte[]> higher(byte[] key) {
      return visibleFrom(buffer.higherEntry(key), true);
    }

    @Override
    public Map.Entry<byte[], byte[]> floor(byte[] key) {
      return visibleFrom(buffer.floorEntry(key), false);
    }

    @Override
    public Map.Entry<byte[], byte[]> lower(byte[] key) {
      return visibleFrom(buffer.lowerEntry(key), false);
    }

    @Override
    public Map.Entry<byte[], byte[]> first() {
      return visibleFrom(buffer.firstEntry(), true);
    }

    @Override
    public Map.Entry<byte[], byte[]> last() {
      return visibleFrom(buffer.lastEntry(), false);
    }

    /** The first entry from {@code entry} on (in the given direction) with a write visible at {@link #at}. */
    private Map.Entry<byte[], byte[]> visibleFrom(Map.Entry<byte[], Write> entry, boolean up) {
      while (entry != null) {
        Write visible = entry.getValue().visibleAt(at);
        if (visible != null) {
          return new SimpleImmutableEntry<>(entry.getKey(), visible.value);
        }
        entry = up ? buffer.higherEntry(entry.getKey()) : buffer.lowerEntry(entry.getKey());
      }
      return null;
    }
  }
}
