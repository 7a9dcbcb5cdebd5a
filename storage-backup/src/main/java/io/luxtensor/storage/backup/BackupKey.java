package io.luxtensor.storage.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret that protects encrypted backups: either a 256-bit key read from a key file, or a
 * passphrase stretched by Argon2id with a per-backup salt. Either way it only wraps each backup's own
 * random data key (see {@code docs/backup-format.md}), so {@link Backups#rekey} changes it without
 * touching the data. Immutable and thread-safe; it keeps its own copy of the secret.
 */
public final class BackupKey {

  /** Argon2id cost for passphrases: OWASP's minimum (19 MiB, 2 passes, 1 lane). */
  public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
  public static final int DEFAULT_ITERATIONS = 2;
  public static final int DEFAULT_PARALLELISM = 1;

  private final byte[] key;
  private final char[] passphrase;

  private BackupKey(byte[] key, char[] passphrase) {
    this.key = key;
    this.passphrase = passphrase;
  }

  /** A key given as 32 raw bytes. */
  public static BackupKey ofBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != 32) {
      throw new IllegalArgumentException("a backup key is 32 bytes (AES-256), not " + key.length);
    }
    return new BackupKey(key.clone(), null);
  }

  /**
   * The key in {@code file}: 64 hex digits (surrounding whitespace ignored) or 32 raw bytes.
   *
   * @throws IllegalArgumentException when the file holds neither
   * @throws BackupException when it cannot be read
   */
  public static BackupKey fromKeyFile(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BackupException("cannot read the backup key file " + file + ": " + e, e);
    }
    String text = new String(content, StandardCharsets.ISO_8859_1).strip();
    if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return ofBytes(HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT)));
    }
    if (content.length == 32) {
      return ofBytes(content);
    }
    throw new IllegalArgumentException("the key file " + file + " holds neither 64 hex digits nor 32 bytes;"
        + " create one with BackupKey.createKeyFile");
  }

  /** A passphrase, stretched with Argon2id for each backup; the array is copied, clear yours after. */
  public static BackupKey fromPassphrase(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the backup passphrase must not be empty");
    }
    return new BackupKey(null, passphrase.clone());
  }

  /**
   * Writes a new random key as 64 hex digits to {@code file}, which must not exist, readable by its
   * owner only where the file system has POSIX permissions.
   */
  public static BackupKey createKeyFile(Path file) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Files.createFile(file);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // no POSIX permissions on this file system: the directory's protection is all there is
      }
      Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new BackupException("cannot create the key file " + file + ": " + e, e);
    }
    return new BackupKey(key, null);
  }

  boolean isPassphrase() {
    return passphrase != null;
  }

  /** The raw key of a key-file key. */
  byte[] rawKey() {
    return key.clone();
  }

  /** The passphrase as UTF-8, for Argon2id. */
  byte[] passphraseBytes() {
    java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    Arrays.fill(bytes.array(), (byte) 0);
    return out;
  }

  @Override
  public String toString() {
    return passphrase != null ? "BackupKey[passphrase]" : "BackupKey[key file]";
  }
}
