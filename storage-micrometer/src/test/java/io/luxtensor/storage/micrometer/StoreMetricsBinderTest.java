package io.luxtensor.storage.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreMetricsBinderTest {

  private static StoreMetrics metrics(long reads, long disk, Map<String, Long> properties) {
    return new StoreMetrics(reads, 7, 1_000, 2_000, 3_000, 4_000, 1.0, 2.0, 99, 3, disk, 5, 0.25, 6, 1, 2, 0, 4, 8,
        properties);
  }

  @Test
  void countsOfARealStoreReadBackFromTheRegistryTaggedWithTheEngine() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KeyValueStore store = StorageEngines.open(StorageConfig.inMemory())) {
      StoreMetricsBinder binder = new StoreMetricsBinder(store::metrics, Tags.of("engine", store.engine().name()),
          Duration.ZERO);
      binder.bindTo(registry);
      for (int i = 0; i < 10; i++) {
        store.put(store.defaultColumnFamily(), new byte[] {(byte) (i + 1)}, new byte[] {1, 2});
      }
      store.get(store.defaultColumnFamily(), new byte[] {1});
      try (Snapshot open = store.snapshot()) {
        assertThat(registry.get("luxdb.open").tags("engine", "memory", "resource", "snapshots").gauge().value())
            .isEqualTo(1);
        assertThat(open.get(store.defaultColumnFamily(), new byte[] {2})).isNotNull();
      }
      assertThat(registry.get("luxdb.operations").tags("engine", "memory", "operation", "write").functionCounter().count())
          .isEqualTo(10);
      assertThat(registry.get("luxdb.operations").tag("operation", "read").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("luxdb.written").functionCounter().count()).isEqualTo(30);
      assertThat(registry.get("luxdb.operation.latency").tags("operation", "write", "quantile", "0.99").timeGauge()
          .value(TimeUnit.NANOSECONDS)).isPositive();
    }
  }

  @Test
  void ofTagsTheEngineAndTheCallersTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KeyValueStore store = StorageEngines.open(StorageConfig.inMemory())) {
      StoreMetricsBinder.of(store, "store", "chain").bindTo(registry);
      assertThat(registry.get("luxdb.errors").tags("engine", "memory", "store", "chain").functionCounter().count()).isZero();
    }
  }

  @Test
  void everyFigureAppearsUnderItsConventionalNameAndUnit() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new StoreMetricsBinder(() -> metrics(11, 4_096, Map.of("rocksdb.estimate-num-keys", 42L)), Tags.empty(), Duration.ZERO)
        .bindTo(registry);
    assertThat(registry.get("luxdb.disk.used").gauge().value()).isEqualTo(4_096);
    assertThat(registry.get("luxdb.disk.used").gauge().getId().getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.get("luxdb.memory.used").gauge().value()).isEqualTo(5);
    assertThat(registry.get("luxdb.cache.hit.ratio").gauge().value()).isEqualTo(0.25);
    assertThat(registry.get("luxdb.compaction.pending").gauge().value()).isEqualTo(6);
    assertThat(registry.get("luxdb.open").tag("resource", "iterators").gauge().value()).isEqualTo(1);
    assertThat(registry.get("luxdb.open").tag("resource", "transactions").gauge().value()).isZero();
    assertThat(registry.get("luxdb.iterators.opened").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("luxdb.snapshots.leaked").functionCounter().count()).isEqualTo(4);
    assertThat(registry.get("luxdb.errors").functionCounter().count()).isEqualTo(8);
    assertThat(registry.get("luxdb.operation.latency").tags("operation", "read", "quantile", "0.5").timeGauge()
        .value(TimeUnit.MICROSECONDS)).isEqualTo(1);
    assertThat(registry.get("luxdb.engine.property").tag("property", "rocksdb.estimate-num-keys").gauge().value())
        .isEqualTo(42);
  }

  @Test
  void anEngineFigureItCannotTellReadsAsNaN() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new StoreMetricsBinder(() -> metrics(0, -1, Map.of()), Tags.empty(), Duration.ZERO).bindTo(registry);
    assertThat(registry.get("luxdb.disk.used").gauge().value()).isNaN();
  }

  @Test
  void aScrapeReadsTheStoreOncePerMaxAge() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger reads = new AtomicInteger();
    new StoreMetricsBinder(() -> metrics(reads.incrementAndGet(), 1, Map.of()), Tags.empty(), Duration.ofHours(1))
        .bindTo(registry);
    registry.getMeters().forEach(m -> m.measure().forEach(ms -> ms.getValue()));
    assertThat(reads.get()).isEqualTo(1);
    assertThat(registry.get("luxdb.operations").tag("operation", "read").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void aFailedReadingKeepsTheLastGoodOne() {
    AtomicInteger calls = new AtomicInteger();
    MetricsSampler sampler = new MetricsSampler(() -> {
      if (calls.incrementAndGet() > 1) {
        throw new StorageException("closing");
      }
      return metrics(5, 1, Map.of());
    }, Duration.ZERO);
    assertThat(sampler.get().reads()).isEqualTo(5);
    assertThat(sampler.get().reads()).isEqualTo(5);
  }

  @Test
  void aFailedFirstReadingIsReported() {
    MetricsSampler sampler = new MetricsSampler(() -> {
      throw new StorageException("no store");
    }, Duration.ZERO);
    assertThatThrownBy(sampler::get).isInstanceOf(StorageException.class).hasMessage("no store");
  }

  @Test
  void aNegativeMaxAgeIsRejected() {
    assertThatThrownBy(() -> new StoreMetricsBinder(() -> metrics(0, 0, Map.of()), Tags.empty(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
  }
}
