package io.luxtensor.storage;

import java.util.List;

/**
 * Reads of one view of a store: the live store ({@link KeyValueStore}), a frozen {@link Snapshot},
 * or a {@link Transaction} (its snapshot plus its own writes).
 *
 * <p>Every method rejects a {@code null} or empty key with {@link IllegalArgumentException}, a key
 * longer than the engine's limit with {@link InvalidKeyException}, a column family of another store
 * or a dropped one with {@link UnknownColumnFamilyException}, and any call on a closed view with
 * {@link StoreClosedException}. Returned arrays belong to the caller.
 */
public interface ReadView {

  /** The value stored under {@code key}, or {@code null} when absent. An empty array is a value. */
  byte[] get(ColumnFamily cf, byte[] key);

  /** Whether {@code key} has a value (possibly empty). */
  default boolean contains(ColumnFamily cf, byte[] key) {
    return get(cf, key) != null;
  }

  /**
   * The values of {@code keys}, in the same order, {@code null} for absent keys, all read from one
   * consistent point in time.
   */
  List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys);

  /**
   * The values of {@code keys}, each read from the column family at the same index of
   * {@code families}, in order, {@code null} for absent keys, all read from one consistent point in
   * time.
   *
   * @throws IllegalArgumentException when the lists differ in size
   */
  List<byte[]> multiGet(List<ColumnFamily> families, List<byte[]> keys);

  /**
   * An iterator over the keys of {@code range}, positioned on the first key in {@code direction}
   * (the smallest for {@link Direction#FORWARD}, the largest for {@link Direction#REVERSE}). It sees
   * the data as of this call, whatever is written later, and <strong>must be closed</strong>; it is
   * closed for you when this view (store, snapshot, transaction) closes.
   */
  KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction);

  /** Forward iterator over {@code range}; see {@link #iterator(ColumnFamily, KeyRange, Direction)}. */
  default KvIterator iterator(ColumnFamily cf, KeyRange range) {
    return iterator(cf, range, Direction.FORWARD);
  }

  /** The number of keys in {@code range}, counted on one consistent view. */
  default long count(ColumnFamily cf, KeyRange range) {
    long n = 0;
    try (KvIterator it = iterator(cf, range, Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }
}
