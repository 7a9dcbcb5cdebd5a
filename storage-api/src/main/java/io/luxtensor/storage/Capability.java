package io.luxtensor.storage;

/**
 * Optional features an engine declares. The core contract (column families, atomic batches,
 * ordered iterators, snapshots, range deletes) is never optional; these are the extras. Using a
 * feature the engine does not declare throws {@link UnsupportedCapabilityException}.
 */
public enum Capability {
  /** Optimistic transactions through {@link KeyValueStore#beginTransaction()}. */
  TRANSACTIONS,
  /**
   * Transactions at {@link Isolation#SERIALIZABLE} through {@link KeyValueStore#beginTransaction(Isolation)}
   * (read-set validation at commit); implies {@link #TRANSACTIONS}.
   */
  SERIALIZABLE_TRANSACTIONS,
  /** Consistent on-disk copies through {@link KeyValueStore#checkpoint(java.nio.file.Path)}. */
  CHECKPOINTS,
  /** {@code deleteRange} runs natively, in time independent of the number of keys deleted. */
  RANGE_DELETE_NATIVE,
  /** Honours {@link StorageConfig#compression()}. */
  COMPRESSION,
  /** Data survives close and reopen (and a killed process, for synced writes). */
  PERSISTENT,
  /** Several processes can open the same store at once. */
  MULTI_PROCESS,
  /** Honours {@link WriteOptions#disableWal()}. */
  DISABLE_WAL,
  /** Engine-native incremental backups through {@link KeyValueStore#nativeBackups(java.nio.file.Path)}. */
  NATIVE_BACKUP
}
