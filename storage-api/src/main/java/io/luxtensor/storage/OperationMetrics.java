package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineStats;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters the decorator keeps for every engine alike. Thread-safe.
 *
 * <p>Counts are exact. Latencies are sampled: the first {@value #ALWAYS_TIMED} calls are all timed,
 * then one call in {@value #SAMPLE_EVERY} at random, because two clock reads (~22 ns each on this
 * hardware) and a histogram update on every call show on engines whose reads take a microsecond.
 */
final class OperationMetrics {

  static final int ALWAYS_TIMED = 1024;
  static final int SAMPLE_EVERY = 8;
  /** What {@link #startTimer()} returns for a call that is not timed. */
  static final long NOT_TIMED = Long.MIN_VALUE;

  private final long openedAtNanos = System.nanoTime();
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder iteratorsOpened = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder snapshotsClosedByStore = new LongAdder();
  private final LatencyHistogram readLatency = new LatencyHistogram();
  private final LatencyHistogram writeLatency = new LatencyHistogram();
  private final AtomicInteger timedBeforeSampling = new AtomicInteger(ALWAYS_TIMED);
  final AtomicInteger openIterators = new AtomicInteger();
  final AtomicInteger openSnapshots = new AtomicInteger();
  final AtomicInteger openTransactions = new AtomicInteger();

  /** The start time of a call to be timed, or {@link #NOT_TIMED}; pass it to {@link #read} or {@link #write}. */
  long startTimer() {
    if (timedBeforeSampling.get() > 0) {
      timedBeforeSampling.decrementAndGet();
      return System.nanoTime();
    }
    return ThreadLocalRandom.current().nextInt(SAMPLE_EVERY) == 0 ? System.nanoTime() : NOT_TIMED;
  }

  void read(long keys, long startNanos) {
    reads.add(keys);
    if (startNanos != NOT_TIMED) {
      readLatency.record(System.nanoTime() - startNanos);
    }
  }

  void write(long keys, long bytes, long startNanos) {
    writes.add(keys);
    bytesWritten.add(bytes);
    if (startNanos != NOT_TIMED) {
      writeLatency.record(System.nanoTime() - startNanos);
    }
  }

  /** How many read calls were timed. */
  long timedReads() {
    return readLatency.count();
  }

  void iteratorOpened() {
    iteratorsOpened.increment();
    openIterators.incrementAndGet();
  }

  void error() {
    errors.increment();
  }

  void snapshotClosedByStore() {
    snapshotsClosedByStore.increment();
  }

  StoreMetrics snapshot(EngineStats stats) {
    double seconds = Math.max(1e-9, (System.nanoTime() - openedAtNanos) / 1e9);
    long r = reads.sum();
    long w = writes.sum();
    return new StoreMetrics(r, w, readLatency.percentile(50), readLatency.percentile(99),
        writeLatency.percentile(50), writeLatency.percentile(99), r / seconds, w / seconds, bytesWritten.sum(),
        iteratorsOpened.sum(), stats.diskUsageBytes(), stats.memoryUsageBytes(), stats.cacheHitRate(),
        stats.pendingCompactionBytes(), openIterators.get(), openSnapshots.get(), openTransactions.get(),
        snapshotsClosedByStore.sum(), errors.sum(), stats.properties());
  }
}
