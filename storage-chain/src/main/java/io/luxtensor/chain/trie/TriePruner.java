package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Mark-and-sweep removal of nodes no live root reaches, with the marks kept in the store
 * ({@link NodeMarks}) rather than on the heap, so a prune of a store of any size runs in bounded
 * memory. Marking walks every live trie in full before anything is deleted, so a live root with a
 * missing node aborts the prune with {@link MissingNodeException} and deletes nothing.
 *
 * <p>What it costs, for L live nodes (shared subtrees count once) and S stored nodes:
 * <ul>
 *   <li><b>Heap:</b> at most {@link #MARK_BATCH} unflushed marks, the walk's stack (at most 16
 *       references per level of a 64-nibble path, about a thousand), and one sweep chunk of
 *       {@link #SWEEP_CHUNK} hashes: a few megabytes whatever L and S are. (The former version held
 *       all L hashes in a {@code HashSet}, about 100 bytes each.)
 *   <li><b>Passes:</b> one depth-first walk per live root, skipping subtrees already marked, then
 *       one forward scan of the node column family.
 *   <li><b>I/O:</b> per live node, one node read (the trie cache is consulted but not filled, so a
 *       prune does not evict the working set), one point read of the marks and one mark write
 *       (batched by {@link #MARK_BATCH}); per stored node, one scanned entry and one mark look-up
 *       (batched by {@link #SWEEP_CHUNK} into a {@code multiGet}); dead nodes are deleted in batches
 *       of {@link #SWEEP_CHUNK}. On disk the marks take one 32-byte key per live node until the
 *       prune ends, when one range delete drops them.
 * </ul>
 * An interrupted prune leaves marks behind; the next prune clears them before it starts.
 */
final class TriePruner {

  /** Marks are written to the store in batches of this many hashes. */
  static final int MARK_BATCH = 10_000;

  /** The sweep checks and deletes stored hashes this many at a time. */
  static final int SWEEP_CHUNK = 10_000;

  private final TrieStore store;
  private final NodeStorage storage;
  private final Function<byte[], Collection<Hash>> leafLinks;

  /**
   * A pruner of {@code storage}; {@code leafLinks} names, for a stored value, the roots of further
   * tries in the same store that the value refers to (an account's storage trie), which are live
   * whenever the value is.
   */
  TriePruner(TrieStore store, NodeStorage storage, Function<byte[], Collection<Hash>> leafLinks) {
    this.store = store;
    this.storage = storage;
    this.leafLinks = leafLinks;
  }

  /** Deletes every stored node unreachable from {@code liveRoots}; returns how many. */
  long prune(Collection<Hash> liveRoots) {
    NodeMarks marks = storage.marks();
    marks.clear();
    try {
      mark(liveRoots, new Marker(marks));
      return sweep(marks);
    } finally {
      marks.clear();
    }
  }

  private void mark(Collection<Hash> liveRoots, Marker marker) {
    Deque<Node> pending = new ArrayDeque<>();
    for (Hash root : liveRoots) {
      if (!root.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
        pending.push(new HashNode(root.bytes()));
      }
      while (!pending.isEmpty()) {
        Node node = pending.pop();
        if (node instanceof HashNode reference) {
          if (!marker.markIfNew(reference.id)) {
            continue;
          }
          node = store.loadBypassingCache(reference.id);
        }
        // Embedded children have no key of their own but may hold hash references: walk them too.
        if (node instanceof BranchNode branch) {
          for (Node child : branch.children) {
            if (child != null) {
              pending.push(child);
            }
          }
          if (branch.value != null) {
            pushLinks(branch.value, pending);
          }
        } else if (node instanceof ExtensionNode extension) {
          pending.push(extension.child);
        } else if (node instanceof LeafNode leaf) {
          pushLinks(leaf.value, pending);
        }
      }
    }
    marker.flush();
  }

  private void pushLinks(byte[] value, Deque<Node> pending) {
    for (Hash linked : leafLinks.apply(value)) {
      if (!linked.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
        pending.push(new HashNode(linked.bytes()));
      }
    }
  }

  private long sweep(NodeMarks marks) {
    long[] deleted = {0};
    List<byte[]> chunk = new ArrayList<>(SWEEP_CHUNK);
    storage.forEachHash(hash -> {
      chunk.add(hash);
      if (chunk.size() == SWEEP_CHUNK) {
        deleted[0] += sweepChunk(chunk, marks);
      }
    });
    deleted[0] += sweepChunk(chunk, marks);
    return deleted[0];
  }

  private long sweepChunk(List<byte[]> chunk, NodeMarks marks) {
    if (chunk.isEmpty()) {
      return 0;
    }
    boolean[] live = marks.containsAll(chunk);
    List<byte[]> dead = new ArrayList<>();
    for (int i = 0; i < live.length; i++) {
      if (!live[i]) {
        dead.add(chunk.get(i));
        store.forget(new NodeId(chunk.get(i)));
      }
    }
    chunk.clear();
    if (!dead.isEmpty()) {
      storage.deleteAll(dead);
    }
    return dead.size();
  }

  /** Marks in the store, with the not yet flushed ones in a bounded in-heap set. */
  private static final class Marker {
    private final NodeMarks marks;
    private final Set<NodeId> unflushed = new HashSet<>();

    Marker(NodeMarks marks) {
      this.marks = marks;
    }

    /** Marks {@code id}; false if it was marked already (its subtree is or was being walked). */
    boolean markIfNew(NodeId id) {
      if (unflushed.contains(id) || marks.containsAll(List.of(id.bytes()))[0]) {
        return false;
      }
      unflushed.add(id);
      if (unflushed.size() == MARK_BATCH) {
        flush();
      }
      return true;
    }

    void flush() {
      if (!unflushed.isEmpty()) {
        marks.addAll(unflushed.stream().map(NodeId::bytes).toList());
        unflushed.clear();
      }
    }
  }
}
