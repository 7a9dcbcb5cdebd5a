package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters the decorator keeps for every engine alike. Thread-safe. */
final class OperationMetrics {

  private final long openedAtNanos = System.nanoTime();
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder iteratorsOpened = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder snapshotsClosedByStore = new LongAdder();
  private final LatencyHistogram readLatency = new LatencyHistogram();
  private final LatencyHistogram writeLatency = new LatencyHistogram();
  final AtomicInteger openIterators = new AtomicInteger();
  final AtomicInteger openSnapshots = new AtomicInteger();
  final AtomicInteger openTransactions = new AtomicInteger();

  void read(long keys, long startNanos) {
    reads.add(keys);
    readLatency.record(System.nanoTime() - startNanos);
  }

  void write(long keys, long bytes, long startNanos) {
    writes.add(keys);
    bytesWritten.add(bytes);
    writeLatency.record(System.nanoTime() - startNanos);
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
