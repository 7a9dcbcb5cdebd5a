package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.Backups;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every backup command shares: the backup directory and the key of encrypted backups, from
 * a key file or a passphrase file (never the secret itself on the command line).
 */
final class BackupDirectoryOptions {

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", required = true, description = "The backup directory (one store's backups).")
  Path dir;

  @Option(names = {"-k", "--key-file"}, paramLabel = "FILE",
      description = "Key of encrypted backups: 64 hex digits or 32 bytes (e.g. 'openssl rand -hex 32 > FILE').")
  Path keyFile;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Passphrase of encrypted backups, read from FILE (one trailing line ending dropped), stretched with Argon2id.")
  Path passphraseFile;

  /** The key from {@code --key-file} or {@code --passphrase-file}, or null without either. */
  BackupKey key() {
    if (keyFile != null && passphraseFile != null) {
      throw new CliException(ExitCode.USAGE, "give --key-file or --passphrase-file, not both");
    }
    if (keyFile != null) {
      return BackupKeyFiles.keyFile(keyFile, "--key-file");
    }
    if (passphraseFile != null) {
      return BackupKeyFiles.passphraseFile(passphraseFile, "--passphrase-file");
    }
    return null;
  }

  /** The existing backup directory; reading commands never create one. */
  Backups existing() {
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.NOT_FOUND, "no backup directory at " + dir + "; check --dir");
    }
    return Backups.open(dir);
  }
}
