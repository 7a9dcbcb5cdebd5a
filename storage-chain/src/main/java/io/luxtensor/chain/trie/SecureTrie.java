package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.storage.WriteBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MerklePatriciaTrie} keyed by Keccak-256 of the caller's key, as Ethereum's state
 * and storage tries are: every path is 64 nibbles, so the trie stays balanced whatever keys
 * callers choose. Values are stored unhashed.
 *
 * <p>The same contract as {@link MerklePatriciaTrie} (not thread-safe, empty value deletes,
 * copies in and out). Iteration yields the hashed keys, in their order, since the original
 * keys are not recoverable from the trie.
 */
public final class SecureTrie implements Trie {

  private final MerklePatriciaTrie trie;

  private SecureTrie(MerklePatriciaTrie trie) {
    this.trie = trie;
  }

  /** An empty secure trie whose nodes will be committed to {@code store}. */
  public static SecureTrie empty(TrieStore store) {
    return new SecureTrie(MerklePatriciaTrie.empty(store));
  }

  /**
   * The secure trie committed to {@code store} with root {@code root}.
   *
   * @throws MissingNodeException if {@code store} has no node {@code root}
   */
  public static SecureTrie open(TrieStore store, Hash root) {
    return new SecureTrie(MerklePatriciaTrie.open(store, root));
  }

  /**
   * The key under which this trie keeps {@code key}: its Keccak-256. For a caller that walks to the
   * same key more than once (loads its path ahead, then updates it), and so hashes it once, as
   * geth's secure trie keeps the hashed keys it met.
   */
  public static byte[] hashedKey(byte[] key) {
    return Keccak256.hash(key);
  }

  /** The value stored under {@code key}, or empty. */
  @Override
  public Optional<byte[]> get(byte[] key) {
    return trie.get(hashedKey(key));
  }

  /** {@link MerklePatriciaTrie#getExpecting} for an unhashed {@code key}. */
  public Optional<byte[]> getExpecting(byte[] key, byte[] expectedValue) {
    return trie.getExpecting(hashedKey(key), expectedValue);
  }

  /** {@link #get} for a key already hashed by {@link #hashedKey}. */
  public Optional<byte[]> getByHashedKey(byte[] hashedKey) {
    return trie.get(hashedKey);
  }

  /** {@link #getExpecting} for a key already hashed by {@link #hashedKey}. */
  public Optional<byte[]> getExpectingByHashedKey(byte[] hashedKey, byte[] expectedValue) {
    return trie.getExpecting(hashedKey, expectedValue);
  }

  /** Sets {@code key} to {@code value}; an empty {@code value} deletes the key. */
  @Override
  public void put(byte[] key, byte[] value) {
    trie.put(hashedKey(key), value);
  }

  /** {@link #put} for a key already hashed by {@link #hashedKey}. */
  public void putByHashedKey(byte[] hashedKey, byte[] value) {
    trie.put(hashedKey, value);
  }

  /** Removes {@code key}; does nothing if it is absent. */
  @Override
  public void delete(byte[] key) {
    trie.delete(hashedKey(key));
  }

  /** {@link #delete} for a key already hashed by {@link #hashedKey}. */
  public void deleteByHashedKey(byte[] hashedKey) {
    trie.delete(hashedKey);
  }

  /** Whether the trie holds no keys. */
  @Override
  public boolean isEmpty() {
    return trie.isEmpty();
  }

  /** See {@link MerklePatriciaTrie#rootHash()}. */
  @Override
  public Hash rootHash() {
    return trie.rootHash();
  }

  /** See {@link MerklePatriciaTrie#commit()}. */
  @Override
  public Hash commit() {
    return trie.commit();
  }

  @Override
  public Hash commit(WriteBatch batch) {
    return trie.commit(batch);
  }

  /** See {@link MerklePatriciaTrie#commit(NodeSet)}. */
  public Hash commit(NodeSet set) {
    return trie.commit(set);
  }

  /**
   * Entries keyed by hashed key, from the hashed key {@code startKey} on, in hashed-key order: the
   * same as {@link #iteratorByHashedKey}, since the original keys are not recoverable.
   */
  @Override
  public Iterator<TrieEntry> iterator(byte[] startKey) {
    return trie.iterator(startKey);
  }

  /** Entries keyed by hashed key, from the hashed key {@code startHashedKey} on, in hashed-key order. */
  public Iterator<TrieEntry> iteratorByHashedKey(byte[] startHashedKey) {
    return trie.iterator(startHashedKey);
  }

  /** A proof for {@code key}; check it with {@link #verifyProof}. */
  @Override
  public List<byte[]> prove(byte[] key) {
    return trie.prove(hashedKey(key));
  }

  /**
   * {@link MerkleProofs#verify} for an unhashed {@code key} of a secure trie.
   *
   * @throws InvalidProofException as {@link MerkleProofs#verify} does
   */
  public static Optional<byte[]> verifyProof(Hash root, byte[] key, List<byte[]> proof) {
    return MerkleProofs.verifySecure(root, key, proof);
  }
}
