package io.luxtensor.storage.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java platform must provide. Stateless; {@link ValueHash} is not thread-safe. */
final class Hashing {

  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  /**
   * The first 16 bytes of a value's SHA-256: what a key index keeps to notice that a key's value
   * changed. A cryptographic hash because values may be chosen by whoever writes to the store: with a
   * checksum (CRC, xxHash) a crafted new value hashing like the old one would be missed by a scanned
   * incremental and silently lost on restore; 128 bits keep an accidental collision out of reach.
   * SHA-256 runs on the CPU's SHA instructions where it has them, so the cost is mostly per call: this
   * reuses its digest and output buffer and allocates nothing. Not thread-safe.
   */
  static final class ValueHash {
    static final int BYTES = 16;
    private final MessageDigest sha = sha256();
    private final byte[] full = new byte[32];

    /** Writes the hash of {@code bytes[offset, +length)} into {@code out[0, 16)} and returns {@code out}. */
    byte[] hash(byte[] bytes, int offset, int length, byte[] out) {
      sha.update(bytes, offset, length);
      try {
        sha.digest(full, 0, full.length);
      } catch (java.security.DigestException e) {
        throw new AssertionError("a 32-byte buffer holds a SHA-256", e);
      }
      System.arraycopy(full, 0, out, 0, BYTES);
      return out;
    }
  }
}
