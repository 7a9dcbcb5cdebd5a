package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Merkle Patricia Trie node format (Yellow Paper, Appendix D) as the snapshot code needs it:
 * decoding nodes of proofs and of the node store, and building the canonical trie of a sorted set
 * of leaves and opaque subtrees, collecting every hashed node it encodes. Kept here rather than
 * in the trie package, whose codec is package-private; the encoding is the same, so the nodes
 * built here are the ones a {@code TrieStore} stores. Stateless, thread-safe.
 */
final class TrieNodes {

  /** Full key length of a secure trie (Keccak-256), in nibbles. */
  static final int KEY_NIBBLES = 64;

  private static final byte[] EMPTY_STRING = {(byte) 0x80};

  private TrieNodes() {}

  /** How a parent refers to a child: by Keccak-256 of its RLP, or the RLP itself when shorter than 32 bytes. */
  record Ref(byte[] hash, byte[] inline) {
    static Ref ofHash(byte[] hash) {
      return new Ref(hash, null);
    }

    /** The reference as it is written into the parent's RLP. */
    byte[] encoded() {
      return hash != null ? RlpEncoder.encodeString(hash) : inline;
    }
  }

  /** A decoded node: a branch (children, no value: secure-trie keys all have one length) or a short node. */
  sealed interface Node permits Branch, Short {}

  /** A branch node; a null child is empty. */
  record Branch(Ref[] children) implements Node {}

  /** A leaf ({@code leaf}, {@code value} set) or extension ({@code child} set), with its path nibbles. */
  record Short(byte[] path, boolean leaf, byte[] value, Ref child) implements Node {}

  /**
   * Decodes one node.
   *
   * @throws IllegalArgumentException if {@code rlp} is not a node of a trie with fixed-length keys
   */
  static Node decode(byte[] rlp) {
    try {
      RlpSlice node = RlpSlice.of(rlp);
      if (!node.isList()) {
        throw new IllegalArgumentException("a trie node is an RLP list");
      }
      if (node.size() == 17) {
        Ref[] children = new Ref[16];
        for (int i = 0; i < 16; i++) {
          children[i] = reference(node.get(i), true);
        }
        if (node.get(16).isList() || node.get(16).length() != 0) {
          throw new IllegalArgumentException("a branch of a fixed-length-key trie holds no value");
        }
        return new Branch(children);
      }
      if (node.size() == 2) {
        if (node.get(0).isList()) {
          throw new IllegalArgumentException("a short node's path is a string");
        }
        byte[] encodedPath = node.get(0).bytes();
        if (encodedPath.length == 0) {
          throw new IllegalArgumentException("a short node's path is empty");
        }
        int flag = (encodedPath[0] & 0xff) >>> 4;
        if (flag > 3 || ((flag & 1) == 0 && (encodedPath[0] & 0x0f) != 0)) {
          throw new IllegalArgumentException("bad hex-prefix flag " + flag);
        }
        boolean odd = (flag & 1) == 1;
        byte[] path = new byte[(encodedPath.length - 1) * 2 + (odd ? 1 : 0)];
        int at = 0;
        if (odd) {
          path[at++] = (byte) (encodedPath[0] & 0x0f);
        }
        for (int i = 1; i < encodedPath.length; i++) {
          path[at++] = (byte) ((encodedPath[i] & 0xff) >>> 4);
          path[at++] = (byte) (encodedPath[i] & 0x0f);
        }
        if (flag >= 2) {
          if (node.get(1).isList()) {
            throw new IllegalArgumentException("a leaf's value is a string");
          }
          return new Short(path, true, node.get(1).bytes(), null);
        }
        if (path.length == 0) {
          throw new IllegalArgumentException("an extension has an empty path");
        }
        return new Short(path, false, null, reference(node.get(1), false));
      }
      throw new IllegalArgumentException("a trie node has 2 or 17 items, not " + node.size());
    } catch (RlpException e) {
      throw new IllegalArgumentException("malformed node RLP: " + e.getMessage(), e);
    }
  }

  private static Ref reference(RlpSlice item, boolean mayBeEmpty) {
    if (item.isList()) {
      byte[] inline = item.encoded();
      if (inline.length >= 32) {
        throw new IllegalArgumentException("an embedded node of " + inline.length + " bytes should be hashed");
      }
      return new Ref(null, inline);
    }
    if (item.length() == 0 && mayBeEmpty) {
      return null;
    }
    if (item.length() != 32) {
      throw new IllegalArgumentException("a child reference is a 32-byte hash or an embedded node");
    }
    return Ref.ofHash(item.bytes());
  }

  /** The 64 nibbles of a 32-byte key. */
  static byte[] nibbles(byte[] key) {
    byte[] out = new byte[key.length * 2];
    for (int i = 0; i < key.length; i++) {
      out[2 * i] = (byte) ((key[i] & 0xff) >>> 4);
      out[2 * i + 1] = (byte) (key[i] & 0x0f);
    }
    return out;
  }

  /**
   * One thing the builder places in the trie: a leaf (full key of {@link #KEY_NIBBLES}, its value)
   * or an opaque subtree at {@code path}, known only by its reference.
   */
  record Item(byte[] path, byte[] value, Ref opaque) {
    static Item leaf(byte[] nibbles, byte[] value) {
      return new Item(nibbles, value, null);
    }

    static Item opaque(byte[] path, Ref ref) {
      return new Item(path, null, ref);
    }
  }

  /** Orders items by path, a prefix before its extensions. */
  static int compare(Item a, Item b) {
    return Arrays.compare(a.path(), b.path());
  }

  /**
   * The root hash of the canonical trie holding {@code items} (sorted by {@link #compare}, no
   * path a prefix of another), putting every node it hashes, and the root node, into
   * {@code nodes} (hash to RLP).
   *
   * @throws IllegalArgumentException if an opaque subtree overlaps another item
   */
  static byte[] build(List<Item> items, Map<ByteKey, byte[]> nodes) {
    if (items.isEmpty()) {
      return io.luxtensor.chain.crypto.Hash.EMPTY_TRIE_ROOT.bytes();
    }
    Ref root = build(items, 0, items.size(), 0, nodes);
    if (root.hash() != null) {
      return root.hash();
    }
    byte[] hash = Keccak256.hash(root.inline());
    nodes.put(new ByteKey(hash), root.inline());
    return hash;
  }

  private static Ref build(List<Item> items, int lo, int hi, int depth, Map<ByteKey, byte[]> nodes) {
    if (hi - lo == 1) {
      Item item = items.get(lo);
      byte[] rest = Arrays.copyOfRange(item.path(), depth, item.path().length);
      if (item.opaque() == null) {
        return ref(shortNode(rest, true, RlpEncoder.encodeString(item.value())), nodes);
      }
      if (rest.length == 0) {
        return item.opaque();
      }
      return ref(shortNode(rest, false, item.opaque().encoded()), nodes);
    }
    byte[] first = items.get(lo).path();
    byte[] last = items.get(hi - 1).path();
    int common = depth;
    int limit = Math.min(first.length, last.length);
    while (common < limit && first[common] == last[common]) {
      common++;
    }
    if (common == first.length) {
      throw new IllegalArgumentException("an opaque subtree overlaps another item of the trie");
    }
    Ref branch = branch(items, lo, hi, common, nodes);
    if (common == depth) {
      return branch;
    }
    return ref(shortNode(Arrays.copyOfRange(first, depth, common), false, branch.encoded()), nodes);
  }

  private static Ref branch(List<Item> items, int lo, int hi, int depth, Map<ByteKey, byte[]> nodes) {
    byte[][] children = new byte[17][];
    int start = lo;
    while (start < hi) {
      int nibble = items.get(start).path()[depth];
      int end = start + 1;
      while (end < hi && items.get(end).path()[depth] == nibble) {
        end++;
      }
      children[nibble] = build(items, start, end, depth + 1, nodes).encoded();
      start = end;
    }
    for (int i = 0; i < 17; i++) {
      if (children[i] == null) {
        children[i] = EMPTY_STRING;
      }
    }
    return ref(RlpEncoder.encodeList(children), nodes);
  }

  private static byte[] shortNode(byte[] path, boolean leaf, byte[] encodedSecond) {
    return RlpEncoder.encodeList(RlpEncoder.encodeString(hexPrefix(path, leaf)), encodedSecond);
  }

  private static Ref ref(byte[] rlp, Map<ByteKey, byte[]> nodes) {
    if (rlp.length < 32) {
      return new Ref(null, rlp);
    }
    byte[] hash = Keccak256.hash(rlp);
    nodes.put(new ByteKey(hash), rlp);
    return Ref.ofHash(hash);
  }

  static byte[] hexPrefix(byte[] nibbles, boolean leaf) {
    boolean odd = (nibbles.length & 1) == 1;
    byte[] out = new byte[nibbles.length / 2 + 1];
    int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
    int next = 0;
    if (odd) {
      out[0] = (byte) (flag << 4 | nibbles[0]);
      next = 1;
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int i = 1; i < out.length; i++, next += 2) {
      out[i] = (byte) (nibbles[next] << 4 | nibbles[next + 1]);
    }
    return out;
  }
}
