/**
 * The Ethereum world state: a flat copy of the current state for reads in one lookup, beside a
 * secure Merkle Patricia Trie for the state root and proofs, with per-height diffs for history,
 * reorgs and pruning (the shape Besu's Bonsai, geth's path scheme, Erigon and Reth share).
 *
 * <h2>Layout</h2>
 * <table>
 *   <caption>Column families of a {@link io.luxtensor.chain.state.StateStore}</caption>
 *   <tr><th>family</th><th>key</th><th>value</th></tr>
 *   <tr><td>StateAccounts</td><td>address</td><td>account RLP (nonce, balance, storage root, code hash)</td></tr>
 *   <tr><td>StateStorage</td><td>address ‖ slot</td><td>value without leading zeros (unset slots absent)</td></tr>
 *   <tr><td>StateCode</td><td>code hash</td><td>code</td></tr>
 *   <tr><td>StateTrieNodes</td><td>node hash</td><td>node RLP, for the state trie and every storage trie</td></tr>
 *   <tr><td>StateRoots</td><td>height (8 bytes, big-endian)</td><td>state root ‖ block hash</td></tr>
 *   <tr><td>StateDiffs</td><td>height</td><td>{@link io.luxtensor.chain.state.StateDiff}: before and after of every change</td></tr>
 *   <tr><td>StateAccountHistory</td><td>address ‖ height</td><td>the account before that height changed it (empty: absent)</td></tr>
 *   <tr><td>StateStorageHistory</td><td>address ‖ slot ‖ height</td><td>the slot before that height changed it (empty: zero)</td></tr>
 *   <tr><td>StateMeta</td><td>{@code flatHeight}</td><td>the height the flat tables and history rows are written up to</td></tr>
 *   <tr><td>StateMeta</td><td>{@code trieHeight}</td><td>the height whose trie is the newest written in full</td></tr>
 * </table>
 *
 * <p>A commit writes its diff and its root in one atomic batch, so a crash leaves every height
 * whole or absent. Its new trie nodes are held in memory with it (geth's dirty trie nodes) and
 * written only every {@link io.luxtensor.chain.state.StateConfig#trieFlushInterval} heights, on a
 * thread of their own: the nodes the flat height's trie reaches, children first, then the
 * {@code trieHeight} row; nodes replaced in between (the upper branches, rewritten by every block)
 * are never written. Nodes are keyed by their hash, so none is relied on before the row that
 * records its trie lands, and opening the store rebuilds the held ones from the stored diffs. The
 * head is the last {@code StateRoots} entry; the oldest kept height its first.
 *
 * <h2>Diff layers above the flat tables</h2>
 * The newest heights (128 by default) stay in memory as diff layers above the flat tables, the
 * shape of geth's snapshot tree (diff layers over a disk layer): the flat tables and history rows
 * hold the state at the flat height ({@code StateMeta}), and a commit that takes the layers past
 * their depth writes the oldest one there, in its own batch. The head's reads look in the layers
 * first: every key a layer changed keeps one version per layer, stamped with the layer's sequence
 * number and counting only while that layer is live. So a {@code rollbackTo} within the layers
 * removes the undone roots and diffs (two range deletes) and drops layers from memory: its cost is
 * the number of heights, not of their changes. Below the layers it rewrites the flat tables from
 * the diffs' before values and deletes the undone history rows, in one batch. Nothing lives only
 * in memory: a layer is its stored diff, read back on open, and a crash loses no layer. An
 * account's value as of height {@code h} is the before value of its first change above {@code h}:
 * in the history rows (one seek) up to the flat height, then in the layers, else the head's value.
 * The target of a rollback within the held tries needs no trie work; below them, its trie is rebuilt
 * from the diffs above the newest written trie at or below it.
 *
 * <h2>Hash-keyed trie nodes, and why</h2>
 * Trie nodes are keyed by their hash (content-addressed), not by their path as in geth's path
 * scheme or Besu's Bonsai. Path keys keep one version of each node, which caps disk use without a
 * pruner but leaves only the head's trie: proofs and root-based reads of older heights would need
 * reverse trie-node diffs, and a reorg would have to rewrite nodes. Here a root names a complete
 * trie wherever its nodes are held or written, so EIP-1186 proofs work at every held height and
 * every written one, {@code at(root)} can walk any such root, {@code rollbackTo} within the held
 * tries only moves the head, and nodes can be held and written later without tracking versions.
 * Identical storage tries of different contracts share their nodes. The price is that nodes of old states
 * stay until {@link io.luxtensor.chain.state.StateStore#pruneTrieNodes} marks what the kept roots
 * reach (following each account leaf to its storage trie) and sweeps the rest in bounded batches;
 * and lookups by hash have no locality, which the flat tables hide from reads: only commits and
 * proofs walk the trie.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * StateStore state = StateStore.open(kv);
 * WorldState world = state.begin();
 * world.setBalance(alice, BigInteger.TEN);
 * world.transfer(alice, bob, BigInteger.ONE);           // InsufficientBalanceException if short
 * Hash root = world.commit(0, genesisHash);              // one atomic batch
 * state.at(0).balance(bob);                              // 1, also after later heights
 * state.at(0).proof(bob, List.of()).verify(root);        // EIP-1186, needs only the root
 * state.rollbackTo(0);                                   // a reorg: exactly height 0 again
 * }</pre>
 */
package io.luxtensor.chain.state;
