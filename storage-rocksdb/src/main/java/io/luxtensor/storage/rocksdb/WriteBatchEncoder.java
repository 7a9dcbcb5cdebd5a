package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.StorageException;
import java.util.Arrays;
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

  private byte[] buffer;
  private int length = HEADER;
  private int count;

  /** An encoder whose buffer starts at {@code expectedBytes}, growing as needed. */
  WriteBatchEncoder(int expectedBytes) {
    buffer = new byte[Math.max(HEADER + 64, expectedBytes)];
  }

  void put(int familyId, byte[] key, byte[] value) {
    ensure(16 + key.length + value.length);
    tag(familyId, VALUE, FAMILY_VALUE);
    slice(key);
    slice(value);
  }

  void delete(int familyId, byte[] key) {
    ensure(11 + key.length);
    tag(familyId, DELETION, FAMILY_DELETION);
    slice(key);
  }

  void deleteRange(int familyId, byte[] from, byte[] to) {
    ensure(16 + from.length + to.length);
    tag(familyId, RANGE_DELETION, FAMILY_RANGE_DELETION);
    slice(from);
    slice(to);
  }

  /** Records written so far. */
  int count() {
    return count;
  }

  /** The serialized batch: header and records, exactly {@code length} bytes. */
  byte[] toBytes() {
    byte[] bytes = Arrays.copyOf(buffer, length);
    for (int i = 0; i < 4; i++) {
      bytes[8 + i] = (byte) (count >>> (8 * i));
    }
    return bytes;
  }

  private void tag(int familyId, byte defaultFamilyTag, byte familyTag) {
    count++;
    if (familyId == 0) {
      buffer[length++] = defaultFamilyTag;
    } else {
      buffer[length++] = familyTag;
      varint(familyId);
    }
  }

  private void slice(byte[] bytes) {
    varint(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void varint(int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      buffer[length++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[length++] = (byte) v;
  }

  /** Room for {@code bytes} more; {@code bytes} counts the tag and up to two 5-byte varints besides the slices. */
  private void ensure(int bytes) {
    if (length + bytes > buffer.length) {
      long wanted = Math.max((long) buffer.length * 2, (long) length + bytes);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new StorageException("a RocksDB write batch cannot exceed 2 GiB; split the batch into smaller ones");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
