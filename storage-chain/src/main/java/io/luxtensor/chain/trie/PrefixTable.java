package io.luxtensor.chain.trie;

import java.util.function.LongPredicate;

/**
 * Open addressing with linear probing over one array of longs, for keys that are uniformly
 * distributed hashes: a slot is {@code width} longs side by side (so that a probe touches one cache
 * line), the key's first eight bytes, which pick its home slot, then the value, non-zero while the
 * slot is used, then any further fields. Deletions move later entries of the probe run back, so no
 * tombstone is left. The owner finds entries by walking a probe run itself ({@link #home},
 * {@link #next}, {@link #isFree}), keeps the table at most half full, and locks it: not thread-safe.
 */
final class PrefixTable {

  private final int width;
  private long[] table;
  private int used;

  /** A table of {@code slots} slots (a power of two) of {@code width} longs each (at least 2). */
  PrefixTable(int width, int slots) {
    this.width = width;
    this.table = new long[width * slots];
  }

  /** The first eight bytes from {@code offset}, big-endian: a key's prefix. */
  static long prefix(byte[] bytes, int offset) {
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = prefix << 8 | (bytes[offset + i] & 0xFF);
    }
    return prefix;
  }

  int slots() {
    return table.length / width;
  }

  int used() {
    return used;
  }

  /** The slot a key with {@code prefix} is put in when the run there is free. */
  int home(long prefix) {
    return (int) prefix & (slots() - 1);
  }

  /** The slot after {@code slot} in a probe run. */
  int next(int slot) {
    return (slot + 1) & (slots() - 1);
  }

  boolean isFree(int slot) {
    return table[width * slot + 1] == 0;
  }

  long prefix(int slot) {
    return table[width * slot];
  }

  /** Field {@code field} of {@code slot}: 1 is the value, 2 and on the further fields. */
  long get(int slot, int field) {
    return table[width * slot + field];
  }

  void set(int slot, int field, long value) {
    table[width * slot + field] = value;
  }

  /**
   * Puts {@code prefix} with {@code value} (not 0) into the first free slot of its probe run and
   * returns the slot; its further fields are 0. The caller has made room.
   */
  int insert(long prefix, long value) {
    int slot = home(prefix);
    while (!isFree(slot)) {
      slot = next(slot);
    }
    int at = width * slot;
    table[at] = prefix;
    table[at + 1] = value;
    for (int field = 2; field < width; field++) {
      table[at + field] = 0;
    }
    used++;
    return slot;
  }

  /** Removes the slot, moving later entries of its probe run back so that none becomes unreachable. */
  void delete(int slot) {
    int mask = slots() - 1;
    int hole = slot;
    for (int next = (hole + 1) & mask; !isFree(next); next = (next + 1) & mask) {
      int home = (int) table[width * next] & mask;
      // The entry at next may fill the hole if its home slot is not within (hole, next].
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        System.arraycopy(table, width * next, table, width * hole, width);
        hole = next;
      }
    }
    table[width * hole + 1] = 0;
    used--;
  }

  /** Moves the entries whose value {@code keep} accepts to a table of {@code slots} slots. */
  void rebuild(int slots, LongPredicate keep) {
    long[] old = table;
    table = new long[width * slots];
    used = 0;
    for (int at = 0; at < old.length; at += width) {
      if (old[at + 1] != 0 && keep.test(old[at + 1])) {
        int slot = insert(old[at], old[at + 1]);
        System.arraycopy(old, at + 2, table, width * slot + 2, width - 2);
      }
    }
  }
}
