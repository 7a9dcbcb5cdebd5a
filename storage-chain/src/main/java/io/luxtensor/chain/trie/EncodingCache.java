package io.luxtensor.chain.trie;

import java.util.Arrays;

/**
 * Node encodings by hash within a fixed byte budget, laid out the way geth's clean cache
 * (fastcache) lays them out: each of a few segments appends its entries to a ring of 64 KiB
 * chunks and finds them through an open-addressing table of primitive longs. The oldest chunk is
 * overwritten when the ring is full, so the cache forgets in the order it learned.
 *
 * <p>Why not an object per entry, as a Caffeine cache keeps: a state commit adds some 12,000
 * nodes, and a cache of a million entries as objects is what the collector then pays for, on
 * every young collection (the cache's changed cards) and every marking (its millions of objects).
 * Here the heap holds byte and long arrays only, allocated as the ring first fills and then
 * reused: nothing in them refers to anything, so the collector neither scans nor copies them.
 *
 * <p>Keys are 32-byte hashes, uniformly distributed (Keccak-256), so their first eight bytes pick
 * the segment and the table slot without further mixing; two keys sharing those eight bytes
 * replace each other's entry, and a lookup compares the whole key stored with the entry, so it
 * never returns the value of another key. Values are copied in and out. Thread-safe: each segment
 * has its own lock, held for a table probe and one copy.
 */
final class EncodingCache {

  static final int CHUNK_BYTES = 64 * 1024;
  static final int KEY_BYTES = 32;
  /** The key, then the value's length in two bytes, then the value. */
  private static final int ENTRY_HEADER = KEY_BYTES + 2;
  /** Values larger than this are not kept: one would take a large part of a chunk. */
  static final int MAX_VALUE_BYTES = CHUNK_BYTES / 8;
  private static final int MAX_SEGMENTS = 64; // the six top bits of a key

  private final Segment[] segments;
  private final long capacityBytes;

  /**
   * A cache of at most {@code capacityBytes} of chunks (rounded down to whole chunks, at least two
   * per segment when not 0); 0 keeps nothing.
   *
   * @throws IllegalArgumentException if {@code capacityBytes} is negative
   */
  EncodingCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("encoding cache size must not be negative, got " + capacityBytes);
    }
    long chunks = capacityBytes / CHUNK_BYTES;
    if (capacityBytes == 0) {
      segments = new Segment[0];
      this.capacityBytes = 0;
      return;
    }
    int count = 1;
    while (count < MAX_SEGMENTS && (long) count * 2 * 2 <= chunks) {
      count *= 2;
    }
    int chunksPerSegment = (int) Math.max(2, Math.min(Integer.MAX_VALUE, chunks / count));
    segments = new Segment[count];
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment(chunksPerSegment);
    }
    this.capacityBytes = (long) count * chunksPerSegment * CHUNK_BYTES;
  }

  /** The bytes of chunks this cache may allocate at most. */
  long capacityBytes() {
    return capacityBytes;
  }

  /** A copy of the value stored under {@code key}, or null. */
  byte[] get(byte[] key) {
    if (segments.length == 0) {
      return null;
    }
    long prefix = prefix(key);
    return segment(prefix).get(prefix, key);
  }

  /** Keeps a copy of {@code value} under {@code key}, replacing what was there; a too large value is not kept. */
  void put(byte[] key, byte[] value) {
    if (segments.length == 0 || value.length > MAX_VALUE_BYTES) {
      return;
    }
    long prefix = prefix(key);
    segment(prefix).put(prefix, key, value);
  }

  /** Forgets {@code key}, if kept. */
  void remove(byte[] key) {
    if (segments.length == 0) {
      return;
    }
    long prefix = prefix(key);
    segment(prefix).remove(prefix, key);
  }

  /** Slots of the segments' tables together: their size, not how many are used. */
  long tableSlots() {
    long slots = 0;
    for (Segment segment : segments) {
      slots += segment.tableSlots();
    }
    return slots;
  }

  /** Bytes of chunks allocated so far. */
  long allocatedBytes() {
    long bytes = 0;
    for (Segment segment : segments) {
      bytes += segment.allocatedBytes();
    }
    return bytes;
  }

  private Segment segment(long prefix) {
    // The top six bits; the table uses the low ones.
    return segments[(int) (prefix >>> 58) & (segments.length - 1)];
  }

  private static long prefix(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("keys are " + KEY_BYTES + "-byte hashes, got " + key.length + " bytes");
    }
    return PrefixTable.prefix(key, 0);
  }

  /**
   * One lock's share: a ring of chunks and the table from key prefix to the absolute position of
   * the key's entry (bytes appended before it, counting every lap of the ring). An entry never
   * spans two chunks, and is intact while its chunk is one of the last {@code chunks.length}
   * chunks appended to.
   */
  private static final class Segment {

    private final byte[][] chunks;
    /** Absolute position of the next entry. */
    private long end;
    /** Key prefix to the entry's position plus one, at most half full. */
    private final PrefixTable table = new PrefixTable(2, 1024);

    Segment(int chunkCount) {
      chunks = new byte[chunkCount][];
    }

    synchronized byte[] get(long prefix, byte[] key) {
      int slot = find(prefix);
      if (slot < 0) {
        return null;
      }
      long position = table.get(slot, 1) - 1;
      if (!intact(position)) {
        table.delete(slot);
        return null;
      }
      byte[] chunk = chunks[chunkIndex(position)];
      int offset = (int) (position % CHUNK_BYTES);
      if (!Arrays.equals(chunk, offset, offset + KEY_BYTES, key, 0, KEY_BYTES)) {
        return null;
      }
      int length = (chunk[offset + KEY_BYTES] & 0xFF) << 8 | (chunk[offset + KEY_BYTES + 1] & 0xFF);
      int from = offset + ENTRY_HEADER;
      return Arrays.copyOfRange(chunk, from, from + length);
    }

    synchronized void put(long prefix, byte[] key, byte[] value) {
      int size = ENTRY_HEADER + value.length;
      if (end % CHUNK_BYTES + size > CHUNK_BYTES) {
        end += CHUNK_BYTES - end % CHUNK_BYTES;
      }
      int index = chunkIndex(end);
      if (chunks[index] == null) {
        chunks[index] = new byte[CHUNK_BYTES];
      }
      byte[] chunk = chunks[index];
      int offset = (int) (end % CHUNK_BYTES);
      System.arraycopy(key, 0, chunk, offset, KEY_BYTES);
      chunk[offset + KEY_BYTES] = (byte) (value.length >>> 8);
      chunk[offset + KEY_BYTES + 1] = (byte) value.length;
      System.arraycopy(value, 0, chunk, offset + ENTRY_HEADER, value.length);
      int slot = find(prefix);
      if (slot >= 0) {
        table.set(slot, 1, end + 1);
      } else {
        insert(prefix, end + 1);
      }
      end += size;
    }

    synchronized void remove(long prefix, byte[] key) {
      int slot = find(prefix);
      if (slot < 0) {
        return;
      }
      long position = table.get(slot, 1) - 1;
      if (!intact(position)) {
        table.delete(slot);
        return;
      }
      byte[] chunk = chunks[chunkIndex(position)];
      int offset = (int) (position % CHUNK_BYTES);
      if (Arrays.equals(chunk, offset, offset + KEY_BYTES, key, 0, KEY_BYTES)) {
        table.delete(slot);
      }
    }

    synchronized int tableSlots() {
      return table.slots();
    }

    synchronized long allocatedBytes() {
      long bytes = 0;
      for (byte[] chunk : chunks) {
        bytes += chunk == null ? 0 : chunk.length;
      }
      return bytes;
    }

    /** Whether the entry at {@code position} has not been overwritten by a later lap of the ring. */
    private boolean intact(long position) {
      return position / CHUNK_BYTES > end / CHUNK_BYTES - chunks.length;
    }

    private int chunkIndex(long position) {
      return (int) ((position / CHUNK_BYTES) % chunks.length);
    }

    private int find(long prefix) {
      for (int slot = table.home(prefix); !table.isFree(slot); slot = table.next(slot)) {
        if (table.prefix(slot) == prefix) {
          return slot;
        }
      }
      return -1;
    }

    private void insert(long prefix, long storedPosition) {
      if ((table.used() + 1) * 2L > table.slots()) {
        rehash();
      }
      table.insert(prefix, storedPosition);
    }

    /**
     * Drops the entries overwritten since; then, if the live ones would fill more than a quarter of
     * the table, moves them to a table doubled until they fill at most that. In the steady state
     * (the ring full, as many entries forgotten as learned) the table keeps its size and is purged
     * where it is: a segment's table is a megabyte or more, and a new one every few commits would be
     * a large allocation the collector places in the old generation.
     */
    private void rehash() {
      int live = 0;
      for (int slot = 0; slot < table.slots(); slot++) {
        if (!table.isFree(slot) && intact(table.get(slot, 1) - 1)) {
          live++;
        }
      }
      int slots = table.slots();
      if (live * 4L <= slots) {
        purge();
        return;
      }
      while (live * 4L > slots) {
        slots *= 2;
      }
      table.rebuild(slots, stored -> intact(stored - 1));
    }

    /**
     * Deletes every overwritten entry in place. A delete moves later entries of the probe run back
     * into the hole, so the slot is examined again before going on; entries only ever move back
     * towards the slot being examined (or, wrapping, into slots already examined, whose entries are
     * live), so none is skipped.
     */
    private void purge() {
      int slot = 0;
      while (slot < table.slots()) {
        if (!table.isFree(slot) && !intact(table.get(slot, 1) - 1)) {
          table.delete(slot);
        } else {
          slot++;
        }
      }
    }
  }
}
