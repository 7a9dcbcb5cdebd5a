package io.luxtensor.storage.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the JDK's provider, with one {@link Cipher} per thread (creating one costs more
 * than the encryption of a small value) and the associated data of a value handed to it in one call
 * (the JDK's GCM buffers each {@code updateAAD} call, growing its buffer for every further part).
 * Thread-safe.
 */
final class Gcm {

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int TAG_BITS = TAG_BYTES * 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(PerThread::new);

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
    Cipher cipher = STATE.get().cipher;
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
    PerThread state = STATE.get();
    Cipher cipher = state.cipher;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, headerBytes, NONCE_BYTES));
      int aadLength = state.joinAad(out, headerBytes, aad1, aad2); // first: it may replace the array
      cipher.updateAAD(state.aad, 0, aadLength);
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
    PerThread state = STATE.get();
    Cipher cipher = state.cipher;
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, headerBytes, NONCE_BYTES));
      int aadLength = state.joinAad(in, headerBytes, aad1, aad2); // first: it may replace the array
      cipher.updateAAD(state.aad, 0, aadLength);
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
    Cipher cipher = STATE.get().cipher;
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

  /** A thread's cipher, and its scratch array for associated data (the cipher copies what it is given). */
  private static final class PerThread {
    final Cipher cipher = newCipher();
    byte[] aad = new byte[64];

    /**
     * Writes the first {@code headerBytes} of {@code header}, then {@code part1} and {@code part2}, to
     * {@link #aad}, grown when short, and returns their length: the same bytes, in the same order, as
     * three {@code updateAAD} calls would authenticate.
     */
    int joinAad(byte[] header, int headerBytes, byte[] part1, byte[] part2) {
      int length = headerBytes + part1.length + part2.length;
      if (aad.length < length) {
        aad = new byte[Math.max(length, 2 * aad.length)];
      }
      System.arraycopy(header, 0, aad, 0, headerBytes);
      System.arraycopy(part1, 0, aad, headerBytes, part1.length);
      System.arraycopy(part2, 0, aad, headerBytes + part1.length, part2.length);
      return length;
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
