package io.luxtensor.storage.micrometer;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StoreMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a store's {@link StoreMetrics} as Micrometer meters, named and tagged by Micrometer's
 * conventions (dot-separated lower-case names, base units, the varying part in tags), so that each
 * registry renders them in its own style ({@code luxdb_operations_total{engine="rocksdb",operation="read"}}
 * in Prometheus):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>from</th></tr>
 *   <tr><td>{@code luxdb.operations}</td><td>function counter</td><td>{@code operation=read|write}</td><td>reads, writes</td></tr>
 *   <tr><td>{@code luxdb.written}</td><td>function counter, bytes</td><td></td><td>bytesWritten</td></tr>
 *   <tr><td>{@code luxdb.iterators.opened}</td><td>function counter</td><td></td><td>iteratorsOpened</td></tr>
 *   <tr><td>{@code luxdb.snapshots.leaked}</td><td>function counter</td><td></td><td>snapshotsClosedByStore</td></tr>
 *   <tr><td>{@code luxdb.errors}</td><td>function counter</td><td></td><td>errors</td></tr>
 *   <tr><td>{@code luxdb.operation.latency}</td><td>time gauge, seconds</td><td>{@code operation}, {@code quantile=0.5|0.99}</td><td>latency percentiles</td></tr>
 *   <tr><td>{@code luxdb.disk.used}, {@code luxdb.memory.used}</td><td>gauge, bytes</td><td></td><td>diskUsageBytes, memoryUsageBytes</td></tr>
 *   <tr><td>{@code luxdb.cache.hit.ratio}</td><td>gauge</td><td></td><td>cacheHitRate</td></tr>
 *   <tr><td>{@code luxdb.compaction.pending}</td><td>gauge, bytes</td><td></td><td>pendingCompactionBytes</td></tr>
 *   <tr><td>{@code luxdb.open}</td><td>gauge</td><td>{@code resource=iterators|snapshots|transactions}</td><td>open handles</td></tr>
 *   <tr><td>{@code luxdb.engine.property}</td><td>gauge</td><td>{@code property=<engine's name>}</td><td>engineProperties present when bound</td></tr>
 * </table>
 *
 * <p>Every meter carries the tag {@code engine} and the caller's tags (a {@code store} name, say, when
 * a process has several). An engine figure the engine cannot tell (-1) reads as NaN, which
 * registries skip. The store is read at most once per {@code maxAge} whatever the number of meters.
 * The meters hold the metrics source strongly (a registry must not lose them to garbage collection),
 * which for {@link #of} is the store handle; after the store closes they show its final counts, and
 * the caller removes them ({@code registry.remove}) when the store is gone for good. Thread-safe.
 */
public final class StoreMetricsBinder implements MeterBinder {

  /** How old a reading may be when the default binder serves it. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  private final MetricsSampler sampler;
  private final Tags tags;

  /**
   * A binder for metrics read from {@code source}, tagged with {@code tags}, read at most once per
   * {@code maxAge} ({@link Duration#ZERO}: on every meter read).
   *
   * @throws IllegalArgumentException when {@code maxAge} is negative
   */
  public StoreMetricsBinder(Supplier<StoreMetrics> source, Iterable<Tag> tags, Duration maxAge) {
    Objects.requireNonNull(source, "source must not be null; use StoreMetricsBinder.of(store)");
    Objects.requireNonNull(tags, "tags must not be null; use Tags.empty()");
    Objects.requireNonNull(maxAge, "maxAge must not be null; use DEFAULT_MAX_AGE");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    this.sampler = new MetricsSampler(source, maxAge);
    this.tags = Tags.of(tags);
  }

  /** A binder for {@code store}, tagged {@code engine=<its engine>} plus {@code extraTags} (name=value pairs). */
  public static StoreMetricsBinder of(KeyValueStore store, String... extraTags) {
    Objects.requireNonNull(store, "store must not be null");
    return new StoreMetricsBinder(store::metrics, Tags.of("engine", store.engine().name()).and(extraTags),
        DEFAULT_MAX_AGE);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "luxdb.operations", "Keys read or written", null, StoreMetrics::reads, "operation", "read");
    counter(registry, "luxdb.operations", "Keys read or written", null, StoreMetrics::writes, "operation", "write");
    counter(registry, "luxdb.written", "Key and value bytes written", BaseUnits.BYTES, StoreMetrics::bytesWritten);
    counter(registry, "luxdb.iterators.opened", "Iterators opened", null, StoreMetrics::iteratorsOpened);
    counter(registry, "luxdb.snapshots.leaked", "Snapshots left open that the store closed", null,
        StoreMetrics::snapshotsClosedByStore);
    counter(registry, "luxdb.errors", "Engine calls that failed", null, StoreMetrics::errors);
    latency(registry, "read", "0.5", StoreMetrics::readLatencyP50Nanos);
    latency(registry, "read", "0.99", StoreMetrics::readLatencyP99Nanos);
    latency(registry, "write", "0.5", StoreMetrics::writeLatencyP50Nanos);
    latency(registry, "write", "0.99", StoreMetrics::writeLatencyP99Nanos);
    gauge(registry, "luxdb.disk.used", "Bytes on disk, from the engine", BaseUnits.BYTES, m -> known(m.diskUsageBytes()));
    gauge(registry, "luxdb.memory.used", "Bytes of memory the engine holds", BaseUnits.BYTES,
        m -> known(m.memoryUsageBytes()));
    gauge(registry, "luxdb.cache.hit.ratio", "Block or page cache hit ratio", null, StoreMetrics::cacheHitRate);
    gauge(registry, "luxdb.compaction.pending", "Bytes awaiting compaction", BaseUnits.BYTES,
        m -> known(m.pendingCompactionBytes()));
    gauge(registry, "luxdb.open", "Handles open now", null, StoreMetrics::openIterators, "resource", "iterators");
    gauge(registry, "luxdb.open", "Handles open now", null, StoreMetrics::openSnapshots, "resource", "snapshots");
    gauge(registry, "luxdb.open", "Handles open now", null, StoreMetrics::openTransactions, "resource", "transactions");
    for (String property : sampler.get().engineProperties().keySet()) {
      gauge(registry, "luxdb.engine.property", "An engine-native number, by its native name", null,
          m -> m.engineProperties().containsKey(property) ? m.engineProperties().get(property) : Double.NaN,
          "property", property);
    }
  }

  private void counter(MeterRegistry registry, String name, String description, String unit,
      ToLongFunction<StoreMetrics> value, String... extraTags) {
    // A function counter holds its object weakly; the gauges hold the same sampler strongly, so it stays.
    FunctionCounter.builder(name, sampler, s -> value.applyAsLong(s.get())).description(description).baseUnit(unit)
        .tags(tags).tags(extraTags).register(registry);
  }

  private void latency(MeterRegistry registry, String operation, String quantile, ToLongFunction<StoreMetrics> nanos) {
    TimeGauge.builder("luxdb.operation.latency", sampler, TimeUnit.NANOSECONDS, s -> nanos.applyAsLong(s.get()))
        .description("Latency percentile of a " + operation + " call (sampled)").tags(tags)
        .tags("operation", operation, "quantile", quantile).strongReference(true).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<StoreMetrics> value, String... extraTags) {
    Gauge.builder(name, sampler, s -> value.applyAsDouble(s.get())).description(description).baseUnit(unit).tags(tags)
        .tags(extraTags).strongReference(true).register(registry);
  }

  /** The engine's -1 ("cannot tell") as NaN, which registries leave out. */
  private static double known(long value) {
    return value < 0 ? Double.NaN : value;
  }
}
