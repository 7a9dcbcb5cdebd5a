package io.luxtensor.chain.state;

/**
 * How a {@link StateStore} keeps history and caches. Immutable.
 *
 * @param retainedHeights how many heights below the head stay readable (history, proofs and
 *     {@code rollbackTo}); older ones are removed by {@link StateStore#prune}. Besu keeps 512,
 *     geth 90,000 blocks of state history.
 * @param cachedAccounts accounts kept in the read cache
 * @param cachedSlots storage slots kept in the read cache
 * @param cachedTrieNodes decoded trie nodes kept in the node cache (a few hundred bytes each, up to
 *     about a kilobyte for a full branch; a commit walks the paths of its changed keys, so the cache
 *     should hold the trie's upper levels and the recently changed paths)
 * @param syncCommits whether each commit and rollback is synced to disk before it returns
 */
public record StateConfig(long retainedHeights, long cachedAccounts, long cachedSlots, long cachedTrieNodes,
    boolean syncCommits) {

  /**
   * 512 retained heights, 1,000,000 cached accounts and slots, 1,000,000 cached trie nodes (some
   * hundreds of MB of heap when full; the 200,000 of earlier versions missed on most lower-level
   * nodes from 100,000 accounts up), no sync.
   */
  public static final StateConfig DEFAULT = new StateConfig(512, 1_000_000, 1_000_000, 1_000_000, false);

  /**
   * Checks the numbers.
   *
   * @throws IllegalArgumentException if one is negative
   */
  public StateConfig {
    if (retainedHeights < 0 || cachedAccounts < 0 || cachedSlots < 0 || cachedTrieNodes < 0) {
      throw new IllegalArgumentException("state config values must not be negative: retainedHeights="
          + retainedHeights + ", cachedAccounts=" + cachedAccounts + ", cachedSlots=" + cachedSlots
          + ", cachedTrieNodes=" + cachedTrieNodes);
    }
  }

  /** This config with {@code heights} retained. */
  public StateConfig withRetainedHeights(long heights) {
    return new StateConfig(heights, cachedAccounts, cachedSlots, cachedTrieNodes, syncCommits);
  }

  /** This config with caches of the given sizes. */
  public StateConfig withCaches(long accounts, long slots, long trieNodes) {
    return new StateConfig(retainedHeights, accounts, slots, trieNodes, syncCommits);
  }

  /** This config with commits synced or not. */
  public StateConfig withSyncCommits(boolean sync) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, sync);
  }
}
