package io.luxtensor.storage.micrometer.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateConfig;
import io.luxtensor.chain.state.StateMetrics;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state store's cache and height meters, read back after real commits and reads on the memory engine. */
class StateMetricsBinderTest {

  private KeyValueStore kv;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void open() {
    kv = StorageEngines.open(StorageConfig.inMemory());
  }

  @AfterEach
  void close() {
    kv.close();
  }

  private static Address address(int i) {
    byte[] a = new byte[Address.LENGTH];
    a[0] = (byte) 0xaa;
    a[19] = (byte) i;
    return Address.of(a);
  }

  /** Commits heights 0..heights-1, each giving {@code accounts} accounts a balance and a storage slot. */
  private static void commit(StateStore state, int heights, int accounts) {
    for (int h = 0; h < heights; h++) {
      WorldState world = state.begin();
      for (int i = 0; i < accounts; i++) {
        world.setBalance(address(i), BigInteger.valueOf(1_000L * (h + 1) + i));
        world.setStorage(address(i), Hash.keccak256(new byte[] {(byte) i}), Hash.keccak256(new byte[] {(byte) h}));
      }
      world.commit(h, Hash.keccak256(new byte[] {(byte) h, 1}));
    }
  }

  /**
   * Asserts that {@code meter} reads what {@code field} of the state store's metrics says, at a moment
   * when two readings of the field around the meter's agree: Caffeine counts evictions and sizes on
   * another thread, after the reads that cause them, so a single reading may race the meter's.
   */
  private static void assertReadsAs(StateStore state, ToDoubleFunction<StateMetrics> field, DoubleSupplier meter) {
    double before = Double.NaN;
    double read = Double.NaN;
    for (int i = 0; i < 200; i++) {
      before = field.applyAsDouble(state.metrics());
      read = meter.getAsDouble();
      if (before == field.applyAsDouble(state.metrics()) && read == before) {
        return;
      }
      Thread.onSpinWait();
    }
    assertThat(read).as("the meter, against the state store's " + before).isEqualTo(before);
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void cacheHitsMissesAndRatioReadBackAsTheStateStoreCountsThem() {
    // No diff layers: the reads below go to the cache of flat rows, not to the layers of the commits.
    StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withDiffLayers(0));
    StateMetricsBinder.of(state, "store", "chain").bindTo(registry);
    commit(state, 3, 4);
    state.clearCaches();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        state.account(address(i));
        state.storage(address(i), Hash.keccak256(new byte[] {(byte) i}));
      }
    }

    StateMetrics metrics = state.metrics();
    assertThat(metrics.accounts().hits()).isPositive().isNotEqualTo(metrics.accounts().misses());
    assertThat(metrics.slots().hits()).isPositive();
    assertReadsAs(state, m -> m.accounts().hits(),
        () -> counter("luxdb.state.cache.gets", "store", "chain", "cache", "accounts", "result", "hit"));
    assertReadsAs(state, m -> m.accounts().misses(),
        () -> counter("luxdb.state.cache.gets", "cache", "accounts", "result", "miss"));
    assertReadsAs(state, m -> m.slots().hits(), () -> counter("luxdb.state.cache.gets", "cache", "slots", "result", "hit"));
    assertReadsAs(state, m -> m.slots().misses(),
        () -> counter("luxdb.state.cache.gets", "cache", "slots", "result", "miss"));
    assertReadsAs(state, m -> m.accounts().hitRate(), () -> gauge("luxdb.state.cache.hit.ratio", "cache", "accounts"));
    assertReadsAs(state, m -> m.slots().hitRate(), () -> gauge("luxdb.state.cache.hit.ratio", "cache", "slots"));
    assertReadsAs(state, StateMetrics::trieNodeHitRate, () -> gauge("luxdb.state.cache.hit.ratio", "cache", "trie-nodes"));
    assertThat(metrics.heldTrieNodes()).isPositive();
    assertReadsAs(state, StateMetrics::heldTrieNodes, () -> gauge("luxdb.state.trie.held"));
    assertReadsAs(state, StateMetrics::heldTrieNodeBytes, () -> gauge("luxdb.state.trie.held.size"));
  }

  @Test
  void cacheSizeAndEvictionsFollowABoundedCache() {
    // No diff layers: the reads below go to the cache of flat rows, not to the layer of the commit.
    StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withCaches(2, 2, 100).withDiffLayers(0));
    StateMetricsBinder.of(state).bindTo(registry);
    commit(state, 1, 20);
    state.clearCaches();
    for (int i = 0; i < 20; i++) {
      state.account(address(i));
    }

    for (long deadline = System.nanoTime() + 10_000_000_000L; state.metrics().accounts().evictions() == 0
        && System.nanoTime() < deadline; ) {
      Thread.onSpinWait(); // Caffeine evicts on its maintenance thread, soon after the reads
    }
    assertReadsAs(state, m -> m.accounts().evictions(), () -> counter("luxdb.state.cache.evictions", "cache", "accounts"));
    assertThat(counter("luxdb.state.cache.evictions", "cache", "accounts")).isPositive();
    assertReadsAs(state, m -> m.slots().evictions(), () -> counter("luxdb.state.cache.evictions", "cache", "slots"));
    assertReadsAs(state, m -> m.accounts().size(), () -> gauge("luxdb.state.cache.size", "cache", "accounts"));
    assertReadsAs(state, m -> m.slots().size(), () -> gauge("luxdb.state.cache.size", "cache", "slots"));
    assertThat(registry.get("luxdb.state.cache.size").tag("cache", "accounts").gauge().getId().getBaseUnit())
        .isEqualTo("entries");
  }

  @Test
  void heightsFollowCommitsAndPruning() {
    // Tries written at every height, so that pruning may remove any height below the window.
    StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withRetainedHeights(2).withTrieFlushInterval(1));
    new StateMetricsBinder(state, Tags.of("store", "chain")).bindTo(registry);
    assertThat(gauge("luxdb.state.height", "bound", "head")).isNaN();
    assertThat(gauge("luxdb.state.height", "bound", "oldest")).isNaN();

    commit(state, 5, 2);
    assertThat(gauge("luxdb.state.height", "store", "chain", "bound", "head")).isEqualTo(4);
    assertThat(gauge("luxdb.state.height", "bound", "oldest")).isZero();

    state.prune(2);
    assertThat(gauge("luxdb.state.height", "bound", "oldest")).isEqualTo(state.oldestHeight().orElseThrow())
        .isPositive();
    state.rollbackTo(3);
    assertThat(gauge("luxdb.state.height", "bound", "head")).isEqualTo(3);
  }

  @Test
  void everyMeterCarriesTheCallersTags() {
    StateMetricsBinder.of(StateStore.open(kv), "store", "chain", "network", "test").bindTo(registry);
    assertThat(registry.getMeters()).hasSize(15).allSatisfy(meter -> assertThat(meter.getId().getTag("store"))
        .isEqualTo("chain"));
    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getName()).matches("[a-z.]+"));
  }

  @Test
  void nullsAreRefusedNamingWhatToPass() {
    assertThatThrownBy(() -> new StateMetricsBinder(null, Tags.empty())).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("state");
    StateStore state = StateStore.open(kv);
    assertThatThrownBy(() -> new StateMetricsBinder(state, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Tags.empty()");
  }
}
