package io.luxtensor.chain.trie;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The encodings of the nodes a {@link TrieStore} holds, by hash, laid out for the collector as the
 * {@link EncodingCache} is: each {@link NodeSet} keeps its nodes in a few byte chunks, and one
 * {@link PrefixTable} per segment finds a node's entry in them. A state store holds the nodes of
 * some 150 heights, about two million at a large state; as objects (a key, a value array and a map
 * entry each) they cost every young collection a copy and every marking a visit, which measured at
 * ~60 ms of CPU a block. Here they are a few thousand arrays that refer to nothing.
 *
 * <p>A node in several held sets has one entry, pointing into the chunk of the set that held it
 * first, and counts its sets: releasing a set counts its nodes down and removes those that reach 0.
 * A chunk is let go once its set is released and no entry points into it any more, so a node held
 * by a later set keeps its bytes after the first set went.
 *
 * <p>Thread-safe: lookups take their segment's lock for a probe and one copy; holding and releasing
 * may run on two threads at once (a commit holds while the sets of an earlier flush are released).
 */
final class HeldNodes {

  static final int KEY_BYTES = 32;
  private static final int SEGMENTS = 64; // the six top bits of a key

  private final Segment[] segments = new Segment[SEGMENTS];
  private final Chunks chunks = new Chunks();
  private final AtomicLong nodes = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  HeldNodes() {
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment();
    }
  }

  /** A copy of the encoding held under {@code hash}, or null. */
  byte[] get(byte[] hash) {
    long prefix = PrefixTable.prefix(hash, 0);
    return segment(prefix).get(prefix, hash, chunks);
  }

  /** Whether a node is held under {@code hash}. */
  boolean contains(byte[] hash) {
    long prefix = PrefixTable.prefix(hash, 0);
    return segment(prefix).contains(prefix, hash, chunks);
  }

  /** How many distinct nodes are held. */
  long nodes() {
    return nodes.get();
  }

  /** The bytes of their encodings. */
  long bytes() {
    return bytes.get();
  }

  /** Holds every node of {@code set}; the set's chunks get ids that {@link #release} gives back. */
  void hold(NodeSet set) {
    int[] ids = new int[set.chunkCount()];
    for (int c = 0; c < ids.length; c++) {
      ids[c] = chunks.register(set.chunk(c));
    }
    set.chunkIds = ids;
    for (int c = 0; c < ids.length; c++) {
      byte[] chunk = set.chunk(c);
      for (int offset = 0; offset < set.used(c); offset = NodeSet.next(chunk, offset)) {
        long prefix = PrefixTable.prefix(chunk, offset);
        if (segment(prefix).hold(prefix, chunk, offset, location(ids[c], offset), chunks)) {
          chunks.addRef(ids[c]);
          nodes.incrementAndGet();
          bytes.addAndGet(NodeSet.length(chunk, offset));
        }
      }
    }
  }

  /** Counts down every node of the held {@code set}, removing those no other held set has. */
  void release(NodeSet set) {
    int[] ids = set.chunkIds;
    for (int c = 0; c < ids.length; c++) {
      byte[] chunk = set.chunk(c);
      for (int offset = 0; offset < set.used(c); offset = NodeSet.next(chunk, offset)) {
        long prefix = PrefixTable.prefix(chunk, offset);
        long removed = segment(prefix).release(prefix, chunk, offset, chunks);
        if (removed != 0) {
          chunks.dropRef(chunkId(removed));
          nodes.decrementAndGet();
          bytes.addAndGet(-NodeSet.length(chunk, offset));
        }
      }
    }
    for (int id : ids) {
      chunks.releaseSet(id);
    }
    set.chunkIds = null;
  }

  private Segment segment(long prefix) {
    return segments[(int) (prefix >>> 58)];
  }

  /** A chunk id and an offset in one long, never 0 (0 marks a free slot). */
  private static long location(int chunkId, int offset) {
    return ((long) (chunkId + 1) << 32) | offset;
  }

  private static int chunkId(long location) {
    return (int) (location >>> 32) - 1;
  }

  private static int offset(long location) {
    return (int) location;
  }

  /**
   * The chunks entries point into, by id: each counts the entries pointing into it, and goes once
   * that count is 0 and its set is released. Ids are reused. Guarded by its own monitor; lookups
   * read {@link #byId} after taking a segment lock, which orders them after the registration of any
   * chunk an entry they find points into.
   */
  private static final class Chunks {
    private volatile byte[][] byId = new byte[64][];
    private int[] refs = new int[64];
    private boolean[] released = new boolean[64];
    private int[] free = new int[64];
    private int freeCount;
    private int next;

    synchronized int register(byte[] chunk) {
      int id;
      if (freeCount > 0) {
        id = free[--freeCount];
      } else {
        id = next++;
        if (id == refs.length) {
          int grown = refs.length * 2;
          refs = Arrays.copyOf(refs, grown);
          released = Arrays.copyOf(released, grown);
          free = Arrays.copyOf(free, grown);
          byId = Arrays.copyOf(byId, grown);
        }
      }
      byte[][] current = byId;
      current[id] = chunk;
      byId = current; // republished: the volatile write orders the slot's write before later reads
      refs[id] = 0;
      released[id] = false;
      return id;
    }

    synchronized void addRef(int id) {
      refs[id]++;
    }

    synchronized void dropRef(int id) {
      refs[id]--;
      freeIfUnused(id);
    }

    synchronized void releaseSet(int id) {
      released[id] = true;
      freeIfUnused(id);
    }

    private void freeIfUnused(int id) {
      if (refs[id] == 0 && released[id]) {
        byId[id] = null;
        free[freeCount++] = id;
      }
    }

    byte[] get(int id) {
      return byId[id];
    }
  }

  /**
   * One lock's share of the entries: key prefix, location and the count of holding sets, at most
   * half full.
   */
  private static final class Segment {
    private static final int LOCATION = 1;
    private static final int COUNT = 2;

    private final PrefixTable table = new PrefixTable(3, 16);

    synchronized byte[] get(long prefix, byte[] hash, Chunks chunks) {
      int slot = find(prefix, hash, 0, chunks);
      if (slot < 0) {
        return null;
      }
      long location = table.get(slot, LOCATION);
      byte[] chunk = chunks.get(chunkId(location));
      int offset = offset(location);
      int from = NodeSet.encodingOffset(offset);
      return Arrays.copyOfRange(chunk, from, from + NodeSet.length(chunk, offset));
    }

    synchronized boolean contains(long prefix, byte[] hash, Chunks chunks) {
      return find(prefix, hash, 0, chunks) >= 0;
    }

    /** Counts the node at {@code offset} of {@code chunk} up; true if it was not held before. */
    synchronized boolean hold(long prefix, byte[] chunk, int offset, long location, Chunks chunks) {
      int slot = find(prefix, chunk, offset, chunks);
      if (slot >= 0) {
        table.set(slot, COUNT, table.get(slot, COUNT) + 1);
        return false;
      }
      if (2 * (table.used() + 1) > table.slots()) {
        table.rebuild(2 * table.slots(), held -> true);
      }
      table.set(table.insert(prefix, location), COUNT, 1);
      return true;
    }

    /** Counts the node down; the location of its entry if that removed it, else 0. */
    synchronized long release(long prefix, byte[] chunk, int offset, Chunks chunks) {
      int slot = find(prefix, chunk, offset, chunks);
      if (slot < 0) {
        return 0;
      }
      long count = table.get(slot, COUNT) - 1;
      if (count > 0) {
        table.set(slot, COUNT, count);
        return 0;
      }
      long location = table.get(slot, LOCATION);
      table.delete(slot);
      return location;
    }

    /** The slot of the key at {@code keyOffset} of {@code key}: its prefix matches, and so do its 32 bytes. */
    private int find(long prefix, byte[] key, int keyOffset, Chunks chunks) {
      for (int slot = table.home(prefix); !table.isFree(slot); slot = table.next(slot)) {
        if (table.prefix(slot) == prefix) {
          long location = table.get(slot, LOCATION);
          byte[] chunk = chunks.get(chunkId(location));
          int offset = offset(location);
          if (Arrays.equals(chunk, offset, offset + KEY_BYTES, key, keyOffset, keyOffset + KEY_BYTES)) {
            return slot;
          }
        }
      }
      return -1;
    }
  }
}
