package io.luxtensor.storage;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of nanosecond latencies: 8 buckets per power of two, so a
 * percentile is within 12.5% of the true value, in 4 KB of counters. Recording is one atomic add.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 3;
  private static final int SUB_COUNT = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_COUNT;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    counts.incrementAndGet(indexOf(Math.max(0, nanos)));
  }

  /** How many values were recorded. */
  long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** The value at {@code percentile} (0..100), or 0 when nothing was recorded. */
  long percentile(double percentile) {
    long total = 0;
    long[] snapshot = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= Math.max(1, rank)) {
        return midpointOf(i);
      }
    }
    return midpointOf(BUCKETS - 1);
  }

  static int indexOf(long value) {
    if (value < SUB_COUNT) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
    return (exponent - SUB_BITS + 1) * SUB_COUNT + sub;
  }

  static long midpointOf(int index) {
    if (index < SUB_COUNT) {
      return index;
    }
    int exponent = index / SUB_COUNT + SUB_BITS - 1;
    int sub = index % SUB_COUNT;
    long width = 1L << (exponent - SUB_BITS);
    return ((long) (SUB_COUNT + sub) << (exponent - SUB_BITS)) + width / 2;
  }
}
