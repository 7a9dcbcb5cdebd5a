/**
 * The Ethereum Merkle Patricia Trie (Yellow Paper, Appendix D), stored through the storage API.
 *
 * <p>A {@link io.luxtensor.chain.trie.TrieStore} keeps nodes in one column family of any
 * engine, keyed by their Keccak-256 hash, with two bounded caches in front: decoded nodes, and the
 * encodings of the nodes commits wrote in a byte-bounded ring ({@code EncodingCache}). A
 * {@link io.luxtensor.chain.trie.MerklePatriciaTrie} (or a
 * {@link io.luxtensor.chain.trie.SecureTrie}, which hashes keys) edits in memory and writes
 * all new nodes in one atomic batch at {@code commit()}, returning the root hash at which it
 * can be reopened. {@link io.luxtensor.chain.trie.MerkleProofs} checks proofs against a root.
 *
 * <pre>{@code
 * try (KeyValueStore store = StorageEngines.open(StorageConfig.inMemory())) {
 *   TrieStore nodes = TrieStore.open(store, store.createColumnFamily("trie_nodes"));
 *   MerklePatriciaTrie trie = MerklePatriciaTrie.empty(nodes);
 *   trie.put(key, value);
 *   Hash root = trie.commit();
 *   List<byte[]> proof = trie.prove(key);
 *   Optional<byte[]> proved = MerkleProofs.verify(root, key, proof); // value, or empty if absent
 *   MerklePatriciaTrie later = MerklePatriciaTrie.open(nodes, root); // same content
 * }
 * }</pre>
 */
package io.luxtensor.chain.trie;
