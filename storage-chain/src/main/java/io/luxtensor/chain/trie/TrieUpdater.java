package io.luxtensor.chain.trie;

import java.util.Arrays;

/**
 * Persistent (copy-on-write) insert and delete on the node structure. Each operation returns
 * the new subtree root and allocates only along the changed path; when nothing changes it
 * returns the very same node, which lets callers keep unchanged parents (and their memoised
 * hashes). Deletion restores the canonical shape: no branch with fewer than two entries, no
 * extension followed by an extension or leaf.
 */
final class TrieUpdater {

  private final TrieStore store;

  TrieUpdater(TrieStore store) {
    this.store = store;
  }

  /** {@code node} with {@code key[pos..]} set to {@code value} (non-empty). */
  Node insert(Node node, byte[] key, int pos, byte[] value) {
    if (node == null) {
      return new LeafNode(Nibbles.slice(key, pos, key.length), value);
    }
    Node resolved = store.resolve(node, key, pos);
    if (resolved instanceof LeafNode leaf) {
      return insertIntoLeaf(leaf, key, pos, value);
    }
    if (resolved instanceof ExtensionNode extension) {
      return insertIntoExtension(extension, key, pos, value);
    }
    BranchNode branch = (BranchNode) resolved;
    if (pos == key.length) {
      return Arrays.equals(branch.value, value) ? branch : new BranchNode(branch.children, value);
    }
    int index = key[pos];
    Node child = branch.children[index];
    Node updated = insert(child, key, pos + 1, value);
    return updated == child ? branch : branch.withChild(index, updated);
  }

  private Node insertIntoLeaf(LeafNode leaf, byte[] key, int pos, byte[] value) {
    int match = Nibbles.commonPrefix(leaf.path, key, pos);
    boolean leafEnds = match == leaf.path.length;
    boolean keyEnds = pos + match == key.length;
    if (leafEnds && keyEnds) {
      return Arrays.equals(leaf.value, value) ? leaf : new LeafNode(leaf.path, value);
    }
    Node[] children = new Node[BranchNode.WIDTH];
    byte[] branchValue = null;
    if (leafEnds) {
      branchValue = leaf.value;
    } else {
      children[leaf.path[match]] = new LeafNode(Nibbles.slice(leaf.path, match + 1, leaf.path.length), leaf.value);
    }
    if (keyEnds) {
      branchValue = value;
    } else {
      children[key[pos + match]] = new LeafNode(Nibbles.slice(key, pos + match + 1, key.length), value);
    }
    return withPrefix(leaf.path, match, new BranchNode(children, branchValue));
  }

  private Node insertIntoExtension(ExtensionNode extension, byte[] key, int pos, byte[] value) {
    byte[] path = extension.path;
    int match = Nibbles.commonPrefix(path, key, pos);
    if (match == path.length) {
      Node updated = insert(extension.child, key, pos + match, value);
      return updated == extension.child ? extension : new ExtensionNode(path, updated);
    }
    Node[] children = new Node[BranchNode.WIDTH];
    byte[] branchValue = null;
    // The nibble at the divergence becomes a branch slot; what is left of the path, if any,
    // stays an extension in front of the original child.
    children[path[match]] = match + 1 == path.length
        ? extension.child
        : new ExtensionNode(Nibbles.slice(path, match + 1, path.length), extension.child);
    if (pos + match == key.length) {
      branchValue = value;
    } else {
      children[key[pos + match]] = new LeafNode(Nibbles.slice(key, pos + match + 1, key.length), value);
    }
    return withPrefix(path, match, new BranchNode(children, branchValue));
  }

  private static Node withPrefix(byte[] path, int length, BranchNode branch) {
    return length == 0 ? branch : new ExtensionNode(Nibbles.slice(path, 0, length), branch);
  }

  /** {@code node} without {@code key[pos..]}; the same node if the key is absent; null if nothing is left. */
  Node delete(Node node, byte[] key, int pos) {
    if (node == null) {
      return null;
    }
    Node resolved = store.resolve(node, key, pos);
    Node result = deleteResolved(resolved, key, pos);
    return result == resolved ? node : result;
  }

  private Node deleteResolved(Node node, byte[] key, int pos) {
    if (node instanceof LeafNode leaf) {
      return Nibbles.matchesRest(leaf.path, key, pos) ? null : leaf;
    }
    if (node instanceof ExtensionNode extension) {
      int match = Nibbles.commonPrefix(extension.path, key, pos);
      if (match < extension.path.length) {
        return extension;
      }
      Node child = delete(extension.child, key, pos + match);
      if (child == extension.child) {
        return extension;
      }
      return joinPath(extension.path, child, key, pos + match);
    }
    BranchNode branch = (BranchNode) node;
    if (pos == key.length) {
      return branch.value == null ? branch : collapse(new BranchNode(branch.children, null), key, pos);
    }
    int index = key[pos];
    Node child = branch.children[index];
    if (child == null) {
      return branch;
    }
    Node updated = delete(child, key, pos + 1);
    if (updated == child) {
      return branch;
    }
    return collapse(branch.withChild(index, updated), key, pos);
  }

  /** Puts {@code prefix} in front of {@code child}, merging into the child's own path where it has one. */
  private Node joinPath(byte[] prefix, Node child, byte[] key, int childPos) {
    if (child == null) {
      return null;
    }
    Node resolved = store.resolve(child, key, childPos);
    if (resolved instanceof LeafNode leaf) {
      return new LeafNode(Nibbles.concat(prefix, leaf.path), leaf.value);
    }
    if (resolved instanceof ExtensionNode extension) {
      return new ExtensionNode(Nibbles.concat(prefix, extension.path), extension.child);
    }
    return new ExtensionNode(prefix, child);
  }

  /** Turns a branch left with fewer than two entries into the equivalent leaf or extension. */
  private Node collapse(BranchNode branch, byte[] key, int pos) {
    int only = -1;
    for (int i = 0; i < BranchNode.WIDTH; i++) {
      if (branch.children[i] != null) {
        if (only >= 0) {
          return branch;
        }
        only = i;
      }
    }
    if (only < 0) {
      return branch.value == null ? null : new LeafNode(Nibbles.EMPTY, branch.value);
    }
    if (branch.value != null) {
      return branch;
    }
    Node child = branch.children[only];
    // The child's path starts one nibble deeper, at slot `only`; build a probe key for error messages.
    byte[] childKey = Arrays.copyOf(key, pos + 1);
    childKey[pos] = (byte) only;
    return joinPath(new byte[] {(byte) only}, child, childKey, pos + 1);
  }
}
