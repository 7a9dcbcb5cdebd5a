package io.luxtensor.storage.micrometer.chain;

import io.luxtensor.chain.state.StateMetrics;
import io.luxtensor.chain.state.StateStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link StateStore}'s read caches ({@link StateMetrics}) and kept heights as Micrometer
 * meters, named by Micrometer's conventions (dot-separated lower-case names, the cache in a tag) and
 * shaped like Micrometer's own cache meters ({@code cache.gets} with {@code result=hit|miss}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>from</th></tr>
 *   <tr><td>{@code luxdb.state.cache.gets}</td><td>function counter</td><td>{@code cache=accounts|slots}, {@code result=hit|miss}</td><td>hits, misses</td></tr>
 *   <tr><td>{@code luxdb.state.cache.hit.ratio}</td><td>gauge</td><td>{@code cache=accounts|slots|trie-nodes}</td><td>hitRate, trieNodeHitRate</td></tr>
 *   <tr><td>{@code luxdb.state.cache.size}</td><td>gauge, entries</td><td>{@code cache=accounts|slots}</td><td>size (approximate)</td></tr>
 *   <tr><td>{@code luxdb.state.cache.evictions}</td><td>function counter</td><td>{@code cache=accounts|slots}</td><td>evictions</td></tr>
 *   <tr><td>{@code luxdb.state.height}</td><td>gauge</td><td>{@code bound=head|oldest}</td><td>headHeight, oldestHeight (NaN while empty)</td></tr>
 *   <tr><td>{@code luxdb.state.trie.held}</td><td>gauge, nodes</td><td></td><td>heldTrieNodes</td></tr>
 *   <tr><td>{@code luxdb.state.trie.held.size}</td><td>gauge, bytes</td><td></td><td>heldTrieNodeBytes</td></tr>
 * </table>
 *
 * <p>Every meter carries the caller's tags (a {@code store} name, say, when a process has several
 * state stores). The counts are the caches' since the state store was opened; each meter read asks
 * the state store, which answers from memory. The gauges hold the state store strongly, so the
 * function counters (which Micrometer holds weakly) keep reading it; remove the meters
 * ({@code registry.remove}) when the state store is gone for good. The state store has no commit
 * counter: the head height gauge is what tells commits apart. Thread-safe.
 */
public final class StateMetricsBinder implements MeterBinder {

  private final StateStore state;
  private final Tags tags;

  /** A binder for {@code state}'s metrics, each meter tagged with {@code tags}. */
  public StateMetricsBinder(StateStore state, Iterable<Tag> tags) {
    this.state = Objects.requireNonNull(state, "state must not be null");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null; use Tags.empty()"));
  }

  /** A binder for {@code state} tagged with {@code tags} (name=value pairs, e.g. {@code "store", "chain"}). */
  public static StateMetricsBinder of(StateStore state, String... tags) {
    return new StateMetricsBinder(state, Tags.of(tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    cache(registry, "accounts", StateMetrics::accounts);
    cache(registry, "slots", StateMetrics::slots);
    gauge(registry, "luxdb.state.cache.hit.ratio", "Reads served by the cache over all reads", null,
        s -> s.metrics().trieNodeHitRate(), "cache", "trie-nodes");
    gauge(registry, "luxdb.state.height", "A kept height of the state (NaN while the state is empty)", null,
        s -> height(s.headHeight()), "bound", "head");
    gauge(registry, "luxdb.state.height", "A kept height of the state (NaN while the state is empty)", null,
        s -> height(s.oldestHeight()), "bound", "oldest");
    gauge(registry, "luxdb.state.trie.held", "Trie nodes held in memory, not yet written", "nodes",
        s -> s.metrics().heldTrieNodes());
    gauge(registry, "luxdb.state.trie.held.size", "Bytes of the trie nodes held in memory", "bytes",
        s -> s.metrics().heldTrieNodeBytes());
  }

  private void cache(MeterRegistry registry, String cache, Function<StateMetrics, StateMetrics.CacheMetrics> of) {
    counter(registry, "luxdb.state.cache.gets", "Reads of the cache", s -> of.apply(s.metrics()).hits(),
        "cache", cache, "result", "hit");
    counter(registry, "luxdb.state.cache.gets", "Reads of the cache", s -> of.apply(s.metrics()).misses(),
        "cache", cache, "result", "miss");
    counter(registry, "luxdb.state.cache.evictions", "Entries dropped from the cache for size",
        s -> of.apply(s.metrics()).evictions(), "cache", cache);
    gauge(registry, "luxdb.state.cache.hit.ratio", "Reads served by the cache over all reads", null,
        s -> of.apply(s.metrics()).hitRate(), "cache", cache);
    gauge(registry, "luxdb.state.cache.size", "Entries the cache holds (approximate)", "entries",
        s -> of.apply(s.metrics()).size(), "cache", cache);
  }

  private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<StateStore> value,
      String... extraTags) {
    FunctionCounter.builder(name, state, value).description(description).tags(tags).tags(extraTags).register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<StateStore> value, String... extraTags) {
    Gauge.builder(name, state, value).description(description).baseUnit(unit).tags(tags).tags(extraTags)
        .strongReference(true).register(registry);
  }

  private static double height(OptionalLong height) {
    return height.isPresent() ? height.getAsLong() : Double.NaN;
  }
}
