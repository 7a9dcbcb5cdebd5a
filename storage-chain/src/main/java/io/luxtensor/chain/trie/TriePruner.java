package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark-and-sweep removal of nodes no live root reaches. Marking walks every live trie in full
 * before anything is deleted, so a live root with a missing node aborts the prune with
 * {@link MissingNodeException} and deletes nothing.
 */
final class TriePruner {

  /** Deletes go out in batches of this many keys, bounding the memory of one batch. */
  static final int DELETE_BATCH = 10_000;

  private final TrieStore store;
  private final NodeStorage storage;

  TriePruner(TrieStore store, NodeStorage storage) {
    this.store = store;
    this.storage = storage;
  }

  /** Deletes every stored node unreachable from {@code liveRoots}; returns how many. */
  long prune(Collection<Hash> liveRoots) {
    Set<NodeId> live = mark(liveRoots);
    long[] deleted = {0};
    List<byte[]> batch = new ArrayList<>();
    storage.forEachHash(hash -> {
      NodeId id = new NodeId(hash);
      if (!live.contains(id)) {
        batch.add(hash);
        store.forget(id);
        if (batch.size() == DELETE_BATCH) {
          deleted[0] += flush(batch);
        }
      }
    });
    deleted[0] += flush(batch);
    return deleted[0];
  }

  private Set<NodeId> mark(Collection<Hash> liveRoots) {
    Set<NodeId> live = new HashSet<>();
    Deque<Node> pending = new ArrayDeque<>();
    for (Hash root : liveRoots) {
      if (!root.equals(MerklePatriciaTrie.EMPTY_ROOT) && live.add(new NodeId(root.bytes()))) {
        pending.push(store.load(root, Nibbles.EMPTY, 0));
      }
    }
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (node instanceof BranchNode branch) {
        for (Node child : branch.children) {
          visit(child, live, pending);
        }
      } else if (node instanceof ExtensionNode extension) {
        visit(extension.child, live, pending);
      }
    }
    return live;
  }

  private void visit(Node child, Set<NodeId> live, Deque<Node> pending) {
    if (child instanceof HashNode reference) {
      if (live.add(reference.id)) {
        pending.push(store.resolve(reference, Nibbles.EMPTY, 0));
      }
    } else if (child != null) {
      // Embedded nodes have no key of their own but may hold hash references.
      pending.push(child);
    }
  }

  private long flush(List<byte[]> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    storage.deleteAll(batch);
    int size = batch.size();
    batch.clear();
    return size;
  }
}
