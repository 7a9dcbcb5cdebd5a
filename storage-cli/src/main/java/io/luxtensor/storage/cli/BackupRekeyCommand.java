package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.Manifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-wraps the data key of every encrypted backup in the directory under a new key file or passphrase,
 * rewriting only the manifests (each atomically); the data files are untouched, so it takes moments
 * whatever the backups' size. Every backup is opened with the current key first, so a wrong key
 * (exit 7) changes nothing.
 */
@Command(name = "rekey", description = "Re-wrap encrypted backups' data keys under a new key file or passphrase, without rewriting data.")
final class BackupRekeyCommand implements Callable<Integer> {

  @Mixin
  BackupDirectoryOptions backups;

  @ArgGroup(exclusive = true, multiplicity = "1")
  NewKey newKey;

  /** The replacement secret: exactly one. */
  static final class NewKey {
    @Option(names = "--new-key-file", paramLabel = "FILE", description = "The new key file (64 hex digits or 32 bytes).")
    Path keyFile;

    @Option(names = "--new-passphrase-file", paramLabel = "FILE", description = "The new passphrase, read from FILE.")
    Path passphraseFile;
  }

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Backups dir = backups.existing();
    BackupKey current = backups.key();
    if (current == null) {
      throw new CliException(ExitCode.USAGE, "rekey needs the current key: give --key-file or --passphrase-file");
    }
    BackupKey replacement = newKey.keyFile != null ? BackupKeyFiles.keyFile(newKey.keyFile, "--new-key-file")
        : BackupKeyFiles.passphraseFile(newKey.passphraseFile, "--new-passphrase-file");
    List<String> rekeyed = dir.rekey(current, replacement);
    long plain = dir.list().stream().filter(m -> !m.isEncrypted()).map(Manifest::id).count();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("rekeyed", rekeyed);
      o.put("unencrypted", plain);
      out.println(Json.write(o));
    } else {
      out.printf("rekeyed %d backup(s)%s%s%n", rekeyed.size(), rekeyed.isEmpty() ? "" : " (" + String.join(" ", rekeyed) + ")",
          plain == 0 ? "" : "; " + plain + " unencrypted backup(s) left as they are");
    }
    out.flush();
    return ExitCode.OK;
  }
}
