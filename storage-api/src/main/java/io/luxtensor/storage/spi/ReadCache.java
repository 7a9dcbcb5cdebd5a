package io.luxtensor.storage.spi;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A bounded cache of values read from an engine's live data (never from snapshots or transactions),
 * kept coherent with every write by {@link CachingEngine}. Thread-safe.
 *
 * <p>A hit takes no lock: it is one {@link ConcurrentHashMap} lookup, a mark on the entry and a copy
 * of the value. Everything that changes the cache (storing a loaded value, evicting, announcing and
 * retiring writes) happens under the lock of one of 16 segments, chosen by key hash; a segment owns
 * its keys' entries, their bytes and their eviction order.
 *
 * <p>Coherence: a writer {@linkplain #beginWrite announces} each key before the engine write (the
 * entry is removed and its segment marked as written to) and {@linkplain #endWrite retires} it after
 * (the segment's generation moves on). A read that misses loads from the engine and stores what it
 * loaded only if its segment saw no write begin or end in between; the check and the store are one
 * step under the segment's lock, which the announcement takes too. So an entry is never older than
 * the last completed write of its key, and while a write is under way its keys are read from the
 * engine, which makes a batch appear at once to cached readers as it does to uncached ones. A hit
 * that found the entry just before a write removed it returns the value from before that write, as
 * a read that ran just before the write would. A range delete or a dropped column family announces
 * every segment and removes the family's entries in the range.
 *
 * <p>Eviction is CLOCK (second chance), per segment: entries queue in insertion order, a hit marks
 * its entry, and when the segment is over its share of the capacity the oldest entry is evicted if
 * unmarked, or unmarked and queued again. Hot entries therefore stay, as under LRU, without a hit
 * having to reorder a list under a lock.
 *
 * <p>Admission: while a segment has room, every loaded value is stored. Once it is full, a key is
 * stored only on its second miss within a while (TinyLFU's doorkeeper: a small Bloom filter of
 * recently missed keys, cleared after as many first misses as the segment holds entries). Random reads
 * over a data set far larger than the cache then cost a lookup and no insert, eviction or garbage,
 * instead of churning the cache with keys that are not read again; a key read twice gets in.
 *
 * <p>Absent keys are cached too (a lookup of a missing account is as hot as a present one). Values
 * are copied in and out, so neither the engine's nor the caller's arrays are shared.
 */
public final class ReadCache {

  /**
   * Bytes an entry costs beyond its key and value bytes (compressed references): map node 32, entry
   * 32, array header 16, its slots in the map's table and the eviction queue about 16.
   */
  static final int ENTRY_OVERHEAD = 96;
  private static final int SEGMENTS = 16;
  /** Bytes assumed per entry when sizing a segment's doorkeeper: a small key and value plus the overhead. */
  private static final int DOORKEEPER_ENTRY_ESTIMATE = 2 * ENTRY_OVERHEAD;

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Segment[] segments = new Segment[SEGMENTS];
  private final long capacityBytes;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

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
    Key probe = new Key(cf, key, key.length);
    Entry cached = entries.get(probe);
    if (cached != null) {
      if (!cached.referenced) {
        cached.referenced = true; // written only when clear, so hot entries' cache lines stay shared
      }
      hits.increment();
      return cached.value();
    }
    misses.increment();
    Segment segment = segment(probe);
    long generation;
    synchronized (segment) {
      generation = segment.writing > 0 || !segment.admits(probe.hash) ? -1 : segment.generation;
    }
    byte[] value = loader.get();
    if (generation >= 0) {
      synchronized (segment) {
        if (segment.writing == 0 && segment.generation == generation) {
          segment.insert(new Entry(cf, key, value));
        }
      }
    }
    return value;
  }

  /** Announces a write of {@code key}: drops its entry and keeps the segment's reads uncached until {@link #endWrite}. */
  public void beginWrite(EngineColumnFamily cf, byte[] key) {
    Key probe = new Key(cf, key, key.length);
    Segment segment = segment(probe);
    synchronized (segment) {
      segment.writing++;
      segment.remove(probe);
    }
  }

  /** Retires a write announced by {@link #beginWrite}, whether it succeeded or failed. */
  public void endWrite(EngineColumnFamily cf, byte[] key) {
    Segment segment = segment(new Key(cf, key, key.length));
    synchronized (segment) {
      segment.writing--;
      segment.generation++;
    }
  }

  /**
   * Announces writes of {@code keys}, each of the family at the same index of {@code families}: what
   * {@link #beginWrite} does for each, taking each segment's lock once for all its keys. Retire them
   * with {@link #endWrites} on what this returns.
   */
  public AnnouncedWrites beginWrites(List<EngineColumnFamily> families, List<byte[]> keys) {
    int count = keys.size();
    Key[] probes = new Key[count];
    int[] perSegment = new int[SEGMENTS + 1];
    int[] segmentOf = new int[count];
    for (int i = 0; i < count; i++) {
      byte[] key = keys.get(i);
      probes[i] = new Key(families.get(i), key, key.length);
      segmentOf[i] = segmentIndex(probes[i]);
      perSegment[segmentOf[i] + 1]++;
    }
    for (int s = 0; s < SEGMENTS; s++) {
      perSegment[s + 1] += perSegment[s]; // now the start of each segment's run in the sorted order
    }
    Key[] bySegment = new Key[count];
    int[] next = Arrays.copyOf(perSegment, SEGMENTS);
    for (int i = 0; i < count; i++) {
      bySegment[next[segmentOf[i]]++] = probes[i];
    }
    int[] announced = new int[SEGMENTS];
    for (int s = 0; s < SEGMENTS; s++) {
      int from = perSegment[s];
      int to = perSegment[s + 1];
      if (from == to) {
        continue;
      }
      Segment segment = segments[s];
      synchronized (segment) {
        segment.writing += to - from;
        for (int i = from; i < to; i++) {
          segment.remove(bySegment[i]);
        }
      }
      announced[s] = to - from;
    }
    return new AnnouncedWrites(announced);
  }

  /** Retires writes announced by {@link #beginWrites}, whether they succeeded or failed. */
  public void endWrites(AnnouncedWrites writes) {
    for (int s = 0; s < SEGMENTS; s++) {
      if (writes.perSegment[s] > 0) {
        Segment segment = segments[s];
        synchronized (segment) {
          segment.writing -= writes.perSegment[s];
          segment.generation++;
        }
      }
    }
  }

  /** Writes announced together by {@link #beginWrites}: how many in each segment. */
  public static final class AnnouncedWrites {
    private final int[] perSegment;

    private AnnouncedWrites(int[] perSegment) {
      this.perSegment = perSegment;
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
        segment.clear();
      }
    }
  }

  /** Hits, misses, entries and bytes held, summed over the segments. */
  public Counters counters() {
    long entryCount = 0;
    long bytes = 0;
    for (Segment segment : segments) {
      synchronized (segment) {
        entryCount += segment.live;
        bytes += segment.bytes;
      }
    }
    return new Counters(hits.sum(), misses.sum(), entryCount, bytes);
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
    return segments[segmentIndex(key)];
  }

  private static int segmentIndex(Key key) {
    int h = key.hash;
    return (h ^ (h >>> 16)) & (SEGMENTS - 1);
  }

  /**
   * One lock's share of the entries: their bytes, the writes under way to its keys, and the CLOCK
   * queue, oldest first. An entry leaves the map at once when written to, and the queue when the
   * clock reaches it or when dead entries outnumber live ones.
   */
  private final class Segment {
    final ArrayDeque<Entry> clock = new ArrayDeque<>();
    final long capacity;
    final Doorkeeper doorkeeper;
    long bytes;
    long live;
    long dead;
    /** Whether the clock has evicted since the segment was last well below its capacity. */
    boolean full;
    /** Writes announced and not yet retired. */
    int writing;
    /** Moves on with every retired write, so a load that raced one is not stored. */
    long generation;

    Segment(long capacity) {
      this.capacity = capacity;
      this.doorkeeper = new Doorkeeper(capacity / DOORKEEPER_ENTRY_ESTIMATE);
    }

    /** Whether a value loaded for a key of this hash should be stored: always while there is room. */
    boolean admits(int hash) {
      return !full || doorkeeper.seenBefore(hash);
    }

    void insert(Entry entry) {
      long size = entry.cost();
      if (size > capacity) {
        return; // larger than the whole segment: caching it would evict everything for one entry
      }
      Entry previous = entries.put(entry, entry);
      if (previous != null) {
        forget(previous); // another reader loaded and stored the same key meanwhile
        sweep();
      }
      clock.addLast(entry);
      live++;
      bytes += size;
      while (bytes > capacity) {
        Entry oldest = clock.pollFirst();
        if (oldest.dead) {
          dead--;
        } else if (oldest.referenced) {
          oldest.referenced = false;
          clock.addLast(oldest);
        } else {
          entries.remove(oldest, oldest);
          oldest.dead = true;
          live--;
          bytes -= oldest.cost();
          full = true;
        }
      }
    }

    void remove(Key key) {
      Entry previous = entries.remove(key);
      if (previous != null) {
        forget(previous);
        sweep();
      }
    }

    void removeRange(EngineColumnFamily cf, byte[] from, byte[] to) {
      for (Entry entry : clock) {
        if (!entry.dead && entry.cf == cf && (from == null || entry.compareKeyTo(from) >= 0)
            && (to == null || entry.compareKeyTo(to) < 0)) {
          entries.remove(entry, entry);
          forget(entry);
        }
      }
      sweep();
    }

    void clear() {
      for (Entry entry : clock) {
        if (!entry.dead) {
          entries.remove(entry, entry);
          entry.dead = true;
        }
      }
      clock.clear();
      live = 0;
      dead = 0;
      bytes = 0;
      full = false;
    }

    /** Accounts for an entry taken out of the map; it stays queued, dead, until the clock or {@link #sweep} drops it. */
    private void forget(Entry entry) {
      entry.dead = true;
      live--;
      dead++;
      bytes -= entry.cost();
      if (bytes < capacity - capacity / 4) {
        full = false; // writes emptied it: room again for every load
      }
    }

    /**
     * Drops the dead entries from the queue once they outnumber the live ones: a cache below its
     * capacity never runs the clock, and every write of a cached key leaves one behind.
     */
    private void sweep() {
      if (dead > live + 64) {
        clock.removeIf(e -> e.dead);
        dead = 0;
      }
    }
  }

  /**
   * A cached key and value in one array (key bytes, then value bytes), so a hit reads one object
   * besides the map's node: at 100,000 entries each dependent load is a likely cache miss, and they,
   * not the instructions, are what a hit costs. An entry is its own map key. {@link #referenced} is
   * CLOCK's mark, set by hits without a lock (a lost or late mark only costs an entry its second
   * chance); {@link #dead} is only touched under the segment's lock.
   */
  private static final class Entry extends Key {
    /** Whether the key was absent from the engine when loaded. */
    final boolean absent;
    boolean referenced;
    boolean dead;

    Entry(EngineColumnFamily cf, byte[] key, byte[] value) {
      super(cf, concat(key, value), key.length);
      this.absent = value == null;
    }

    /** A copy of the cached value, {@code null} for an absent key. */
    byte[] value() {
      return absent ? null : Arrays.copyOfRange(bytes, keyLength, bytes.length);
    }

    int compareKeyTo(byte[] other) {
      return Arrays.compareUnsigned(bytes, 0, keyLength, other, 0, other.length);
    }

    long cost() {
      return bytes.length + (long) ENTRY_OVERHEAD;
    }

    private static byte[] concat(byte[] key, byte[] value) {
      if (value == null) {
        return key.clone();
      }
      byte[] both = Arrays.copyOf(key, key.length + value.length);
      System.arraycopy(value, 0, both, key.length, value.length);
      return both;
    }
  }

  /**
   * A column family (by identity: a recreated family is another one) and the first
   * {@code keyLength} bytes of {@code bytes}: a lookup's probe wraps the caller's key, an
   * {@link Entry} its own key-and-value array.
   */
  private static class Key {
    final EngineColumnFamily cf;
    final byte[] bytes;
    final int keyLength;
    final int hash;

    Key(EngineColumnFamily cf, byte[] bytes, int keyLength) {
      this.cf = cf;
      this.bytes = bytes;
      this.keyLength = keyLength;
      int h = 1;
      for (int i = 0; i < keyLength; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = 31 * System.identityHashCode(cf) + h;
    }

    @Override
    public final boolean equals(Object o) {
      return o instanceof Key other && other.cf == cf
          && Arrays.equals(other.bytes, 0, other.keyLength, bytes, 0, keyLength);
    }

    @Override
    public final int hashCode() {
      return hash;
    }
  }
}
