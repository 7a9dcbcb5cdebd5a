package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.ReadOnlyStoreException;

/**
 * Handles on the state store's column families, which {@link StateLayout} names and whose rows it
 * encodes: snapshots read and write those rows directly, because the state store has no public
 * hook to enumerate a height's accounts or to write an account with its trie nodes without a
 * commit. Immutable; the handles live as long as the key-value store they came from.
 */
final class StateFamilies {

  final ColumnFamily accounts;
  final ColumnFamily storage;
  final ColumnFamily code;
  final ColumnFamily nodes;
  final ColumnFamily roots;
  final ColumnFamily diffs;
  final ColumnFamily accountHistory;
  final ColumnFamily storageHistory;
  /** Null for a read-only store written before the family existed: its flat tables hold the head. */
  final ColumnFamily meta;

  private StateFamilies(KeyValueStore kv) {
    accounts = ColumnFamilies.getOrCreate(kv, StateLayout.ACCOUNTS);
    storage = ColumnFamilies.getOrCreate(kv, StateLayout.STORAGE);
    code = ColumnFamilies.getOrCreate(kv, StateLayout.CODE);
    nodes = ColumnFamilies.getOrCreate(kv, StateLayout.TRIE_NODES);
    roots = ColumnFamilies.getOrCreate(kv, StateLayout.ROOTS);
    diffs = ColumnFamilies.getOrCreate(kv, StateLayout.DIFFS);
    accountHistory = ColumnFamilies.getOrCreate(kv, StateLayout.ACCOUNT_HISTORY);
    storageHistory = ColumnFamilies.getOrCreate(kv, StateLayout.STORAGE_HISTORY);
    meta = optional(kv, StateLayout.META);
  }

  private static ColumnFamily optional(KeyValueStore kv, String name) {
    try {
      return ColumnFamilies.getOrCreate(kv, name);
    } catch (ReadOnlyStoreException e) {
      return null;
    }
  }

  /** The state families of {@code kv}, created where missing (as {@code StateStore.open} does). */
  static StateFamilies of(KeyValueStore kv) {
    return new StateFamilies(kv);
  }
}
