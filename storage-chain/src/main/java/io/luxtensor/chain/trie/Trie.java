package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.WriteBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The operations shared by the plain {@link MerklePatriciaTrie} and the key-hashing
 * {@link SecureTrie}, so code can take either; {@link MerkleProofs#verify(Trie, Hash, byte[], List)}
 * checks a proof from either kind with the right key scheme.
 *
 * <p>Not thread-safe, like both implementations. An empty value means absent: {@link #put} with
 * one deletes. Arguments must not be {@code null}; returned arrays are copies.
 */
public interface Trie {

  /** The value stored under {@code key}, or empty if there is none. */
  Optional<byte[]> get(byte[] key);

  /** Sets {@code key} to {@code value}; an empty {@code value} deletes the key. */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; does nothing if it is absent. */
  void delete(byte[] key);

  /** Whether the trie holds no keys. */
  boolean isEmpty();

  /** The root hash including uncommitted changes; writes nothing. */
  Hash rootHash();

  /** Writes every new node to the node store in one atomic batch and returns the root hash. */
  Hash commit();

  /**
   * Adds every new node to the caller's {@code batch} instead of writing it, and returns the root
   * hash the trie will have once the caller writes the batch: the way to make trie nodes part of
   * a larger atomic write (flat state, diffs and roots together). The nodes count as committed
   * from this call on, so if the caller does not write the batch it must discard this trie and
   * reopen the last root it did write; a later {@link #commit} would not repeat the lost nodes.
   */
  Hash commit(WriteBatch batch);

  /**
   * Entries with (for a {@link SecureTrie}, hashed) keys at or after {@code startKey}, in
   * unsigned byte order of those keys, as of this call.
   */
  Iterator<TrieEntry> iterator(byte[] startKey);

  /** Every entry, from the first key on: {@link #iterator(byte[])} without a start key. */
  default Iterator<TrieEntry> iterator() {
    return iterator(new byte[0]);
  }

  /** A Merkle proof for {@code key}, present or absent; empty for the empty trie. */
  List<byte[]> prove(byte[] key);
}
