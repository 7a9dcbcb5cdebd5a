package io.luxtensor.chain.trie;

import java.util.List;

/** Where a {@link TrieStore} keeps node RLP by node hash; the seam to the key-value engine. */
interface NodeStorage {

  /** The RLP stored under {@code hash}, or null. */
  byte[] get(byte[] hash);

  /** Stores every {@code hashes[i] -> rlps[i]} atomically: all or none. */
  void putAll(List<byte[]> hashes, List<byte[]> rlps);
}
