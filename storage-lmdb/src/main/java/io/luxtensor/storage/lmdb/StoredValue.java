package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Keys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The stored form of a value: {@code format:1 | crc:4 | value bytes}. {@code format} is
 * {@link #FORMAT_1}; {@code crc} is the CRC-32C, big-endian, of the format byte, the key's length (4
 * bytes, big-endian), the key and the value. LMDB keeps no checksums of its own, so a byte that rotted
 * in a value or a key, or a value that ended up under another key, is reported as
 * {@link CorruptionException} instead of returned. The format byte lets a later layout be told from
 * this one; a value with an unknown format byte is reported as corrupt too, since this code cannot
 * read it.
 *
 * <p>Stateless and thread-safe. Buffers LMDB hands out are read without moving their position.
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
    target.clear();
    target.put(FORMAT_1);
    target.putInt(checksum(key, 0, key.length, value));
    target.put(value);
    target.flip();
    return target;
  }

  /**
   * The value stored in {@code stored} under the first {@code keyLength} bytes of {@code key}, copied,
   * after its format and checksum are checked.
   *
   * @throws CorruptionException naming the column family, the key and the store when the stored
   *     bytes are too short, of an unknown format or fail their checksum
   */
  static byte[] open(byte[] key, int keyLength, ByteBuffer stored, String family, String where) {
    int start = stored.position();
    int length = stored.remaining() - HEADER;
    if (length < 0) {
      throw corrupt(key, keyLength, family, where, "is " + stored.remaining() + " bytes, shorter than its "
          + HEADER + "-byte header");
    }
    byte format = stored.get(start);
    if (format != FORMAT_1) {
      throw corrupt(key, keyLength, family, where, "has format byte " + (format & 0xFF) + ", not " + FORMAT_1
          + " (the store was written by another version of the engine, or the byte rotted)");
    }
    byte[] value = new byte[length];
    stored.get(start + HEADER, value);
    if (stored.getInt(start + 1) != checksum(key, 0, keyLength, value)) {
      throw corrupt(key, keyLength, family, where, "fails its CRC-32C");
    }
    return value;
  }

  private static int checksum(byte[] key, int keyOffset, int keyLength, byte[] value) {
    CRC32C crc = new CRC32C();
    crc.update(FORMAT_1);
    crc.update(keyLength >>> 24);
    crc.update(keyLength >>> 16);
    crc.update(keyLength >>> 8);
    crc.update(keyLength);
    crc.update(key, keyOffset, keyLength);
    crc.update(value, 0, value.length);
    return (int) crc.getValue();
  }

  private static CorruptionException corrupt(byte[] key, int keyLength, String family, String where, String what) {
    return new CorruptionException("the stored value of key " + Keys.toHex(Arrays.copyOf(key, keyLength))
        + " in column family \"" + family + "\" of LMDB store " + where + " " + what
        + ": the data file is damaged; restore the store from a checkpoint or backup (LmdbVerifier.verifyInChildJvm"
        + " lists the damage without risking this process)");
  }
}
