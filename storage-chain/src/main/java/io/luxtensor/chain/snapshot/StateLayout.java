package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import java.nio.ByteBuffer;

/**
 * The state store's column families and key layouts as its package documentation publishes them
 * ({@code io.luxtensor.chain.state}): snapshots read and write those rows directly, because the
 * state store has no public hook to enumerate a height's accounts or to write an account with its
 * trie nodes without a commit. If that layout changes, this class changes with it.
 */
final class StateLayout {

  static final String ACCOUNTS = "StateAccounts";
  static final String STORAGE = "StateStorage";
  static final String CODE = "StateCode";
  static final String NODES = "StateTrieNodes";
  static final String ROOTS = "StateRoots";
  static final String DIFFS = "StateDiffs";
  static final String ACCOUNT_HISTORY = "StateAccountHistory";
  static final String STORAGE_HISTORY = "StateStorageHistory";
  /** This package's own family: the progress of an import. */
  static final String IMPORT = "SnapshotImport";

  final ColumnFamily accounts;
  final ColumnFamily storage;
  final ColumnFamily code;
  final ColumnFamily nodes;
  final ColumnFamily roots;
  final ColumnFamily diffs;
  final ColumnFamily accountHistory;
  final ColumnFamily storageHistory;

  private StateLayout(KeyValueStore kv) {
    accounts = ColumnFamilies.getOrCreate(kv, ACCOUNTS);
    storage = ColumnFamilies.getOrCreate(kv, STORAGE);
    code = ColumnFamilies.getOrCreate(kv, CODE);
    nodes = ColumnFamilies.getOrCreate(kv, NODES);
    roots = ColumnFamilies.getOrCreate(kv, ROOTS);
    diffs = ColumnFamilies.getOrCreate(kv, DIFFS);
    accountHistory = ColumnFamilies.getOrCreate(kv, ACCOUNT_HISTORY);
    storageHistory = ColumnFamilies.getOrCreate(kv, STORAGE_HISTORY);
  }

  /** The state families of {@code kv}, created where missing (as {@code StateStore.open} does). */
  static StateLayout of(KeyValueStore kv) {
    return new StateLayout(kv);
  }

  static byte[] height(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }

  static byte[] slotKey(Address address, byte[] slot) {
    return ByteBuffer.allocate(Address.LENGTH + 32).put(address.bytes()).put(slot).array();
  }

  /** {@code StateRoots} value: root ‖ block hash. */
  static byte[] rootValue(byte[] root, byte[] blockHash) {
    return ByteBuffer.allocate(64).put(root).put(blockHash).array();
  }

  /** A diff that changes nothing, in the state store's diff encoding {@code [height, [], []]}. */
  static byte[] emptyDiff(long height) {
    return Rlp.encode(RlpList.of(RlpString.ofUnsigned(height), RlpList.EMPTY, RlpList.EMPTY));
  }

  /** The storage trie value of a trimmed word: its RLP string. */
  static byte[] slotTrieValue(byte[] trimmed) {
    return io.luxtensor.chain.rlp.RlpEncoder.encodeString(trimmed);
  }
}
