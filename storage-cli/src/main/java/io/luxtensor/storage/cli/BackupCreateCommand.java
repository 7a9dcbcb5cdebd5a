package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.backup.BackupOptions;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.Manifest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Backs up a store into the backup directory (created if missing), from one snapshot of a read-only
 * open, so a RocksDB store can be backed up beside the node writing it. A backup appears in the
 * directory only once complete.
 */
@Command(name = "create", description = "Back up a store: full, or --incremental on the newest backup.")
final class BackupCreateCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Mixin
  BackupDirectoryOptions backups;

  @Option(names = "--incremental", description = "Only what changed since the newest backup (full when there is none).")
  boolean incremental;

  @Option(names = "--compression", paramLabel = "LEVEL", defaultValue = "" + BackupOptions.DEFAULT_ZSTD_LEVEL,
      description = "zstd level, 0 (none) to 22 (default: ${DEFAULT-VALUE}).")
  int compression;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (compression < 0 || compression > 22) {
      throw new CliException(ExitCode.USAGE, "--compression is a zstd level from 0 (none) to 22, not " + compression);
    }
    BackupOptions options = BackupOptions.full().withIncremental(incremental).withZstdLevel(compression)
        .withKey(backups.key());
    long started = System.nanoTime();
    Manifest manifest;
    try (KeyValueStore kv = StoreOpener.openExisting(store, true);
        Progress bar = Progress.start(!json, "backing up", -1, "KiB")) {
      manifest = Backups.open(backups.dir).create(kv, options.withProgress(new BackupBar(bar)));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      var o = BackupListCommand.describe(manifest);
      o.put("seconds", seconds);
      out.println(Json.write(o));
    } else {
      out.printf("backup %s %s of %s: %,d records, %,d bytes in %s in %.2f s%n", manifest.id(),
          manifest.isIncremental() ? "(incremental on " + manifest.parent() + ")" : "(full)", store.path,
          BackupListCommand.records(manifest), BackupListCommand.size(manifest), backups.dir, seconds);
    }
    out.flush();
    return ExitCode.OK;
  }
}
