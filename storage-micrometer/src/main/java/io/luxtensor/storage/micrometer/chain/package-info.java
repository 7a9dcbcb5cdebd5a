/**
 * Micrometer meters for the chain stores of {@code storage-chain}:
 * {@link io.luxtensor.storage.micrometer.chain.StateMetricsBinder} publishes a state store's read
 * caches and kept heights as {@code luxdb.state.*} meters,
 * {@link io.luxtensor.storage.micrometer.chain.BlockStoreMetricsBinder} a block store's head as
 * {@code luxdb.chain.head.height}. Bind {@code StoreMetricsBinder} to the key-value store under them
 * for the engine's own counters.
 *
 * <pre>{@code
 * StateStore state = StateStore.open(kv);
 * StoreMetricsBinder.of(kv, "store", "chain").bindTo(registry);
 * StateMetricsBinder.of(state, "store", "chain").bindTo(registry);
 * BlockStoreMetricsBinder.of(BlockStore.open(kv), "store", "chain").bindTo(registry);
 * }</pre>
 *
 * <p>Kept apart from the parent package so that binding a plain store needs nothing of the chain.
 */
package io.luxtensor.storage.micrometer.chain;
