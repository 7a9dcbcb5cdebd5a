package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads backup keys from files, so that no secret is ever on the command line (where {@code ps} and
 * shell history show it): a key file ({@link BackupKey#fromKeyFile}) or a passphrase file, the file's
 * text with one trailing line ending removed ({@code echo 'pass' > FILE} and a file written by an
 * editor give the same passphrase). Stateless.
 */
final class BackupKeyFiles {

  private BackupKeyFiles() {}

  /** The key in {@code keyFile}; not found when there is no such file. */
  static BackupKey keyFile(Path keyFile, String option) {
    requireFile(keyFile, option);
    return BackupKey.fromKeyFile(keyFile);
  }

  /**
   * The passphrase in {@code file}, stretched with Argon2id for each backup; not found when there is
   * no such file, a usage error when it is empty or not UTF-8.
   */
  static BackupKey passphraseFile(Path file, String option) {
    requireFile(file, option);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(ExitCode.STORAGE_ERROR, "cannot read the passphrase file " + file + " (" + option + "): " + e, e);
    }
    CharBuffer chars;
    try {
      chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCode.USAGE, "the passphrase file " + file + " (" + option + ") is not UTF-8 text", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int length = chars.remaining();
    if (length > 0 && chars.get(length - 1) == '\n') {
      length--;
      if (length > 0 && chars.get(length - 1) == '\r') {
        length--;
      }
    }
    char[] passphrase = new char[length];
    chars.get(passphrase);
    Arrays.fill(chars.array(), '\0');
    try {
      if (passphrase.length == 0) {
        throw new CliException(ExitCode.USAGE, "the passphrase file " + file + " (" + option + ") is empty; write the"
            + " passphrase into it");
      }
      return BackupKey.fromPassphrase(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private static void requireFile(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCode.NOT_FOUND, "no file at " + file + " (" + option + "); check the path");
    }
  }
}
