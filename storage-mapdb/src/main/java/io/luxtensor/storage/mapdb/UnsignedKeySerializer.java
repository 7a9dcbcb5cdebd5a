package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Keys;
import java.util.Arrays;
import java.util.Comparator;
import org.mapdb.serializer.SerializerByteArray;

/**
 * MapDB's byte-array serializer with the store's one key order, {@link Keys#ORDER} (unsigned
 * lexicographic, {@link Arrays#compareUnsigned}). The B-tree orders and searches its nodes through
 * {@link #compare} and {@link #valueArraySearch}; both are pinned here rather than relying on the
 * library's comparator, whose order is not part of MapDB's documented contract. The on-disk format is
 * the library's: a packed length, then the bytes.
 */
final class UnsignedKeySerializer extends SerializerByteArray {

  static final UnsignedKeySerializer INSTANCE = new UnsignedKeySerializer();

  @Override
  public int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public int valueArraySearch(Object keys, byte[] key) {
    return Arrays.binarySearch((byte[][]) keys, key, Keys.ORDER);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public int valueArraySearch(Object keys, byte[] key, Comparator comparator) {
    return Arrays.binarySearch((byte[][]) keys, key, comparator);
  }
}
