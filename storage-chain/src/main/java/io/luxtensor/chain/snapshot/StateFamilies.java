package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;

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
    accounts = StateLayout.family(kv, StateLayout.ACCOUNTS);
    storage = StateLayout.family(kv, StateLayout.STORAGE);
    code = StateLayout.family(kv, StateLayout.CODE);
    nodes = StateLayout.family(kv, StateLayout.TRIE_NODES);
    roots = StateLayout.family(kv, StateLayout.ROOTS);
    diffs = StateLayout.family(kv, StateLayout.DIFFS);
    accountHistory = StateLayout.family(kv, StateLayout.ACCOUNT_HISTORY);
    storageHistory = StateLayout.family(kv, StateLayout.STORAGE_HISTORY);
    meta = StateLayout.metaFamily(kv);
  }

  /** The state families of {@code kv}, created where missing (as {@code StateStore.open} does). */
  static StateFamilies of(KeyValueStore kv) {
    return new StateFamilies(kv);
  }
}
