package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code encryption.*} options of a config, validated: exactly one key source
 * ({@code keyFile}, {@code passphrase} or {@code passphraseFile}), the Argon2id costs used when a
 * passphrase store is created ({@code argon2MemoryKib}, {@code argon2Iterations},
 * {@code argon2Parallelism}), and the entries a rotation re-encrypts per step
 * ({@code rotationStepEntries}). Immutable.
 *
 * @param source where the key-encryption key comes from
 * @param keyFile the key file, or {@code null}: its permissions are checked at open
 * @param argon2 the Argon2id costs for a new passphrase store
 * @param rotationStepEntries the most values one rotation step re-encrypts while holding writers back
 */
record EncryptionOptions(KeySource source, Path keyFile, Argon2Settings argon2, int rotationStepEntries) {

  static final String PREFIX = "encryption";
  private static final Set<String> KNOWN = Set.of("keyFile", "passphrase", "passphraseFile", "argon2MemoryKib",
      "argon2Iterations", "argon2Parallelism", "rotationStepEntries");

  static EncryptionOptions of(StorageConfig config) {
    Map<String, String> options = config.engineOptions(PREFIX);
    for (String name : options.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option \"" + PREFIX + "." + name + "\"; the encryption layer knows "
            + new TreeSet<>(KNOWN).stream().map(n -> PREFIX + "." + n).toList());
      }
    }
    Set<String> sources = new TreeSet<>(options.keySet());
    sources.retainAll(Set.of("keyFile", "passphrase", "passphraseFile"));
    if (sources.size() != 1) {
      throw new IllegalArgumentException("an encrypted store needs exactly one of encryption.keyFile,"
          + " encryption.passphrase and encryption.passphraseFile, was " + (sources.isEmpty() ? "none" : sources));
    }
    KeySource source;
    Path keyFile = null;
    if (options.containsKey("keyFile")) {
      keyFile = Path.of(options.get("keyFile"));
      source = KeySource.keyFile(keyFile);
    } else if (options.containsKey("passphrase")) {
      source = KeySource.passphrase(options.get("passphrase").toCharArray());
    } else {
      source = KeySource.passphrase(readPassphrase(Path.of(options.get("passphraseFile"))));
    }
    Argon2Settings argon2 = new Argon2Settings(
        intOption(options, "argon2MemoryKib", Argon2Settings.DEFAULT.memoryKib()),
        intOption(options, "argon2Iterations", Argon2Settings.DEFAULT.iterations()),
        intOption(options, "argon2Parallelism", Argon2Settings.DEFAULT.parallelism()));
    int step = intOption(options, "rotationStepEntries", 256);
    if (step < 1) {
      throw new IllegalArgumentException("encryption.rotationStepEntries must be at least 1, was " + step);
    }
    return new EncryptionOptions(source, keyFile, argon2, step);
  }

  /** The passphrase in a file: its first line, without the line end. */
  private static char[] readPassphrase(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("encryption.passphraseFile " + file + " cannot be read (" + e + ")", e);
    }
    String line = text.lines().findFirst().orElse("");
    if (line.isEmpty()) {
      throw new IllegalArgumentException("encryption.passphraseFile " + file + " holds no passphrase on its first line");
    }
    return line.toCharArray();
  }

  private static int intOption(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("encryption." + name + " must be an integer, was \"" + value + "\"", e);
    }
  }
}
