package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageException;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Writes a batch in RocksDB's own serialized {@code WriteBatch} format (the representation it logs
 * in its write-ahead log and parses back, {@code db/write_batch.cc}), so that the native batch is
 * made by one JNI call ({@link WriteBatch#WriteBatch(byte[])}) instead of one per operation. At a
 * thousand small puts per batch the per-call crossings cost more than the bytes.
 *
 * <p>Layout: a 12-byte header (sequence number, 8 bytes little-endian, left 0 for RocksDB to assign;
 * record count, 4 bytes little-endian), then one record per operation: a type tag, the column
 * family's id as a varint32 unless it is the default family (id 0, which has its own tags), then
 * each key or value as a varint32 length and its bytes. {@code WriteBatchEncoderTest} checks the
 * bytes against the batch rocksdbjni builds from the same calls. Used by one thread.
 *
 * <p>The calls are noted, not copied (so the arrays passed in must not change until the batch is
 * made), and a batch of up to {@link #MAX_SERIALIZED_BYTES} is serialized into one array of exactly
 * its size. A larger one is handed to RocksDB one call per record ({@link #applyTo}) instead: a state
 * commit's batch of trie nodes is several MiB, and an array of that size is a "humongous" object to
 * the G1 collector, allocated straight into old regions, counted towards starting a concurrent
 * marking, and, as the buffer grew by doubling and was copied out at its length, made three or four
 * times per batch. Per record the calls cost ~100 ns more than the serialized bytes, 1–2 ms for
 * 16,000 records, less than the collections those arrays caused.
 *
 * <p>A batch of at least {@link #MIN_SORTED_RECORDS} puts and deletes whose keys came out of order is
 * emitted grouped by family and ordered by key prefix. RocksDB inserts a batch's records into the
 * memtable one by one, each a skiplist search from the top; in key order each search shares its path
 * with the previous one, in cache, instead of missing the cache at every level (a batch of 21,000
 * random 32-byte keys, the shape of a state commit, went from ~41 to ~26 ms in a raw rocksdbjni
 * probe). Records of one key keep their order, so the batch applies to the same state. A batch with
 * a range delete keeps its order: a range delete does not commute with the writes around it.
 */
final class WriteBatchEncoder {

  private static final int HEADER = 12;
  // Record tags, dbformat.h's ValueType.
  private static final byte DELETION = 0x0;
  private static final byte VALUE = 0x1;
  private static final byte FAMILY_DELETION = 0x4;
  private static final byte FAMILY_VALUE = 0x5;
  private static final byte FAMILY_RANGE_DELETION = 0xE;
  private static final byte RANGE_DELETION = 0xF;
  /** Below this many records a sort saves less than it costs. */
  static final int MIN_SORTED_RECORDS = 64;
  /** A record's number takes the low bits of its sort key, its key's first bytes the rest. */
  private static final int RECORD_BITS = 24;
  static final int PREFIX_BYTES = (Long.SIZE - RECORD_BITS) / Byte.SIZE;
  /**
   * The largest batch serialized into one array: a quarter of G1's smallest region, so never a
   * humongous object whatever the heap's size.
   */
  static final int MAX_SERIALIZED_BYTES = 256 << 10;

  /** Per record: its tag when in the default family, its family, its key (or range start), its value (or range end). */
  private byte[] kinds;
  private int[] families;
  private byte[][] keys;
  private byte[][] values;
  private int count;
  private long length = HEADER;
  private boolean inKeyOrder = true;
  private boolean hasRangeDelete;

  /** An encoder with room noted for {@code expectedRecords} calls, growing as needed. */
  WriteBatchEncoder(int expectedRecords) {
    int capacity = Math.max(16, expectedRecords);
    kinds = new byte[capacity];
    families = new int[capacity];
    keys = new byte[capacity][];
    values = new byte[capacity][];
  }

  void put(int familyId, byte[] key, byte[] value) {
    add(VALUE, familyId, key, value);
  }

  void delete(int familyId, byte[] key) {
    add(DELETION, familyId, key, null);
  }

  void deleteRange(int familyId, byte[] from, byte[] to) {
    hasRangeDelete = true;
    add(RANGE_DELETION, familyId, from, to);
  }

  /** Records noted so far. */
  int count() {
    return count;
  }

  /** The size of the serialized batch: header and records. */
  long serializedBytes() {
    return length;
  }

  /** The native batch: serialized in one array up to {@link #MAX_SERIALIZED_BYTES}, else record by record. */
  WriteBatch toNativeBatch(IntFunction<ColumnFamilyHandle> handles) throws RocksDBException {
    if (length <= MAX_SERIALIZED_BYTES) {
      return new WriteBatch(toBytes());
    }
    WriteBatch batch = new WriteBatch((int) Math.min(length, Integer.MAX_VALUE - 8));
    try {
      applyTo(batch, handles);
      return batch;
    } catch (RocksDBException | RuntimeException e) {
      batch.close();
      throw e;
    }
  }

  /** The serialized batch: header and records, exactly its length, in key order when it pays. */
  byte[] toBytes() {
    if (length > Integer.MAX_VALUE - 8) {
      throw new StorageException("a RocksDB write batch cannot exceed 2 GiB; split the batch into smaller ones");
    }
    byte[] bytes = new byte[(int) length];
    for (int i = 0; i < 4; i++) {
      bytes[8 + i] = (byte) (count >>> (8 * i));
    }
    int[] order = order();
    int position = HEADER;
    for (int i = 0; i < count; i++) {
      position = write(bytes, position, order == null ? i : order[i]);
    }
    return bytes;
  }

  /**
   * Adds the records to {@code batch} one call each, in the order {@link #toBytes} serializes them,
   * so RocksDB's batch holds the same bytes; {@code handles} gives a family id's handle.
   */
  void applyTo(WriteBatch batch, IntFunction<ColumnFamilyHandle> handles) throws RocksDBException {
    int[] order = order();
    for (int i = 0; i < count; i++) {
      apply(batch, handles, order == null ? i : order[i]);
    }
  }

  private void apply(WriteBatch batch, IntFunction<ColumnFamilyHandle> handles, int record) throws RocksDBException {
    ColumnFamilyHandle family = handles.apply(families[record]);
    switch (kinds[record]) {
      case VALUE -> batch.put(family, keys[record], values[record]);
      case DELETION -> batch.delete(family, keys[record]);
      default -> batch.deleteRange(family, keys[record], values[record]);
    }
  }

  /** The record numbers in the order the batch takes them, or null for the order of the calls. */
  private int[] order() {
    boolean keepsCallOrder = inKeyOrder || hasRangeDelete || count < MIN_SORTED_RECORDS || count > 1 << RECORD_BITS;
    return keepsCallOrder ? null : sortedOrder();
  }

  /**
   * Record numbers grouped by family, in family id order, each family's records ordered by the
   * first {@value #PREFIX_BYTES} bytes of their keys and, where those tie, in the order they were
   * added: the memtable's locality needs no more, and records of one key keep their order. Sorts
   * primitive longs (prefix above, record number below), not boxed records: a comparator sort of a
   * commit's 21,000 records cost ~9 ms, this ~1.
   */
  private int[] sortedOrder() {
    int[] familyIds = Arrays.stream(families, 0, count).distinct().sorted().toArray();
    int[] familyOf = new int[count];
    int[] sizes = new int[familyIds.length];
    for (int record = 0; record < count; record++) {
      familyOf[record] = familyIds.length == 1 ? 0 : Arrays.binarySearch(familyIds, families[record]);
      sizes[familyOf[record]]++;
    }
    long[][] byFamily = new long[familyIds.length][];
    for (int f = 0; f < familyIds.length; f++) {
      byFamily[f] = new long[sizes[f]];
    }
    int[] filled = new int[familyIds.length];
    for (int record = 0; record < count; record++) {
      int f = familyOf[record];
      // The sign bit flipped so that the signed sort orders the prefixes as unsigned bytes.
      byFamily[f][filled[f]++] = (keyPrefix(keys[record]) << RECORD_BITS | record) ^ Long.MIN_VALUE;
    }
    int[] order = new int[count];
    int next = 0;
    for (long[] records : byFamily) {
      Arrays.sort(records);
      for (long packed : records) {
        order[next++] = (int) (packed & ((1L << RECORD_BITS) - 1));
      }
    }
    return order;
  }

  /** The key's first {@value #PREFIX_BYTES} bytes, big-endian, zero-padded. */
  private static long keyPrefix(byte[] key) {
    long prefix = 0;
    for (int i = 0; i < PREFIX_BYTES; i++) {
      prefix = prefix << 8 | (i < key.length ? key[i] & 0xFF : 0);
    }
    return prefix;
  }

  private void add(byte kind, int familyId, byte[] key, byte[] value) {
    if (count == kinds.length) {
      int grown = count * 2;
      kinds = Arrays.copyOf(kinds, grown);
      families = Arrays.copyOf(families, grown);
      keys = Arrays.copyOf(keys, grown);
      values = Arrays.copyOf(values, grown);
    }
    int record = count++;
    kinds[record] = kind;
    families[record] = familyId;
    keys[record] = key;
    values[record] = value;
    length += 1 + (familyId == 0 ? 0 : varintLength(familyId)) + varintLength(key.length) + key.length
        + (value == null ? 0 : varintLength(value.length) + value.length);
    if (inKeyOrder && record > 0 && compareRecords(record - 1, record) > 0) {
      inKeyOrder = false;
    }
  }

  private int compareRecords(int a, int b) {
    int byFamily = Integer.compare(families[a], families[b]);
    return byFamily != 0 ? byFamily : Arrays.compareUnsigned(keys[a], keys[b]);
  }

  /** Writes record {@code record} at {@code position}; returns the position after it. */
  private int write(byte[] bytes, int position, int record) {
    int familyId = families[record];
    byte kind = kinds[record];
    int at = position;
    if (familyId == 0) {
      bytes[at++] = kind;
    } else {
      bytes[at++] = familyTag(kind);
      at = varint(bytes, at, familyId);
    }
    at = slice(bytes, at, keys[record]);
    return values[record] == null ? at : slice(bytes, at, values[record]);
  }

  private static byte familyTag(byte kind) {
    return switch (kind) {
      case VALUE -> FAMILY_VALUE;
      case DELETION -> FAMILY_DELETION;
      default -> FAMILY_RANGE_DELETION;
    };
  }

  private static int slice(byte[] bytes, int position, byte[] slice) {
    int at = varint(bytes, position, slice.length);
    System.arraycopy(slice, 0, bytes, at, slice.length);
    return at + slice.length;
  }

  private static int varint(byte[] bytes, int position, int value) {
    int at = position;
    int v = value;
    while ((v & ~0x7F) != 0) {
      bytes[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[at++] = (byte) v;
    return at;
  }

  private static int varintLength(int value) {
    int bytes = 1;
    for (int v = value >>> 7; v != 0; v >>>= 7) {
      bytes++;
    }
    return bytes;
  }
}
