package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import io.luxtensor.storage.WriteBatch;

/**
 * An Ethereum Merkle Patricia Trie (Yellow Paper, Appendix D) over byte keys: root hashes,
 * node encodings and proofs are identical to Ethereum's.
 *
 * <p>Changes live in memory until {@link #commit()}, which writes every new node to the
 * {@link TrieStore} in one atomic batch; hashes are computed only when asked for (by
 * {@code rootHash}, {@code commit} or {@code prove}) and each node is hashed at most once.
 * As in Ethereum, an empty value means "absent": putting one deletes the key.
 *
 * <p>Not thread-safe: confine a trie to one thread, or guard it (hashing a large change may fan
 * out to the common fork-join pool, which is invisible to the caller). Iterators and proofs work on
 * the trie as it was when they were created. Arguments must not be {@code null}; returned
 * arrays are copies. Nodes read or written stay referenced by the trie until it is discarded,
 * so open a fresh trie at {@link #commit()}'s root to release memory in long-running use.
 * A node the store lacks surfaces as {@link MissingNodeException}, never as absent data.
 */
public final class MerklePatriciaTrie implements Trie {

  /** Root of the empty trie; the same constant as {@link Hash#EMPTY_TRIE_ROOT}. */
  public static final Hash EMPTY_ROOT = Hash.EMPTY_TRIE_ROOT;

  /** Changed children of the root from which their hashing is spread over threads. */
  private static final int PARALLEL_HASH_MIN_CHILDREN = 8;

  private final TrieStore store;
  private final TrieUpdater updater;
  private Node root;

  private MerklePatriciaTrie(TrieStore store, Node root) {
    this.store = store;
    this.updater = new TrieUpdater(store);
    this.root = root;
  }

  /** An empty trie whose nodes will be committed to {@code store}. */
  public static MerklePatriciaTrie empty(TrieStore store) {
    return new MerklePatriciaTrie(store, null);
  }

  /**
   * The trie committed to {@code store} with root hash {@code root}. Loads only the root node
   * now; the rest loads on demand.
   *
   * @throws MissingNodeException if {@code store} has no node {@code root}
   */
  public static MerklePatriciaTrie open(TrieStore store, Hash root) {
    if (root.equals(EMPTY_ROOT)) {
      return empty(store);
    }
    return new MerklePatriciaTrie(store, store.load(root, Nibbles.EMPTY, 0));
  }

  /** The value stored under {@code key}, or empty if there is none. */
  @Override
  public Optional<byte[]> get(byte[] key) {
    byte[] path = Nibbles.fromBytes(key);
    return find(root, path, (node, pos) -> store.resolve(node, path, pos));
  }

  /**
   * {@link #get}, for a caller that knows the value {@code key} holds (from a flat copy of the
   * trie's content, as the state store keeps): where a node on the path would be read from storage,
   * the leaf {@code expectedValue} makes at that depth is tried first and taken, without a read,
   * when its hash is the one the parent refers to. Equal hashes mean the same node, so what the
   * walk returns is what the stored trie holds whatever {@code expectedValue} was; a wrong guess
   * costs one hash. The loaded path serves the updates of the key that follow.
   */
  public Optional<byte[]> getExpecting(byte[] key, byte[] expectedValue) {
    byte[] path = Nibbles.fromBytes(key);
    byte[] expected = expectedValue.clone();
    return find(root, path, (node, pos) -> store.resolve(node, path, pos, expected));
  }

  /** Turns a node reference met on the way down into the node, loading it where needed. */
  interface Resolver {
    Node resolve(Node node, int pos);
  }

  /**
   * Walks from {@code node} down {@code path}, resolving references through {@code resolver}, to the
   * value under the path: shared by reads on a trie and by proof verification.
   */
  static Optional<byte[]> find(Node node, byte[] path, Resolver resolver) {
    int pos = 0;
    while (node != null) {
      node = resolver.resolve(node, pos);
      if (node instanceof LeafNode leaf) {
        return Nibbles.matchesRest(leaf.path, path, pos) ? Optional.of(leaf.value.clone()) : Optional.empty();
      }
      if (node instanceof ExtensionNode extension) {
        if (Nibbles.commonPrefix(extension.path, path, pos) < extension.path.length) {
          return Optional.empty();
        }
        pos += extension.path.length;
        node = extension.child;
      } else {
        BranchNode branch = (BranchNode) node;
        if (pos == path.length) {
          return Optional.ofNullable(branch.value).map(byte[]::clone);
        }
        node = branch.children[path[pos++]];
      }
    }
    return Optional.empty();
  }

  /** Sets {@code key} to {@code value}; an empty {@code value} deletes the key, as in Ethereum. */
  @Override
  public void put(byte[] key, byte[] value) {
    if (value.length == 0) {
      delete(key);
      return;
    }
    root = updater.insert(root, Nibbles.fromBytes(key), 0, value.clone());
  }

  /** Removes {@code key}; does nothing if it is absent. */
  @Override
  public void delete(byte[] key) {
    root = updater.delete(root, Nibbles.fromBytes(key), 0);
  }

  /** Whether the trie holds no keys. */
  @Override
  public boolean isEmpty() {
    return root == null;
  }

  /** Keccak-256 of the root node's RLP, including uncommitted changes; writes nothing. */
  @Override
  public Hash rootHash() {
    if (root == null) {
      return EMPTY_ROOT;
    }
    hashChangedSubtrees();
    return new Hash(root.hash());
  }

  /**
   * Hashes the root's changed subtrees on the common fork-join pool when a change reached at least
   * {@link #PARALLEL_HASH_MIN_CHILDREN} of them, as geth's hasher does for a full root: a block's
   * thousands of updates spread over all sixteen, each subtree's hashing is independent of the
   * others' and its results are memoised in its nodes, so the root's own hash then only encodes
   * sixteen references. Smaller changes are hashed on the caller's thread, where forking costs
   * more than it saves.
   */
  private void hashChangedSubtrees() {
    if (!(root instanceof BranchNode branch) || branch.persisted) {
      return;
    }
    List<Node> changed = new ArrayList<>(BranchNode.WIDTH);
    for (Node child : branch.children) {
      if (child != null && !child.persisted) {
        changed.add(child);
      }
    }
    if (changed.size() >= PARALLEL_HASH_MIN_CHILDREN) {
      // isHashReferenced() encodes the subtree; hash() then hashes its top (the rest hashed on the way).
      changed.parallelStream().filter(Node::isHashReferenced).forEach(Node::hash);
    }
  }

  /**
   * Writes every node created since the last commit, and the root node, to the store in one
   * atomic batch, then returns the root hash, at which {@link #open} finds this content. If
   * the write fails, nothing is marked committed and a later commit retries all of it.
   */
  @Override
  public Hash commit() {
    return commit(null, null);
  }

  @Override
  public Hash commit(WriteBatch batch) {
    return commit(batch, null);
  }

  /**
   * Hashes the trie and adds every node created since the last commit, and the root node, to
   * {@code set} instead of writing them, then returns the root hash. Until the set is
   * {@linkplain TrieStore#hold held} by this trie's store (or written), {@link #open} at that root
   * finds nothing.
   */
  public Hash commit(NodeSet set) {
    return commit(null, set);
  }

  private Hash commit(WriteBatch batch, NodeSet set) {
    if (root == null) {
      return EMPTY_ROOT;
    }
    hashChangedSubtrees();
    List<Node> stored = new ArrayList<>();
    List<Node> created = new ArrayList<>();
    collectUncommitted(root, stored, created);
    // A root under 32 bytes is not stored by its children's rule (it would be embedded in a
    // parent), yet open() needs it under its hash; it may even come from a former parent.
    if (!root.isHashReferenced()) {
      stored.add(root);
    }
    if (set != null) {
      stored.forEach(set::add);
    } else {
      List<byte[]> hashes = new ArrayList<>(stored.size());
      List<byte[]> rlps = new ArrayList<>(stored.size());
      for (Node node : stored) {
        hashes.add(node.hash());
        rlps.add(node.rlp());
      }
      if (batch == null) {
        store.write(hashes, rlps);
      } else {
        store.stage(batch, hashes, rlps);
      }
      store.remember(stored);
    }
    for (Node node : created) {
      node.persisted = true;
    }
    return rootHash();
  }

  private static void collectUncommitted(Node node, List<Node> stored, List<Node> created) {
    if (node == null || node.persisted) {
      return;
    }
    if (node instanceof BranchNode branch) {
      for (Node child : branch.children) {
        collectUncommitted(child, stored, created);
      }
    } else if (node instanceof ExtensionNode extension) {
      collectUncommitted(extension.child, stored, created);
    }
    if (node.isHashReferenced()) {
      stored.add(node);
    }
    created.add(node);
  }

  /**
   * Entries with keys at or after {@code startKey}, in unsigned byte order of the keys, as of
   * this call (later changes to the trie are not seen). Stored nodes load as the iteration
   * reaches them, so a missing node surfaces as {@link MissingNodeException} from
   * {@code hasNext}. Pass an empty array to start at the first key.
   */
  @Override
  public Iterator<TrieEntry> iterator(byte[] startKey) {
    return new TrieIterator(store, root, startKey.clone());
  }

  /**
   * A Merkle proof for {@code key}: the RLP of the root node and of every hash-referenced node
   * on the path to {@code key}, root first. It proves the value if the key is present and its
   * absence otherwise; check it with {@link MerkleProofs#verify}. Empty for the empty trie.
   */
  @Override
  public List<byte[]> prove(byte[] key) {
    List<byte[]> proof = new ArrayList<>();
    byte[] path = Nibbles.fromBytes(key);
    int pos = 0;
    Node node = root;
    while (node != null) {
      node = store.resolve(node, path, pos);
      if (node == root || node.isHashReferenced()) {
        proof.add(node.rlp().clone());
      }
      if (node instanceof LeafNode) {
        break;
      }
      if (node instanceof ExtensionNode extension) {
        if (Nibbles.commonPrefix(extension.path, path, pos) < extension.path.length) {
          break;
        }
        pos += extension.path.length;
        node = extension.child;
      } else {
        BranchNode branch = (BranchNode) node;
        node = pos == path.length ? null : branch.children[path[pos++]];
      }
    }
    return proof;
  }
}
