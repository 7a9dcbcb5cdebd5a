package io.luxtensor.storage.backup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Seals a backup's random data key under the key-encryption key (the key file's key, or Argon2id of
 * the passphrase), and opens it again. The key id is a hash of the key-encryption key, so a wrong key
 * is named before anything is decrypted. Stateless and thread-safe.
 */
final class KeyWrapping {

  static final String KDF_KEY_FILE = "key-file";
  static final String KDF_ARGON2ID = "argon2id";
  private static final HexFormat HEX = HexFormat.of();
  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyWrapping() {}

  static byte[] newDataKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /** Seals {@code dataKey} for backup {@code id} under {@code key}. */
  static Manifest.Encryption seal(BackupKey key, byte[] dataKey, String id) {
    String salt = null;
    int memory = 0;
    int iterations = 0;
    int lanes = 0;
    if (key.isPassphrase()) {
      byte[] s = new byte[16];
      RANDOM.nextBytes(s);
      salt = HEX.formatHex(s);
      memory = BackupKey.DEFAULT_MEMORY_KIB;
      iterations = BackupKey.DEFAULT_ITERATIONS;
      lanes = BackupKey.DEFAULT_PARALLELISM;
    }
    String kdf = key.isPassphrase() ? KDF_ARGON2ID : KDF_KEY_FILE;
    byte[] kek = kek(key, kdf, salt, memory, iterations, lanes);
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad(id));
      byte[] sealed = cipher.doFinal(dataKey);
      byte[] wrapped = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, wrapped, 0, NONCE);
      System.arraycopy(sealed, 0, wrapped, NONCE, sealed.length);
      return new Manifest.Encryption(kdf, keyId(kek), salt, memory, iterations, lanes, HEX.formatHex(wrapped));
    } catch (GeneralSecurityException e) {
      throw new BackupException("this Java runtime cannot encrypt with AES-256-GCM: " + e, e);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /**
   * Opens the data key of backup {@code id}.
   *
   * @throws WrongBackupKeyException when {@code key} is not the key the backup was sealed with
   */
  static byte[] open(BackupKey key, Manifest.Encryption e, String id) {
    if (key == null) {
      throw new WrongBackupKeyException("backup " + id + " is encrypted (key id " + e.keyId()
          + "): give its key file or passphrase");
    }
    if (key.isPassphrase() != e.kdf().equals(KDF_ARGON2ID)) {
      throw new WrongBackupKeyException("backup " + id + " was encrypted with a "
          + (e.kdf().equals(KDF_ARGON2ID) ? "passphrase" : "key file") + " (key id " + e.keyId() + "), but a "
          + (key.isPassphrase() ? "passphrase" : "key file") + " was given: give the one it was written with");
    }
    byte[] kek = kek(key, e.kdf(), e.salt(), e.memoryKib(), e.iterations(), e.parallelism());
    try {
      String given = keyId(kek);
      if (!given.equals(e.keyId())) {
        throw new WrongBackupKeyException("backup " + id + " is encrypted with key id " + e.keyId()
            + ", but the key given has id " + given + ": give the key file or passphrase it was written with"
            + " (after a rekey, the new one); nothing was restored");
      }
      byte[] wrapped = HEX.parseHex(e.wrappedKey());
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, wrapped, 0, NONCE));
      cipher.updateAAD(aad(id));
      return cipher.doFinal(wrapped, NONCE, wrapped.length - NONCE);
    } catch (AEADBadTagException | IllegalArgumentException ex) {
      throw new WrongBackupKeyException("the data key of backup " + id + " does not unwrap with the key given (key id "
          + e.keyId() + "): the manifest's wrapped key is damaged or the key is wrong; nothing was restored", ex);
    } catch (GeneralSecurityException ex) {
      throw new BackupException("this Java runtime cannot decrypt AES-256-GCM: " + ex, ex);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /** The key id {@code key} would have for {@code e}'s derivation, for messages and checks. */
  static String keyIdFor(BackupKey key, Manifest.Encryption e) {
    byte[] kek = kek(key, e.kdf(), e.salt(), e.memoryKib(), e.iterations(), e.parallelism());
    try {
      return keyId(kek);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] kek(BackupKey key, String kdf, String salt, int memory, int iterations, int lanes) {
    if (!kdf.equals(KDF_ARGON2ID)) {
      return key.rawKey();
    }
    if (salt == null || memory < 8 || iterations < 1 || lanes < 1) {
      throw new ManifestFormatException("the manifest's Argon2id parameters are incomplete (salt " + salt + ", memory "
          + memory + " KiB, " + iterations + " passes, " + lanes + " lanes); the backup cannot be decrypted");
    }
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(HEX.parseHex(salt))
        .withMemoryAsKB(memory)
        .withIterations(iterations)
        .withParallelism(lanes)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] password = key.passphraseBytes();
    byte[] out = new byte[32];
    try {
      generator.generateBytes(password, out);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
    return out;
  }

  private static String keyId(byte[] kek) {
    java.security.MessageDigest sha = Hashing.sha256();
    sha.update("luxtensor-backup-key-id\0".getBytes(StandardCharsets.US_ASCII));
    return HEX.formatHex(sha.digest(kek), 0, 8);
  }

  private static byte[] aad(String id) {
    return ("luxtensor-backup-data-key/" + id).getBytes(StandardCharsets.US_ASCII);
  }
}
