package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.Backups;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every backup command shares: the backup directory and the key of encrypted backups. */
final class BackupDirectoryOptions {

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", required = true, description = "The backup directory (one store's backups).")
  Path dir;

  @Option(names = {"-k", "--key-file"}, paramLabel = "FILE",
      description = "Key of encrypted backups: 64 hex digits or 32 bytes (e.g. 'openssl rand -hex 32 > FILE').")
  Path keyFile;

  /** The key from {@code --key-file}, or null without one. */
  BackupKey key() {
    if (keyFile == null) {
      return null;
    }
    if (!Files.isRegularFile(keyFile)) {
      throw new CliException(ExitCode.NOT_FOUND, "no key file at " + keyFile + "; check the path");
    }
    return BackupKey.fromKeyFile(keyFile);
  }

  /** The existing backup directory; reading commands never create one. */
  Backups existing() {
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.NOT_FOUND, "no backup directory at " + dir + "; check --dir");
    }
    return Backups.open(dir);
  }
}
