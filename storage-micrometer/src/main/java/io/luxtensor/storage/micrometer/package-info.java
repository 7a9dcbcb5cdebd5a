/**
 * Micrometer metrics for LuxTensor stores: {@link io.luxtensor.storage.micrometer.StoreMetricsBinder}
 * publishes a store's {@link io.luxtensor.storage.StoreMetrics} as {@code luxdb.*} meters in any
 * {@link io.micrometer.core.instrument.MeterRegistry}, so that they reach whatever monitoring system the
 * application reports to (Prometheus, OTLP, Datadog, JMX, …).
 *
 * <pre>{@code
 * try (KeyValueStore store = StorageEngines.open(config)) {
 *   StoreMetricsBinder.of(store, "store", "chain").bindTo(registry);
 *   ...
 * }
 * }</pre>
 *
 * <p>This package depends on the public API and micrometer-core only, so it works with every engine;
 * the chain stores' meters are in {@link io.luxtensor.storage.micrometer.chain}.
 */
package io.luxtensor.storage.micrometer;
