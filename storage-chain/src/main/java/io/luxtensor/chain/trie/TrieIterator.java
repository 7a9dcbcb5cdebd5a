package io.luxtensor.chain.trie;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Depth-first walk in key order over an immutable root, skipping every subtree whose keys all
 * sort before the start key. Loads stored nodes lazily, one subtree at a time.
 */
final class TrieIterator implements Iterator<TrieEntry> {

  private record Frame(Node node, byte[] prefix) {}

  private final TrieStore store;
  private final byte[] start;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private TrieEntry next;

  TrieIterator(TrieStore store, Node root, byte[] startKey) {
    this.store = store;
    this.start = Nibbles.fromBytes(startKey);
    if (root != null) {
      stack.push(new Frame(root, Nibbles.EMPTY));
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      next = advance(stack.pop());
    }
    return next != null;
  }

  @Override
  public TrieEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException("trie iteration is exhausted");
    }
    TrieEntry result = next;
    next = null;
    return result;
  }

  /** Expands one frame; returns the entry it yields, if any. */
  private TrieEntry advance(Frame frame) {
    Node node = store.resolve(frame.node(), frame.prefix(), frame.prefix().length);
    byte[] prefix = frame.prefix();
    if (node instanceof LeafNode leaf) {
      byte[] key = Nibbles.concat(prefix, leaf.path);
      return compare(key, start) >= 0 ? entry(key, leaf.value) : null;
    }
    if (node instanceof ExtensionNode extension) {
      pushIfReachable(extension.child, Nibbles.concat(prefix, extension.path));
      return null;
    }
    BranchNode branch = (BranchNode) node;
    for (int i = BranchNode.WIDTH - 1; i >= 0; i--) {
      if (branch.children[i] != null) {
        byte[] childPrefix = Arrays.copyOf(prefix, prefix.length + 1);
        childPrefix[prefix.length] = (byte) i;
        pushIfReachable(branch.children[i], childPrefix);
      }
    }
    // A branch's own key is a prefix of all keys below it, so it comes first.
    return branch.value != null && compare(prefix, start) >= 0 ? entry(prefix, branch.value) : null;
  }

  private void pushIfReachable(Node child, byte[] prefix) {
    int shared = Math.min(prefix.length, start.length);
    // Keys below `prefix` all sort before the start key exactly when the prefix is already smaller
    // within the nibbles both have.
    if (Arrays.compare(prefix, 0, shared, start, 0, shared) >= 0) {
      stack.push(new Frame(child, prefix));
    }
  }

  private static int compare(byte[] a, byte[] b) {
    return Arrays.compare(a, b);
  }

  private static TrieEntry entry(byte[] nibbles, byte[] value) {
    return new TrieEntry(Nibbles.toBytes(nibbles, nibbles.length), value);
  }
}
