package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verification of proofs made by {@link MerklePatriciaTrie#prove}, needing nothing but the
 * root hash: every node is looked up by the hash its parent names, so a proof can only be
 * believed if its nodes chain, hash by hash, to the root.
 *
 * <p>Stateless and thread-safe. Extra nodes in a proof are ignored.
 */
public final class MerkleProofs {

  private MerkleProofs() {}

  /**
   * The value that the trie with root {@code root} holds under {@code key}, as established by
   * {@code proof}: present (the value) or absent (empty).
   *
   * @throws InvalidProofException if the proof lacks a node on the path to {@code key}, a node
   *     was altered (so it no longer hashes to what its parent names), or a node is malformed
   */
  public static Optional<byte[]> verify(Hash root, byte[] key, List<byte[]> proof) {
    if (root.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
      return Optional.empty();
    }
    Map<Hash, byte[]> nodes = new HashMap<>();
    for (byte[] rlp : proof) {
      nodes.put(Hash.keccak256(rlp), rlp);
    }
    return MerklePatriciaTrie.find(new HashNode(root.bytes()), Nibbles.fromBytes(key),
        (node, pos) -> node instanceof HashNode reference ? lookup(nodes, reference.hash(), root, pos) : node);
  }

  /**
   * {@link #verify} for a proof of a {@link SecureTrie}, made for the unhashed {@code key}.
   *
   * @throws InvalidProofException as {@link #verify} does
   */
  public static Optional<byte[]> verifySecure(Hash root, byte[] key, List<byte[]> proof) {
    return verify(root, Keccak256.hash(key), proof);
  }

  /**
   * The verifier matching {@code trie}'s key scheme: {@link #verifySecure} for a
   * {@link SecureTrie}, {@link #verify} otherwise, so code written against {@link Trie} verifies
   * its proofs the same way whichever trie it was given.
   */
  public static Optional<byte[]> verify(Trie trie, Hash root, byte[] key, List<byte[]> proof) {
    return trie instanceof SecureTrie ? verifySecure(root, key, proof) : verify(root, key, proof);
  }

  private static Node lookup(Map<Hash, byte[]> nodes, byte[] hash, Hash root, int depth) {
    Hash id = new Hash(hash);
    byte[] rlp = nodes.get(id);
    if (rlp == null) {
      throw new InvalidProofException("proof does not chain to root " + root + ": it has no node with hash "
          + id + (depth == 0 ? " (the root)" : " at nibble depth " + depth)
          + "; the proof was altered, truncated or made for another root");
    }
    try {
      return NodeCodec.decode(rlp, hash);
    } catch (IllegalArgumentException e) {
      throw new InvalidProofException("proof node " + id + " is malformed: " + e.getMessage(), e);
    }
  }
}
