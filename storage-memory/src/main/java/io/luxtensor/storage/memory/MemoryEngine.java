package io.luxtensor.storage.memory;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.TransactionWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory engine. Multi-version concurrency control: every write batch gets the next sequence
 * number and adds a {@link Version} to each key it touches; readers read at a sequence and see the
 * newest version at or below it. Writers are serialised by one lock and publish their sequence only
 * after every version is in place, which makes batches atomic to every reader. A snapshot is a
 * registered sequence number: O(1), no copying. Versions no registered reader can see are pruned when
 * their key is written again, and by {@link #compact}.
 */
final class MemoryEngine implements StorageEngine {

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, MemoryColumnFamily> families = new ConcurrentHashMap<>();
  final ReaderRegistry readers = new ReaderRegistry();
  private volatile long visibleSeq;

  MemoryEngine(List<String> columnFamilies) {
    for (String name : columnFamilies) {
      families.put(name, new MemoryColumnFamily(name));
    }
  }

  long visibleSeq() {
    return visibleSeq;
  }

  long registerReader() {
    return readers.register(this::visibleSeq);
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    return new ArrayList<>(families.values());
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    writeLock.lock();
    try {
      MemoryColumnFamily cf = new MemoryColumnFamily(name);
      families.put(name, cf);
      return cf;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    writeLock.lock();
    try {
      MemoryColumnFamily family = (MemoryColumnFamily) cf;
      family.dropped = true;
      families.remove(family.name(), family);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    Version head = ((MemoryColumnFamily) cf).data.get(key);
    // Read the sequence after the chain: the chain then holds every version up to it (see class doc).
    byte[] value = head == null ? null : head.valueAt(visibleSeq);
    return value == null ? null : value.clone();
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    long seq = registerReader();
    try {
      return readAt((MemoryColumnFamily) cf, keys, seq);
    } finally {
      readers.release(seq);
    }
  }

  static List<byte[]> readAt(MemoryColumnFamily cf, List<byte[]> keys, long seq) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(readAt(cf, key, seq));
    }
    return values;
  }

  static byte[] readAt(MemoryColumnFamily cf, byte[] key, long seq) {
    Version head = cf.data.get(key);
    byte[] value = head == null ? null : head.valueAt(seq);
    return value == null ? null : value.clone();
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    long seq = registerReader();
    return new MemoryCursor((MemoryColumnFamily) cf, seq, () -> readers.release(seq));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    writeLock.lock();
    try {
      MemoryColumnFamily family = live(cf);
      long seq = visibleSeq + 1;
      putVersion(family, key.clone(), value.clone(), seq, readers.oldest(visibleSeq));
      visibleSeq = seq;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    writeLock.lock();
    try {
      MemoryColumnFamily family = live(cf);
      long seq = visibleSeq + 1;
      deleteVersion(family, key, seq, readers.oldest(visibleSeq));
      visibleSeq = seq;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void write(EngineBatch batch, WriteOptions options) {
    writeLock.lock();
    try {
      batch.columnFamilies().forEach(MemoryEngine::live); // all first: a dropped one fails the batch whole
      applyLocked(batch);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Applies a transaction's writes if none of its keys changed after {@code startSeq} (and, for a
   * serializable one, nothing it read: that fails with a conflict exception); called by
   * {@link MemoryTransaction#commit()}.
   *
   * @return whether it committed
   */
  boolean commitIfUnchanged(TransactionWrites writes, long startSeq) {
    writeLock.lock();
    try {
      for (var entry : writes.byColumnFamily().entrySet()) {
        MemoryColumnFamily family = live(entry.getKey());
        for (byte[] key : entry.getValue().keySet()) {
          Version head = family.data.get(key);
          if (head != null && head.seq() > startSeq) {
            return false;
          }
        }
      }
      // Under the write lock the live view is the latest committed state, and stays so until applied.
      writes.checkReads(this);
      applyLocked(writes.asBatch());
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  /** Stamps every operation with the next sequence number, then publishes it; under the write lock. */
  private void applyLocked(EngineBatch batch) {
    long seq = visibleSeq + 1;
    long oldest = readers.oldest(visibleSeq);
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        putVersion((MemoryColumnFamily) cf, key.clone(), value.clone(), seq, oldest);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        deleteVersion((MemoryColumnFamily) cf, key, seq, oldest);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        MemoryColumnFamily family = (MemoryColumnFamily) cf;
        for (byte[] key : new ArrayList<>((to == null ? family.data.tailMap(from) : family.data.subMap(from, to)).keySet())) {
          deleteVersion(family, key, seq, oldest);
        }
      }
    });
    visibleSeq = seq;
  }

  private static void putVersion(MemoryColumnFamily cf, byte[] key, byte[] value, long seq, long oldest) {
    Version head = cf.data.get(key);
    cf.data.put(key, new Version(seq, value, head == null ? null : head.prune(oldest)));
  }

  private static void deleteVersion(MemoryColumnFamily cf, byte[] key, long seq, long oldest) {
    Version head = cf.data.get(key);
    if (head == null) {
      return;
    }
    Version older = head.prune(oldest);
    if (older == null) {
      cf.data.remove(key, head); // absent for every reader already
    } else if (older.value() != null || older.older() != null) {
      cf.data.put(key, new Version(seq, null, older));
    }
  }

  private static MemoryColumnFamily live(EngineColumnFamily cf) {
    MemoryColumnFamily family = (MemoryColumnFamily) cf;
    if (family.dropped) {
      throw new UnknownColumnFamilyException(family.name(), "column family \"" + family.name()
          + "\" was dropped; nothing of the write was applied");
    }
    return family;
  }

  @Override
  public EngineSnapshot snapshot() {
    return new MemorySnapshot(this, registerReader());
  }

  @Override
  public EngineTransaction beginTransaction() {
    return new MemoryTransaction(this, registerReader(), Isolation.SNAPSHOT);
  }

  @Override
  public boolean supports(Isolation isolation) {
    return true;
  }

  @Override
  public EngineTransaction beginTransaction(Isolation isolation) {
    return new MemoryTransaction(this, registerReader(), isolation);
  }

  @Override
  public void flush() {
    // nothing to make durable: the engine keeps no files
  }

  /** Drops every version no reader can see, in the range: deleted keys leave the map. */
  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    writeLock.lock();
    try {
      MemoryColumnFamily family = (MemoryColumnFamily) cf;
      long oldest = readers.oldest(visibleSeq);
      var view = range.lower() == null && range.upper() == null ? family.data
          : range.lower() == null ? family.data.headMap(range.upper())
          : range.upper() == null ? family.data.tailMap(range.lower())
          : family.data.subMap(range.lower(), range.upper());
      for (var entry : view.entrySet()) {
        Version pruned = entry.getValue().prune(oldest);
        if (pruned == null) {
          family.data.remove(entry.getKey(), entry.getValue());
        } else if (pruned != entry.getValue()) {
          family.data.replace(entry.getKey(), entry.getValue(), pruned);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public EngineStats stats() {
    long bytes = 0;
    for (MemoryColumnFamily cf : families.values()) {
      for (var entry : cf.data.entrySet()) {
        for (Version v = entry.getValue(); v != null; v = v.older()) {
          bytes += entry.getKey().length + (v.value() == null ? 0 : v.value().length);
        }
      }
    }
    return new EngineStats(0, bytes, Double.NaN, 0, Map.of("memory.readers", (long) readers.size(),
        "memory.sequence", visibleSeq));
  }

  @Override
  public void close() {
    families.values().forEach(cf -> cf.data.clear());
    families.clear();
  }
}
