package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Keccak256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merkle range proofs over a secure trie, in the manner of Ethereum's snap protocol: the nodes on
 * the paths of a range's first and last key (either may be absent from the trie) prove, together
 * with the range's leaves, that those leaves are all the trie holds in the range.
 *
 * <p>Verification rebuilds the trie as seen from the range: every subtree the boundary proofs
 * show lying wholly outside the range stays an opaque reference, every node on a boundary path is
 * re-derived, and everything inside the range is built from the given leaves alone. The result
 * must hash to the root. A leaf added, dropped or changed inside the range changes the rebuilt
 * nodes inside the range and so the root (short of a Keccak-256 collision); content outside the
 * range enters only as the references the root already commits to. This is what geth's
 * {@code VerifyRangeProof} establishes with its {@code proofToPath}, {@code unsetInternal} and
 * re-insertion steps; here it is one pass that emits the boundary as items and builds the
 * canonical trie of items and leaves together. As a by-product it yields every trie node on the
 * paths to the range's leaves, which is what an import stores: over a set of ranges covering the
 * key space, these are all the nodes of the trie.
 *
 * <p>Stateless, thread-safe.
 */
final class RangeProof {

  private RangeProof() {}

  /**
   * The nodes on the path of the 32-byte {@code key} from {@code root}, root first, as the node
   * store holds them (embedded nodes travel inside their parents).
   *
   * @param load the stored RLP of a node by hash, or null if the store lacks it
   * @throws io.luxtensor.storage.CorruptionException if a node on the path is missing or malformed
   */
  static List<byte[]> prove(byte[] root, byte[] key, Function<byte[], byte[]> load) {
    List<byte[]> proof = new ArrayList<>();
    byte[] path = TrieNodes.nibbles(key);
    if (Arrays.equals(root, io.luxtensor.chain.crypto.Hash.EMPTY_TRIE_ROOT.bytes())) {
      return proof;
    }
    TrieNodes.Ref ref = TrieNodes.Ref.ofHash(root);
    int depth = 0;
    while (ref != null) {
      byte[] rlp;
      if (ref.hash() != null) {
        rlp = load.apply(ref.hash());
        if (rlp == null) {
          throw new io.luxtensor.storage.CorruptionException("trie node " + io.luxtensor.chain.crypto.Hex.encode(ref.hash())
              + " under state root " + io.luxtensor.chain.crypto.Hex.encode(root) + " is missing; the height's trie"
              + " was pruned or the store is damaged");
        }
        proof.add(rlp);
      } else {
        rlp = ref.inline();
      }
      TrieNodes.Node node;
      try {
        node = TrieNodes.decode(rlp);
      } catch (IllegalArgumentException e) {
        throw new io.luxtensor.storage.CorruptionException("stored trie node is malformed: " + e.getMessage(), e);
      }
      if (node instanceof TrieNodes.Branch branch) {
        if (depth >= path.length) {
          return proof;
        }
        ref = branch.children()[path[depth]];
        depth++;
      } else {
        TrieNodes.Short shortNode = (TrieNodes.Short) node;
        byte[] part = shortNode.path();
        if (shortNode.leaf() || depth + part.length > path.length
            || !Arrays.equals(part, 0, part.length, path, depth, depth + part.length)) {
          return proof;
        }
        depth += part.length;
        ref = shortNode.child();
      }
    }
    return proof;
  }

  /**
   * Checks that {@code leaves} (keys strictly ascending inside [{@code first}, {@code last}]) are
   * exactly the leaves of the trie with root {@code root} in that range, given the nodes of the
   * proofs of {@code first} and {@code last}; returns every node of the rebuilt trie, hash to RLP.
   *
   * @param leafKeys the 32-byte keys, ascending
   * @param leafValues the values, in the same order
   * @throws IllegalArgumentException naming what does not check out
   */
  static Map<ByteKey, byte[]> verify(byte[] root, byte[] first, byte[] last, List<byte[]> leafKeys,
      List<byte[]> leafValues, List<byte[]> proof) {
    if (Arrays.compareUnsigned(first, last) > 0) {
      throw new IllegalArgumentException("the range's first key is above its last");
    }
    Map<ByteKey, byte[]> proofNodes = new HashMap<>();
    for (byte[] node : proof) {
      proofNodes.put(new ByteKey(Keccak256.hash(node)), node);
    }
    List<TrieNodes.Item> items = new ArrayList<>(leafKeys.size() + 64);
    byte[] low = TrieNodes.nibbles(first);
    byte[] high = TrieNodes.nibbles(last);
    if (!Arrays.equals(root, io.luxtensor.chain.crypto.Hash.EMPTY_TRIE_ROOT.bytes())) {
      new Boundary(low, high, proofNodes, items).visit(TrieNodes.Ref.ofHash(root), new byte[0]);
    }
    byte[] previous = null;
    for (int i = 0; i < leafKeys.size(); i++) {
      byte[] key = leafKeys.get(i);
      if (key.length != 32) {
        throw new IllegalArgumentException("leaf key " + i + " has " + key.length + " bytes, not 32");
      }
      if (Arrays.compareUnsigned(key, first) < 0 || Arrays.compareUnsigned(key, last) > 0) {
        throw new IllegalArgumentException("leaf key " + i + " lies outside the range");
      }
      if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
        throw new IllegalArgumentException("leaf keys are not strictly ascending at " + i);
      }
      previous = key;
      items.add(TrieNodes.Item.leaf(TrieNodes.nibbles(key), leafValues.get(i)));
    }
    items.sort(TrieNodes::compare);
    Map<ByteKey, byte[]> built = new LinkedHashMap<>();
    byte[] rebuilt = TrieNodes.build(items, built);
    if (!Arrays.equals(rebuilt, root)) {
      throw new IllegalArgumentException("the range's leaves and proof rebuild root "
          + io.luxtensor.chain.crypto.Hex.encode(rebuilt) + ", not " + io.luxtensor.chain.crypto.Hex.encode(root));
    }
    return built;
  }

  /** Walks the proof from the root, emitting what lies outside the range as items. */
  private record Boundary(byte[] low, byte[] high, Map<ByteKey, byte[]> proofNodes, List<TrieNodes.Item> items) {

    void visit(TrieNodes.Ref ref, byte[] path) {
      if (path.length > TrieNodes.KEY_NIBBLES) {
        throw new IllegalArgumentException("a proof path runs past 64 nibbles");
      }
      if (outside(path)) {
        items.add(TrieNodes.Item.opaque(path, ref));
        return;
      }
      if (inside(path)) {
        return;
      }
      byte[] rlp = ref.inline();
      if (ref.hash() != null) {
        rlp = proofNodes.get(new ByteKey(ref.hash()));
        if (rlp == null) {
          throw new IllegalArgumentException("the proof lacks the node at path of " + path.length
              + " nibbles on the range's boundary");
        }
      }
      TrieNodes.Node node = TrieNodes.decode(rlp);
      if (node instanceof TrieNodes.Branch branch) {
        for (int i = 0; i < 16; i++) {
          if (branch.children()[i] != null) {
            visit(branch.children()[i], append(path, new byte[] {(byte) i}));
          }
        }
        return;
      }
      TrieNodes.Short shortNode = (TrieNodes.Short) node;
      byte[] extended = append(path, shortNode.path());
      if (!shortNode.leaf()) {
        visit(shortNode.child(), extended);
        return;
      }
      if (extended.length != TrieNodes.KEY_NIBBLES) {
        throw new IllegalArgumentException("a proof leaf's key has " + extended.length + " nibbles, not 64");
      }
      if (Arrays.compare(extended, low) < 0 || Arrays.compare(extended, high) > 0) {
        items.add(TrieNodes.Item.leaf(extended, shortNode.value()));
      }
    }

    /** Whether every key below {@code path} lies before {@code low} or after {@code high}. */
    private boolean outside(byte[] path) {
      return Arrays.compare(path, 0, path.length, low, 0, path.length) < 0
          || Arrays.compare(path, 0, path.length, high, 0, path.length) > 0;
    }

    /** Whether every key below {@code path} lies within [{@code low}, {@code high}]. */
    private boolean inside(byte[] path) {
      int n = path.length;
      int vsLow = Arrays.compare(path, 0, n, low, 0, n);
      int vsHigh = Arrays.compare(path, 0, n, high, 0, n);
      boolean aboveLow = vsLow > 0 || (vsLow == 0 && all(low, n, 0));
      boolean belowHigh = vsHigh < 0 || (vsHigh == 0 && all(high, n, 15));
      return aboveLow && belowHigh;
    }

    private static boolean all(byte[] nibbles, int from, int value) {
      for (int i = from; i < nibbles.length; i++) {
        if (nibbles[i] != value) {
          return false;
        }
      }
      return true;
    }

    private static byte[] append(byte[] a, byte[] b) {
      byte[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
  }
}
