package io.luxtensor.storage;

/**
 * What a column family's data is like, so that an engine can lay it out to suit, given with
 * {@link KeyValueStore#hint}. A hint never changes what any operation returns, what a batch makes
 * atomic or what survives a crash; an engine with no use for one ignores it. Hints are not stored:
 * whoever owns a family gives them again after each open, as RocksDB users set a family's options
 * each time they open it.
 */
public enum ColumnFamilyHint {

  /**
   * Most values are large (hundreds of bytes to megabytes), written once, rarely overwritten and read
   * by key: trie nodes keyed by hash, block bodies. RocksDB then keeps values of
   * {@value #LARGE_VALUE_BYTES} bytes or more in blob files apart from the keys (its integrated
   * BlobDB, as Besu does for its static data), so that compactions rewrite keys and references
   * instead of the values. The space of deleted values comes back once compactions have dropped
   * every value of a blob file (values deleted in the order they were written, as a log pruned from
   * its oldest end), or else when the family is {@linkplain KeyValueStore#compact compacted}
   * explicitly, which moves the live values out of files holding deleted ones: a family whose keys
   * are deleted here and there, a few at a time, with no compaction after, is better left unhinted.
   */
  LARGE_VALUES;

  /** The size from which {@link #LARGE_VALUES} values may be kept apart from their keys. */
  public static final int LARGE_VALUE_BYTES = 100;
}
