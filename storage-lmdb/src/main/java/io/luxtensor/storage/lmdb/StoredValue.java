package io.luxtensor.storage.lmdb;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The stored form of a value: {@code format:1 | crc:4 | value bytes}. {@code format} is
 * {@link #FORMAT_1}; {@code crc} is the CRC-32C, big-endian, of the format byte, the key's length (4
 * bytes, big-endian), the key and the value. LMDB keeps no checksums of its own, so the checksum is
 * what tells a byte that rotted in a value or a key, or a value that ended up under another key. The
 * format byte lets a later layout be told from this one; a value with an unknown format byte cannot be
 * read by this code and counts as damaged too.
 *
 * <p>Checks run over the buffers LMDB hands out, in place (CRC-32C is a JDK intrinsic over direct
 * memory), so checking an entry copies nothing; {@link EntryCheck} turns a defect into an exception.
 * Stateless and thread-safe; a buffer's position is restored before returning.
 */
final class StoredValue {

  /** The only layout so far. */
  static final byte FORMAT_1 = 1;
  /** Bytes in front of the value. */
  static final int HEADER = 1 + 4;

  private StoredValue() {}

  /** The stored size of a value of {@code length} bytes. */
  static int storedSize(int length) {
    return HEADER + length;
  }

  /**
   * Writes the stored form of {@code value} under {@code key} into {@code target} from position 0 and
   * flips it for reading; {@code target} holds at least {@link #storedSize(int)} bytes.
   */
  static ByteBuffer seal(byte[] key, byte[] value, ByteBuffer target) {
    CRC32C crc = start(key.length);
    crc.update(key, 0, key.length);
    crc.update(value, 0, value.length);
    target.clear();
    target.put(FORMAT_1);
    target.putInt((int) crc.getValue());
    target.put(value);
    target.flip();
    return target;
  }

  /**
   * What is wrong with {@code stored} as the stored form of a value under {@code key[0, keyLength)},
   * or null when its format and checksum hold.
   */
  static String defect(byte[] key, int keyLength, ByteBuffer stored) {
    String layout = layoutDefect(stored);
    if (layout != null) {
      return layout;
    }
    CRC32C crc = start(keyLength);
    crc.update(key, 0, keyLength);
    return checksumDefect(crc, stored);
  }

  /** As {@link #defect(byte[], int, ByteBuffer)}, with the key in a buffer. */
  static String defect(ByteBuffer key, ByteBuffer stored) {
    String layout = layoutDefect(stored);
    if (layout != null) {
      return layout;
    }
    CRC32C crc = start(key.remaining());
    updateInPlace(crc, key, key.position());
    return checksumDefect(crc, stored);
  }

  /** A copy of the value in {@code stored}, whose {@link #defect} was null. */
  static byte[] value(ByteBuffer stored) {
    byte[] value = new byte[stored.remaining() - HEADER];
    stored.get(stored.position() + HEADER, value);
    return value;
  }

  private static String layoutDefect(ByteBuffer stored) {
    if (stored.remaining() < HEADER) {
      return "is " + stored.remaining() + " bytes, shorter than its " + HEADER + "-byte header";
    }
    byte format = stored.get(stored.position());
    if (format != FORMAT_1) {
      return "has format byte " + (format & 0xFF) + ", not " + FORMAT_1
          + " (the store was written by another version of the engine, or the byte rotted)";
    }
    return null;
  }

  private static String checksumDefect(CRC32C crc, ByteBuffer stored) {
    int start = stored.position();
    updateInPlace(crc, stored, start + HEADER);
    return stored.getInt(start + 1) == (int) crc.getValue() ? null : "fails its CRC-32C";
  }

  /** Feeds {@code buffer} from {@code from} to its limit into {@code crc}, leaving its position as it was. */
  private static void updateInPlace(CRC32C crc, ByteBuffer buffer, int from) {
    int position = buffer.position();
    buffer.position(from);
    crc.update(buffer);
    buffer.position(position);
  }

  private static CRC32C start(int keyLength) {
    CRC32C crc = new CRC32C();
    crc.update(FORMAT_1);
    crc.update(keyLength >>> 24);
    crc.update(keyLength >>> 16);
    crc.update(keyLength >>> 8);
    crc.update(keyLength);
    return crc;
  }
}
