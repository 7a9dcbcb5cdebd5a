package io.luxtensor.chain.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), computed
 * by BouncyCastle's {@link KeccakDigest}.
 *
 * <p>Thread-safe: each thread reuses its own digest, because allocating one per hash would
 * cost more than hashing a typical 100-byte trie node.
 */
public final class Keccak256 {

  /** Digest size in bytes. */
  public static final int LENGTH = 32;

  private static final ThreadLocal<KeccakDigest> DIGEST =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak256() {}

  /** Keccak-256 of all of {@code data}. */
  public static byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** Keccak-256 of {@code data[offset, offset + length)}. */
  public static byte[] hash(byte[] data, int offset, int length) {
    KeccakDigest digest = DIGEST.get();
    // A digest left half-fed by an exception in update() must not leak into the next hash.
    digest.reset();
    digest.update(data, offset, length);
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return out;
  }
}
