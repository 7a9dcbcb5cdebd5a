package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupKey;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.VerifyReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Verifies one backup with the chain it builds on, or every backup: each file's size and SHA-256,
 * each chunk's CRC-32C, and (unencrypted, or with the key) that every chunk decodes. Damage is
 * listed and exits 3; a wrong key exits 7 before anything is checked.
 */
@Command(name = "verify", description = "Verify a backup (--id) or all of them: sizes, SHA-256, CRC-32C, decoding.")
final class BackupVerifyCommand implements Callable<Integer> {

  @Mixin
  BackupDirectoryOptions backups;

  @Option(names = "--id", paramLabel = "ID", description = "The backup to verify, with its chain. Default: every backup.")
  String id;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Backups dir = backups.existing();
    BackupKey key = backups.key();
    VerifyReport report;
    if (id == null) {
      report = dir.verifyAll(key);
    } else {
      dir.manifest(id); // an unknown id is "not found", not a damaged backup
      try (Progress bar = Progress.start(!json, "verifying", -1, "KiB")) {
        report = dir.verify(id, key, new BackupBar(bar));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("checked", report.checked());
      o.put("decrypted", report.decrypted());
      o.put("sound", report.isSound());
      o.put("problems", report.problems().stream().map(p -> (Object) Map.of("backup", p.subject(), "file",
          String.valueOf(p.file()), "message", p.message())).toList());
      out.println(Json.write(o));
    } else {
      for (VerifyReport.Problem p : report.problems()) {
        out.printf("DAMAGED  backup %s, %s: %s%n", p.subject(), p.file(), p.message());
      }
      List<String> checked = report.checked();
      out.printf("%s: %d backup(s) checked (%s)%s%n", report.isSound() ? "sound" : "damaged", checked.size(),
          String.join(" ", checked), report.decrypted() ? "" : "; encrypted data checked by checksum only (give --key-file to decrypt)");
    }
    out.flush();
    return report.isSound() ? ExitCode.OK : ExitCode.CORRUPTION;
  }
}
