package io.luxtensor.storage.backup;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Count and SHA-256 of a column family's entries in key order, each framed as key length, key, value
 * length, value (lengths as 4-byte big-endian): the same figure for the same content on every engine.
 * Not thread-safe.
 */
final class StateDigest {

  private final MessageDigest sha = Hashing.sha256();
  private final byte[] length = new byte[4];
  private long count;

  void add(byte[] key, byte[] value) {
    add(key, 0, key.length, value, 0, value.length);
  }

  /** Adds the entry {@code key = bytes[keyOffset, +keyLength)}, {@code value = bytes[valueOffset, +valueLength)}. */
  void add(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength) {
    add(bytes, keyOffset, keyLength, bytes, valueOffset, valueLength);
  }

  private void add(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
    frame(key, keyOffset, keyLength);
    frame(value, valueOffset, valueLength);
    count++;
  }

  private void frame(byte[] bytes, int offset, int n) {
    length[0] = (byte) (n >>> 24);
    length[1] = (byte) (n >>> 16);
    length[2] = (byte) (n >>> 8);
    length[3] = (byte) n;
    sha.update(length);
    sha.update(bytes, offset, n);
  }

  long count() {
    return count;
  }

  /** The digest in lowercase hex; ends this digest. */
  String finish() {
    return HexFormat.of().formatHex(sha.digest());
  }
}
