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
    frame(key);
    frame(value);
    count++;
  }

  private void frame(byte[] bytes) {
    int n = bytes.length;
    length[0] = (byte) (n >>> 24);
    length[1] = (byte) (n >>> 16);
    length[2] = (byte) (n >>> 8);
    length[3] = (byte) n;
    sha.update(length);
    sha.update(bytes);
  }

  long count() {
    return count;
  }

  /** The digest in lowercase hex; ends this digest. */
  String finish() {
    return HexFormat.of().formatHex(sha.digest());
  }
}
