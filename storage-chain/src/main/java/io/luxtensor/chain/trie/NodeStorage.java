package io.luxtensor.chain.trie;

import io.luxtensor.storage.WriteBatch;
import java.util.List;
import java.util.function.Consumer;

/** Where a {@link TrieStore} keeps node RLP by node hash; the seam to the key-value engine. */
interface NodeStorage {

  /** The RLP stored under {@code hash}, or null. */
  byte[] get(byte[] hash);

  /** Stores every {@code hashes[i] -> rlps[i]} atomically: all or none. */
  void putAll(List<byte[]> hashes, List<byte[]> rlps);

  /** Adds {@code hashes[i] -> rlps[i]} to the caller's {@code batch}, which the caller writes. */
  void stage(WriteBatch batch, List<byte[]> hashes, List<byte[]> rlps);

  /** Removes every hash in {@code hashes} atomically. */
  void deleteAll(List<byte[]> hashes);

  /** Calls {@code action} with each stored hash, in key order, as of the start of the call. */
  void forEachHash(Consumer<byte[]> action);

  /** The scratch mark set of this storage, for the pruner; empty unless a prune was interrupted. */
  NodeMarks marks();
}
