package io.luxtensor.storage.encryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * How a store's key-encryption key is made, as recorded beside the wrapped data keys: from a key file,
 * or from a passphrase with Argon2id, this salt and these costs. Immutable.
 *
 * @param passphrase whether the key comes from a passphrase (else from a key file)
 * @param salt the Argon2id salt (16 random bytes), empty for a key file
 * @param argon2 the Argon2id costs, {@code null} for a key file
 */
record KekSpec(boolean passphrase, byte[] salt, Argon2Settings argon2) {

  static final int SALT_BYTES = 16;

  /** A new spec for {@code source}, with a fresh salt for a passphrase. */
  static KekSpec fresh(KeySource source, Argon2Settings argon2) {
    return source instanceof KeySource.Passphrase
        ? new KekSpec(true, Gcm.random(SALT_BYTES), argon2)
        : new KekSpec(false, new byte[0], null);
  }

  /**
   * The key-encryption key {@code source} gives under this spec.
   *
   * @throws IllegalArgumentException when the source is of the other kind, or the key file is unusable
   */
  SecretKey derive(KeySource source) {
    if (source instanceof KeySource.Passphrase p) {
      if (!passphrase) {
        throw new IllegalArgumentException("this store's data keys are wrapped by a key file, not a passphrase:"
            + " open it with encryption.keyFile");
      }
      Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(argon2.memoryKib())
          .withIterations(argon2.iterations()).withParallelism(argon2.parallelism()).build();
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters);
      byte[] key = new byte[DataKey.BYTES];
      char[] chars = p.chars();
      try {
        generator.generateBytes(chars, key);
        return new SecretKeySpec(key, "AES");
      } finally {
        Arrays.fill(chars, '\0');
        Arrays.fill(key, (byte) 0);
      }
    }
    if (passphrase) {
      throw new IllegalArgumentException("this store's data keys are wrapped by a passphrase, not a key file:"
          + " open it with encryption.passphrase or encryption.passphraseFile");
    }
    byte[] key = readKeyFile(((KeySource.KeyFile) source).file());
    try {
      return new SecretKeySpec(key, "AES");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The 32 key bytes of a key file: raw, or 64 hex digits with surrounding white space. */
  static byte[] readKeyFile(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("encryption key file " + file + " cannot be read (" + e
          + "); name an existing file of 32 random bytes, e.g. made by EncryptedStores.generateKeyFile", e);
    }
    if (content.length == DataKey.BYTES) {
      return content;
    }
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    if (text.length() == 2 * DataKey.BYTES) {
      try {
        return HexFormat.of().parseHex(text);
      } catch (IllegalArgumentException e) {
        // falls through to the error below, which says what the file must hold
      }
    }
    throw new IllegalArgumentException("encryption key file " + file + " holds " + content.length
        + " bytes, not a key: it must hold 32 raw bytes or 64 hex digits");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KekSpec k && passphrase == k.passphrase && Arrays.equals(salt, k.salt)
        && java.util.Objects.equals(argon2, k.argon2);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salt) * 31 + Boolean.hashCode(passphrase);
  }

  @Override
  public String toString() {
    return passphrase ? "KekSpec[passphrase, " + argon2 + "]" : "KekSpec[key file]";
  }
}
