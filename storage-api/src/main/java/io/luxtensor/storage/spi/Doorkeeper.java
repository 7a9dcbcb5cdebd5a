package io.luxtensor.storage.spi;

/**
 * TinyLFU's doorkeeper (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission
 * Policy", 2017): a Bloom filter of recently seen key hashes that answers whether a key was seen
 * since the filter was last cleared, and records it if not. It is cleared after as many new keys as
 * it was sized for, so "recently" means within about that many first sightings; a false positive
 * (under 5% of lookups, at the fullest) only admits a key one sighting early.
 *
 * <p>Not thread-safe: {@link ReadCache} calls it under its segment's lock.
 */
final class Doorkeeper {

  private static final int BITS_PER_KEY = 8;
  private static final int MIN_KEYS = 64;

  private final long[] words;
  private final int mask;
  private final int keysPerClear;
  private int added;

  /** A filter for about {@code expectedKeys} keys between clears. */
  Doorkeeper(long expectedKeys) {
    keysPerClear = (int) Math.min(1 << 24, Math.max(MIN_KEYS, expectedKeys));
    int bits = Integer.highestOneBit(keysPerClear * BITS_PER_KEY - 1) << 1;
    words = new long[bits >>> 6];
    mask = bits - 1;
  }

  /** Whether {@code hash} was seen since the last clear; records it when it was not. */
  boolean seenBefore(int hash) {
    // Two probes from one 64-bit mix of the hash (Kirsch and Mitzenmacher: two hashes suffice).
    long mixed = (hash & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L;
    int first = (int) (mixed >>> 32) & mask;
    int second = (int) mixed & mask;
    if (isSet(first) && isSet(second)) {
      return true;
    }
    if (++added > keysPerClear) {
      java.util.Arrays.fill(words, 0L);
      added = 1;
    }
    set(first);
    set(second);
    return false;
  }

  private boolean isSet(int bit) {
    return (words[bit >>> 6] & (1L << bit)) != 0;
  }

  private void set(int bit) {
    words[bit >>> 6] |= 1L << bit;
  }
}
