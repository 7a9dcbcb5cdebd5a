package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded LRU cache of values read from an engine's live data (never from snapshots or
 * transactions), kept coherent with every write by {@link CachingEngine}. Thread-safe: the entries
 * are split into 16 segments by key hash, each under its own lock.
 *
 * <p>Coherence: a writer {@linkplain #beginWrite announces} each key before the engine write (the
 * entry is removed and its segment marked as written to) and {@linkplain #endWrite retires} it after
 * (the segment's generation moves on). A read that misses loads from the engine and stores what it
 * loaded only if its segment saw no write begin or end in between. So an entry is never older than
 * the last completed write of its key, and while a write is under way its keys are read from the
 * engine, which makes a batch appear at once to cached readers as it does to uncached ones. A range
 * delete or a dropped column family announces every segment and removes the family's entries in
 * the range.
 *
 * <p>Absent keys are cached too (a lookup of a missing account is as hot as a present one). Values
 * are copied in and out, so neither the engine's nor the caller's arrays are shared.
 */
public final class ReadCache {

  /** Bytes an entry costs beyond its key and value: map node, key wrapper, two array headers. */
  static final int ENTRY_OVERHEAD = 112;
  private static final int SEGMENTS = 16;
  private static final byte[] ABSENT = new byte[0];

  private final Segment[] segments = new Segment[SEGMENTS];
  private final long capacityBytes;

  /** A cache holding at most about {@code capacityBytes} of keys, values and per-entry overhead. */
  public ReadCache(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("read cache capacity must be positive, was " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment(Math.max(1, capacityBytes / SEGMENTS));
    }
  }

  /** The configured capacity in bytes. */
  public long capacityBytes() {
    return capacityBytes;
  }

  /**
   * The value of {@code key} in {@code cf}: from the cache, or from {@code loader} (the engine's live
   * read), which is then cached unless a write to the segment began or ended meanwhile.
   */
  public byte[] get(EngineColumnFamily cf, byte[] key, Supplier<byte[]> loader) {
    Key probe = new Key(cf, key);
    Segment segment = segment(probe);
    long generation;
    synchronized (segment) {
      byte[] cached = segment.entries.get(probe);
      if (cached != null) {
        segment.hits++;
        return cached == ABSENT ? null : cached.clone();
      }
      segment.misses++;
      generation = segment.writing > 0 ? -1 : segment.generation;
    }
    byte[] value = loader.get();
    if (generation >= 0) {
      synchronized (segment) {
        if (segment.writing == 0 && segment.generation == generation) {
          segment.insert(new Key(cf, key.clone()), value == null ? ABSENT : value.clone());
        }
      }
    }
    return value;
  }

  /** Announces a write of {@code key}: drops its entry and keeps the segment's reads uncached until {@link #endWrite}. */
  public void beginWrite(EngineColumnFamily cf, byte[] key) {
    Key probe = new Key(cf, key);
    Segment segment = segment(probe);
    synchronized (segment) {
      segment.writing++;
      segment.remove(probe);
    }
  }

  /** Retires a write announced by {@link #beginWrite}, whether it succeeded or failed. */
  public void endWrite(EngineColumnFamily cf, byte[] key) {
    Segment segment = segment(new Key(cf, key));
    synchronized (segment) {
      segment.writing--;
      segment.generation++;
    }
  }

  /**
   * Announces a write of every key of {@code cf} in {@code [from, to)} ({@code to} {@code null} for
   * no upper bound, {@code from} {@code null} for no lower bound: the whole family, as a drop).
   */
  public void beginRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    for (Segment segment : segments) {
      synchronized (segment) {
        segment.writing++;
        segment.removeRange(cf, from, to);
      }
    }
  }

  /** Retires a range write announced by {@link #beginRange}. */
  public void endRange() {
    for (Segment segment : segments) {
      synchronized (segment) {
        segment.writing--;
        segment.generation++;
      }
    }
  }

  /** Drops every entry. */
  public void clear() {
    for (Segment segment : segments) {
      synchronized (segment) {
        segment.entries.clear();
        segment.bytes = 0;
      }
    }
  }

  /** Hits, misses, entries and bytes held, summed over the segments. */
  public Counters counters() {
    long hits = 0;
    long misses = 0;
    long entries = 0;
    long bytes = 0;
    for (Segment segment : segments) {
      synchronized (segment) {
        hits += segment.hits;
        misses += segment.misses;
        entries += segment.entries.size();
        bytes += segment.bytes;
      }
    }
    return new Counters(hits, misses, entries, bytes);
  }

  /**
   * The cache's counters at one moment.
   *
   * @param hits reads answered from the cache
   * @param misses reads that went to the engine
   * @param entries entries held
   * @param bytes bytes held, keys, values and overhead
   */
  public record Counters(long hits, long misses, long entries, long bytes) {}

  private Segment segment(Key key) {
    int h = key.hash;
    return segments[(h ^ (h >>> 16)) & (SEGMENTS - 1)];
  }

  /** One lock's share of the entries, in access order for LRU eviction. */
  private static final class Segment {
    final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    final long capacity;
    long bytes;
    /** Writes announced and not yet retired. */
    int writing;
    /** Moves on with every retired write, so a load that raced one is not stored. */
    long generation;
    long hits;
    long misses;

    Segment(long capacity) {
      this.capacity = capacity;
    }

    void insert(Key key, byte[] value) {
      long size = cost(key, value);
      if (size > capacity) {
        return; // larger than the whole segment: caching it would evict everything for one entry
      }
      byte[] previous = entries.put(key, value);
      bytes += size - (previous == null ? 0 : cost(key, previous));
      Iterator<Map.Entry<Key, byte[]>> eldest = entries.entrySet().iterator();
      while (bytes > capacity && eldest.hasNext()) {
        Map.Entry<Key, byte[]> entry = eldest.next();
        bytes -= cost(entry.getKey(), entry.getValue());
        eldest.remove();
      }
    }

    void remove(Key key) {
      byte[] previous = entries.remove(key);
      if (previous != null) {
        bytes -= cost(key, previous);
      }
    }

    void removeRange(EngineColumnFamily cf, byte[] from, byte[] to) {
      Iterator<Map.Entry<Key, byte[]>> it = entries.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Key, byte[]> entry = it.next();
        Key key = entry.getKey();
        if (key.cf == cf && (from == null || Keys.compare(key.bytes, from) >= 0)
            && (to == null || Keys.compare(key.bytes, to) < 0)) {
          bytes -= cost(key, entry.getValue());
          it.remove();
        }
      }
    }

    private static long cost(Key key, byte[] value) {
      return key.bytes.length + (long) value.length + ENTRY_OVERHEAD;
    }
  }

  /** A column family (by identity: a recreated family is another one) and a key's bytes. */
  private static final class Key {
    final EngineColumnFamily cf;
    final byte[] bytes;
    final int hash;

    Key(EngineColumnFamily cf, byte[] bytes) {
      this.cf = cf;
      this.bytes = bytes;
      this.hash = 31 * System.identityHashCode(cf) + Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && other.cf == cf && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
