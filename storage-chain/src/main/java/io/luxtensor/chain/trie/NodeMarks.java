package io.luxtensor.chain.trie;

import java.util.List;

/**
 * A scratch set of node hashes kept in the store beside the nodes, where the pruner marks what is
 * live, so that marking costs disk rather than heap. Used by one prune at a time.
 */
interface NodeMarks {

  /** Whether each of {@code hashes} is marked, in order. */
  boolean[] containsAll(List<byte[]> hashes);

  /** Marks every hash in {@code hashes} (one batch). */
  void addAll(List<byte[]> hashes);

  /** Removes every mark. */
  void clear();
}
