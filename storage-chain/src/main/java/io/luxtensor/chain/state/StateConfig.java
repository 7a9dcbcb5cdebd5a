package io.luxtensor.chain.state;

/**
 * How a {@link StateStore} keeps history and caches. Immutable.
 *
 * @param retainedHeights how many heights below the head stay readable (history, proofs and
 *     {@code rollbackTo}); older ones are removed by {@link StateStore#prune}. Besu keeps 512,
 *     geth 90,000 blocks of state history.
 * @param cachedAccounts accounts kept in the read cache
 * @param cachedSlots storage slots kept in the read cache
 * @param cachedTrieNodes decoded trie nodes kept in the node cache for reads through the tries
 *     (proofs, views at a root): a few hundred bytes each, up to about two kilobytes for a full
 *     branch. A commit does not fill it: the nodes it loads are replaced by the commit itself, so it
 *     keeps them to itself, and it finds the nodes the latest commits wrote among their encodings,
 *     which the node store keeps apart (at least 2 x 65,536 nodes, a sixteenth of this each)
 * @param syncCommits whether each commit and rollback is synced to disk before it returns
 * @param diffLayers how many of the newest heights are kept as in-memory diff layers above the flat
 *     tables (at most {@code retainedHeights}): their changes are written to the flat tables and
 *     the history only when they fall below, so a {@code rollbackTo} within them writes nothing
 *     but the removal of the undone roots and diffs. Their diffs are stored with each commit, so
 *     nothing is lost in a crash; opening the store reads them back. Costs heap, about 400 bytes
 *     per change held (128 heights of 4,000 changes: ~210 MB), and on open the decoding of that
 *     many diffs; 0 writes every height through. geth keeps 128 diff layers. However many are
 *     configured, the layers never hold more than 600,000 changes together (~250 MB): the oldest
 *     are written through first, and a height larger than that (a genesis of a million accounts)
 *     goes straight to the flat tables.
 */
public record StateConfig(long retainedHeights, long cachedAccounts, long cachedSlots, long cachedTrieNodes,
    boolean syncCommits, int diffLayers) {

  /**
   * 512 retained heights, 1,000,000 cached accounts and slots, 1,000,000 cached trie nodes (up to
   * about a GB of heap when full of branches), no sync, 128 diff layers.
   */
  public static final StateConfig DEFAULT = new StateConfig(512, 1_000_000, 1_000_000, 1_000_000, false, 128);

  /**
   * Checks the numbers.
   *
   * @throws IllegalArgumentException if one is negative
   */
  public StateConfig {
    if (retainedHeights < 0 || cachedAccounts < 0 || cachedSlots < 0 || cachedTrieNodes < 0 || diffLayers < 0) {
      throw new IllegalArgumentException("state config values must not be negative: retainedHeights="
          + retainedHeights + ", cachedAccounts=" + cachedAccounts + ", cachedSlots=" + cachedSlots
          + ", cachedTrieNodes=" + cachedTrieNodes + ", diffLayers=" + diffLayers);
    }
  }

  /** This config with {@code heights} retained. */
  public StateConfig withRetainedHeights(long heights) {
    return new StateConfig(heights, cachedAccounts, cachedSlots, cachedTrieNodes, syncCommits, diffLayers);
  }

  /** This config with caches of the given sizes. */
  public StateConfig withCaches(long accounts, long slots, long trieNodes) {
    return new StateConfig(retainedHeights, accounts, slots, trieNodes, syncCommits, diffLayers);
  }

  /** This config with commits synced or not. */
  public StateConfig withSyncCommits(boolean sync) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, sync, diffLayers);
  }

  /** This config with {@code layers} diff layers. */
  public StateConfig withDiffLayers(int layers) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, syncCommits, layers);
  }

  /** The diff layers actually kept: {@link #diffLayers}, but no more than {@link #retainedHeights}. */
  int effectiveDiffLayers() {
    return (int) Math.min(diffLayers, retainedHeights);
  }
}
