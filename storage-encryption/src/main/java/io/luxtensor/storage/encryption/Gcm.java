package io.luxtensor.storage.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the JDK's provider, with one {@link Cipher} per thread (creating one costs more
 * than the encryption of a small value). Thread-safe.
 */
final class Gcm {

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int TAG_BITS = TAG_BYTES * 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Gcm::newCipher);

  private Gcm() {}

  /** Fresh random bytes, for keys, salts and nonces of the key ring. */
  static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Encrypts {@code plain} into {@code out} at {@code outOffset} (ciphertext then tag), authenticating
   * {@code aad} parts in order; a {@code null} part is skipped.
   */
  static void encrypt(SecretKey key, byte[] nonce, byte[] plain, byte[] out, int outOffset, byte[]... aad) {
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      for (byte[] part : aad) {
        if (part != null) {
          cipher.updateAAD(part);
        }
      }
      cipher.doFinal(plain, 0, plain.length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed in the JDK's provider", e);
    }
  }

  /**
   * Encrypts {@code plain} into {@code out} after its header of {@code headerBytes} and the nonce
   * that follows it (both already written), authenticating the header, then {@code aad} parts.
   */
  static void seal(SecretKey key, byte[] out, int headerBytes, byte[] plain, byte[] aad1, byte[] aad2) {
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, headerBytes, NONCE_BYTES));
      cipher.updateAAD(out, 0, headerBytes);
      cipher.updateAAD(aad1);
      cipher.updateAAD(aad2);
      cipher.doFinal(plain, 0, plain.length, out, headerBytes + NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed in the JDK's provider", e);
    }
  }

  /**
   * Decrypts what {@link #seal} wrote into {@code in}, authenticating the same header and parts.
   *
   * @throws AEADBadTagException when the tag does not match: wrong key, changed bytes or changed AAD
   */
  static byte[] open(SecretKey key, byte[] in, int headerBytes, byte[] aad1, byte[] aad2) throws AEADBadTagException {
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, headerBytes, NONCE_BYTES));
      cipher.updateAAD(in, 0, headerBytes);
      cipher.updateAAD(aad1);
      cipher.updateAAD(aad2);
      int offset = headerBytes + NONCE_BYTES;
      byte[] plain = new byte[in.length - offset - TAG_BYTES];
      cipher.doFinal(in, offset, in.length - offset, plain, 0);
      return plain;
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM decryption failed in the JDK's provider", e);
    }
  }

  /**
   * Decrypts {@code length} bytes of ciphertext and tag at {@code offset}.
   *
   * @throws AEADBadTagException when the tag does not match: wrong key, changed bytes or changed AAD
   */
  static byte[] decrypt(SecretKey key, byte[] nonceSource, int nonceOffset, byte[] in, int offset, int length,
      byte[]... aad) throws AEADBadTagException {
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceSource, nonceOffset, NONCE_BYTES));
      for (byte[] part : aad) {
        if (part != null) {
          cipher.updateAAD(part);
        }
      }
      byte[] plain = new byte[length - TAG_BYTES];
      cipher.doFinal(in, offset, length, plain, 0);
      return plain;
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM decryption failed in the JDK's provider", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no AES/GCM/NoPadding cipher", e);
    }
  }
}
