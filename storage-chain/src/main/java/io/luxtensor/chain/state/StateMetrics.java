package io.luxtensor.chain.state;

/**
 * A snapshot of a {@link StateStore}'s read caches and held trie nodes, for metrics. Immutable.
 *
 * @param accounts the account cache
 * @param slots the storage slot cache
 * @param trieNodeHitRate fraction of trie node loads served by the node cache
 * @param heldTrieNodes trie nodes held in memory (the heights above the newest written trie)
 * @param heldTrieNodeBytes the bytes of their encodings
 */
public record StateMetrics(CacheMetrics accounts, CacheMetrics slots, double trieNodeHitRate, long heldTrieNodes,
    long heldTrieNodeBytes) {

  /**
   * Counters of one cache since the store was opened.
   *
   * @param hits reads served by the cache
   * @param misses reads that went to the flat tables
   * @param hitRate hits over all reads; 1.0 before any read
   * @param size approximate number of entries held
   * @param evictions entries dropped for size
   */
  public record CacheMetrics(long hits, long misses, double hitRate, long size, long evictions) {}
}
