package io.luxtensor.storage.cli;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.Manifest;
import io.luxtensor.storage.backup.RestoreOptions;
import io.luxtensor.storage.backup.RestoreResult;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * Restores a backup (with the chain it builds on) into a new store of any engine: the store is built
 * beside the target and renamed into place when complete, so the target never holds half a restore.
 * The target must be new or empty; a wrong key is found before anything is written.
 */
@Command(name = "restore", description = "Restore a backup into a new store of any engine (a restore doubles as a migration).")
final class BackupRestoreCommand implements Callable<Integer> {

  @Mixin
  BackupDirectoryOptions backups;

  @Option(names = "--id", paramLabel = "ID", description = "The backup to restore. Default: the newest.")
  String id;

  @Option(names = "--to", paramLabel = "DIR", required = true, description = "The new store's directory (must not exist, or be empty).")
  Path to;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME", required = true, description = "The new store's engine.")
  String engine;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    StorageEngines.provider(engine); // an unknown engine fails before anything is read
    Backups dir = backups.existing();
    String backup = id;
    if (backup == null) {
      List<Manifest> list = dir.list();
      if (list.isEmpty()) {
        throw new CliException(ExitCode.NOT_FOUND, "no backups in " + backups.dir + " to restore");
      }
      backup = list.get(list.size() - 1).id();
    }
    long started = System.nanoTime();
    RestoreResult result;
    try (Progress bar = Progress.start(!json, "restoring", -1, "KiB")) {
      result = dir.restore(backup, StorageConfig.builder().engine(engine).path(to).build(),
          RestoreOptions.defaults().withKey(backups.key()).withProgress(new BackupBar(bar)));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", result.backupId());
      o.put("to", to.toString());
      o.put("engine", engine);
      o.put("entries", result.entries());
      o.put("seconds", seconds);
      out.println(Json.write(o));
    } else {
      out.printf("restored backup %s into %s (%s): %,d records applied in %.2f s%n", result.backupId(), to, engine,
          result.entries(), seconds);
    }
    out.flush();
    return ExitCode.OK;
  }
}
