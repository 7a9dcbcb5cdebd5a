package io.luxtensor.storage.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * Fixed key files for tests, the same in every JVM (the TCK reopens stores in child JVMs, which build
 * their config from the contract class alone). Written once under {@code target/}, atomically, 0600.
 */
final class TestKeys {

  private TestKeys() {}

  /** The key file holding 32 bytes of {@code seed}. */
  static Path keyFile(int seed) {
    Path file = Path.of("target", "test-keys", "kek-" + seed + ".hex").toAbsolutePath();
    if (Files.exists(file)) {
      return file;
    }
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i * 7);
    }
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), "kek-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
