package io.luxtensor.storage.micrometer;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreMetrics;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads a store's metrics at most once per {@code maxAge}, so that the many meters a registry reads
 * one after another in a scrape cost one {@link StoreMetrics} reading (on RocksDB, some twenty native
 * property reads), not one each. Keeps the last good reading when a reading fails (a store being
 * closed). Thread-safe.
 */
final class MetricsSampler {

  private final Supplier<StoreMetrics> source;
  private final long maxAgeNanos;
  private StoreMetrics last;
  private long readAt;

  MetricsSampler(Supplier<StoreMetrics> source, Duration maxAge) {
    this.source = source;
    this.maxAgeNanos = maxAge.toNanos();
  }

  synchronized StoreMetrics get() {
    long now = System.nanoTime();
    if (last == null || now - readAt >= maxAgeNanos) {
      try {
        last = source.get();
        readAt = now;
      } catch (StorageException e) {
        if (last == null) {
          throw e;
        }
      }
    }
    return last;
  }
}
