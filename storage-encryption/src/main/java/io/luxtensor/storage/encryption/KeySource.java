package io.luxtensor.storage.encryption;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the key-encryption key comes from: a key file of 32 random bytes (raw, or 64 hex digits), or
 * a passphrase stretched with Argon2id. The key-encryption key only wraps the store's data keys, so
 * changing it ({@link EncryptionControl#rewrap}) rewrites one small record, not the data.
 * Immutable; a passphrase is copied in and never printed.
 */
public sealed interface KeySource {

  /** A key file, as {@code encryption.keyFile} names it; {@link EncryptedStores#generateKeyFile} makes one. */
  static KeySource keyFile(Path file) {
    return new KeyFile(Objects.requireNonNull(file, "key file must not be null"));
  }

  /** A passphrase, as {@code encryption.passphrase} gives it; must not be empty. */
  static KeySource passphrase(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase must not be null");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    return new Passphrase(passphrase.clone());
  }

  /** A key file. */
  record KeyFile(Path file) implements KeySource {}

  /** A passphrase; {@link #toString()} hides it. */
  record Passphrase(char[] chars) implements KeySource {

    @Override
    public char[] chars() {
      return chars.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Passphrase p && Arrays.equals(chars, p.chars);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(chars);
    }

    @Override
    public String toString() {
      return "Passphrase[hidden]";
    }
  }
}
