package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Keccak256;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9IntegerConverter;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Recovers the signer of a secp256k1 ECDSA signature (SEC 1 v2, section 4.1.6) with
 * BouncyCastle's curve arithmetic, and derives the Ethereum address from the public key.
 * Stateless and thread-safe.
 */
final class Signatures {

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  static final BigInteger N = CURVE.getN();
  private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();
  private static final X9IntegerConverter CONVERTER = new X9IntegerConverter();

  private Signatures() {}

  /**
   * The address whose key signed {@code messageHash} with {@code (r, s)} and recovery id
   * {@code recoveryId} (0 or 1: the parity of the y coordinate of the nonce point R).
   *
   * @throws BlockFormatException if the signature is out of range or no key could have made it
   */
  static Address recover(byte[] messageHash, int recoveryId, BigInteger r, BigInteger s) {
    if (recoveryId != 0 && recoveryId != 1) {
      throw new BlockFormatException("signature recovery id must be 0 or 1, got " + recoveryId);
    }
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      throw new BlockFormatException("signature r and s must be in [1, n-1] of secp256k1");
    }
    if (r.compareTo(P) >= 0) {
      throw new BlockFormatException("signature r is not an x coordinate on secp256k1");
    }
    byte[] compressed = CONVERTER.integerToBytes(r, 1 + CONVERTER.getByteLength(CURVE.getCurve()));
    compressed[0] = (byte) (recoveryId == 1 ? 0x03 : 0x02);
    ECPoint nonce;
    try {
      nonce = CURVE.getCurve().decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      throw new BlockFormatException("signature r is not an x coordinate on secp256k1", e);
    }
    BigInteger e = new BigInteger(1, messageHash);
    BigInteger rInverse = r.modInverse(N);
    BigInteger u1 = e.negate().mod(N).multiply(rInverse).mod(N);
    BigInteger u2 = s.multiply(rInverse).mod(N);
    ECPoint key = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, nonce, u2).normalize();
    if (key.isInfinity()) {
      throw new BlockFormatException("signature recovers to the point at infinity; no key made it");
    }
    byte[] uncompressed = key.getEncoded(false);
    byte[] hash = Keccak256.hash(uncompressed, 1, uncompressed.length - 1);
    return Address.of(Arrays.copyOfRange(hash, 12, 32));
  }
}
