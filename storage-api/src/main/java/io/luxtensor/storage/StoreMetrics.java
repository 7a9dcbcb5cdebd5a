package io.luxtensor.storage;

import java.util.Map;

/**
 * A point-in-time reading of a store's metrics. Operation counts and latencies are measured by the
 * storage layer around every engine call, the same way for every engine; the disk, memory, cache and
 * compaction figures come from the engine itself and are -1 (NaN for the hit rate) when it cannot
 * tell. Rates are averages since the store was opened. Counts are exact; latencies are sampled (every
 * call of the first 1,024, then one in 8 at random), which keeps timing off the hot path.
 *
 * @param reads keys read (get, contains, each key of a multiGet)
 * @param writes keys written (each put and delete, each operation of a batch)
 * @param readLatencyP50Nanos median latency of a read call
 * @param readLatencyP99Nanos 99th percentile latency of a read call
 * @param writeLatencyP50Nanos median latency of a write call (a batch counts as one call)
 * @param writeLatencyP99Nanos 99th percentile latency of a write call
 * @param readsPerSecond reads per second since open
 * @param writesPerSecond writes per second since open
 * @param bytesWritten bytes of keys and values written
 * @param iteratorsOpened iterators opened since open
 * @param diskUsageBytes bytes on disk, from the engine
 * @param memoryUsageBytes bytes of memory held by the engine
 * @param cacheHitRate block/page cache hit rate in [0, 1], from the engine
 * @param pendingCompactionBytes bytes awaiting compaction, from the engine
 * @param openIterators iterators open now
 * @param openSnapshots snapshots open now
 * @param openTransactions transactions open now
 * @param snapshotsClosedByStore snapshots the caller left open and the store closed
 * @param errors engine calls that failed
 * @param engineProperties further engine-native numbers
 */
public record StoreMetrics(
    long reads,
    long writes,
    long readLatencyP50Nanos,
    long readLatencyP99Nanos,
    long writeLatencyP50Nanos,
    long writeLatencyP99Nanos,
    double readsPerSecond,
    double writesPerSecond,
    long bytesWritten,
    long iteratorsOpened,
    long diskUsageBytes,
    long memoryUsageBytes,
    double cacheHitRate,
    long pendingCompactionBytes,
    int openIterators,
    int openSnapshots,
    int openTransactions,
    long snapshotsClosedByStore,
    long errors,
    Map<String, Long> engineProperties) {

  public StoreMetrics {
    engineProperties = Map.copyOf(engineProperties);
  }
}
