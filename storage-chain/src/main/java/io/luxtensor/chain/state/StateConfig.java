package io.luxtensor.chain.state;

/**
 * How a {@link StateStore} keeps history and caches. Immutable.
 *
 * @param retainedHeights how many heights below the head stay readable (history and
 *     {@code rollbackTo}; proofs where the trie is kept, see {@code trieFlushInterval}); older ones
 *     are removed by {@link StateStore#prune}. Besu keeps 512, geth 90,000 blocks of state history.
 * @param cachedAccounts accounts kept in the read cache
 * @param cachedSlots storage slots kept in the read cache
 * @param cachedTrieNodes decoded trie nodes kept in the node cache for reads through the tries
 *     (proofs, views at a root): a few hundred bytes each, up to about two kilobytes for a full
 *     branch. A commit does not fill it: the nodes it loads are replaced by the commit itself, so it
 *     keeps them to itself
 * @param cachedTrieNodeBytes bytes of trie node encodings kept by the node store (geth's clean
 *     cache): every node a commit writes, and nodes read outside commits, oldest forgotten first.
 *     The live trie is what commits wrote, so a commit finds the nodes on its paths here when they
 *     were written within the cache's reach instead of reading them from the store (at 2,000
 *     accounts and 2,000 slots a block, 512 MiB holds about the last 100 blocks' nodes). Held as a
 *     few large arrays, allocated as they fill, which the collector neither scans nor copies
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
 * @param trieFlushInterval how many heights' trie nodes are written at once (at least 1). A commit's
 *     new trie nodes are held in memory with its diff layer, and written only when the flat tables
 *     are this many heights past the last written trie: then the nodes the flat height's trie
 *     reaches are written and the rest let go. Nodes replaced within the interval (the upper
 *     branches, rewritten by every block) are never written, which saves most of the node writes and
 *     their compactions (at 32, ~60% of them at 2,000 accounts a block). The cost: a trie below the
 *     diff layers is kept only for the heights it was written at (proofs and {@code at(root)} of
 *     the others fail as unavailable, as geth serves them only for its in-memory layers and
 *     flushed roots), and a {@code rollbackTo} below the last written trie rebuilds the tries from
 *     the diffs. 1 writes every height's trie, as a store without held nodes would. Held nodes also
 *     cost heap: each commit's new nodes for {@code diffLayers} plus up to this many heights (about
 *     3.2 MB a height at 2,000 accounts and 2,000 slots over 1,000,000 accounts: 518 MB for 160
 *     heights, in byte chunks the collector does not scan), or until they pass
 *     {@link #FLUSH_TRIE_BYTES}.
 */
public record StateConfig(long retainedHeights, long cachedAccounts, long cachedSlots, long cachedTrieNodes,
    long cachedTrieNodeBytes, boolean syncCommits, int diffLayers, int trieFlushInterval) {

  /**
   * Held trie nodes below the diff layers are written once their encodings take this many bytes,
   * however few heights they span (a genesis of a million accounts): geth's dirty node buffer size.
   */
  public static final long FLUSH_TRIE_BYTES = 256L << 20;

  /**
   * 512 retained heights, 1,000,000 cached accounts and slots, 100,000 decoded trie nodes (up to
   * about 100 MB of heap when full of branches), 512 MiB of trie node encodings, no sync, 128 diff
   * layers, tries written every 32 heights.
   */
  public static final StateConfig DEFAULT = new StateConfig(512, 1_000_000, 1_000_000, 100_000, 512L << 20, false, 128, 32);

  /**
   * Checks the numbers.
   *
   * @throws IllegalArgumentException if one is negative
   */
  public StateConfig {
    if (retainedHeights < 0 || cachedAccounts < 0 || cachedSlots < 0 || cachedTrieNodes < 0 || cachedTrieNodeBytes < 0
        || diffLayers < 0 || trieFlushInterval < 1) {
      throw new IllegalArgumentException("state config values must not be negative: retainedHeights="
          + retainedHeights + ", cachedAccounts=" + cachedAccounts + ", cachedSlots=" + cachedSlots
          + ", cachedTrieNodes=" + cachedTrieNodes + ", cachedTrieNodeBytes=" + cachedTrieNodeBytes
          + ", diffLayers=" + diffLayers + ", trieFlushInterval=" + trieFlushInterval + " (at least 1)");
    }
  }

  /** This config with {@code heights} retained. */
  public StateConfig withRetainedHeights(long heights) {
    return new StateConfig(heights, cachedAccounts, cachedSlots, cachedTrieNodes, cachedTrieNodeBytes, syncCommits, diffLayers, trieFlushInterval);
  }

  /** This config with caches of the given sizes; the trie node encodings' stays as it is. */
  public StateConfig withCaches(long accounts, long slots, long trieNodes) {
    return new StateConfig(retainedHeights, accounts, slots, trieNodes, cachedTrieNodeBytes, syncCommits, diffLayers, trieFlushInterval);
  }

  /** This config with {@code bytes} of trie node encodings cached. */
  public StateConfig withCachedTrieNodeBytes(long bytes) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, bytes, syncCommits, diffLayers, trieFlushInterval);
  }

  /** This config with commits synced or not. */
  public StateConfig withSyncCommits(boolean sync) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, cachedTrieNodeBytes, sync, diffLayers, trieFlushInterval);
  }

  /** This config with {@code layers} diff layers. */
  public StateConfig withDiffLayers(int layers) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, cachedTrieNodeBytes, syncCommits, layers, trieFlushInterval);
  }

  /** This config with the tries written every {@code heights} heights. */
  public StateConfig withTrieFlushInterval(int heights) {
    return new StateConfig(retainedHeights, cachedAccounts, cachedSlots, cachedTrieNodes, cachedTrieNodeBytes, syncCommits,
        diffLayers, heights);
  }

  /** The diff layers actually kept: {@link #diffLayers}, but no more than {@link #retainedHeights}. */
  int effectiveDiffLayers() {
    return (int) Math.min(diffLayers, retainedHeights);
  }
}
