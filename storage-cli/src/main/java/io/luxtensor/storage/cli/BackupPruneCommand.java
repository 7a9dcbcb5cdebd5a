package io.luxtensor.storage.cli;

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

/** Deletes all but the newest backups, keeping every backup a kept incremental builds on. */
@Command(name = "prune", description = "Delete all but the newest --keep N backups (never a parent a kept incremental needs).")
final class BackupPruneCommand implements Callable<Integer> {

  @Mixin
  BackupDirectoryOptions backups;

  @Option(names = "--keep", paramLabel = "N", required = true, description = "Backups to keep, at least 1.")
  int keep;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (keep < 1) {
      throw new CliException(ExitCode.USAGE, "--keep must be at least 1, not " + keep + " (a prune never deletes every backup)");
    }
    List<String> deleted = backups.existing().prune(keep);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("deleted", deleted);
      out.println(Json.write(o));
    } else {
      out.printf("deleted %d backup(s)%s%n", deleted.size(), deleted.isEmpty() ? "" : ": " + String.join(" ", deleted));
    }
    out.flush();
    return ExitCode.OK;
  }
}
