package io.luxtensor.storage.cli;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.backup.Backups;
import io.luxtensor.storage.backup.Manifest;
import io.luxtensor.storage.backup.RecoveryPoint;
import io.luxtensor.storage.backup.RestoreOptions;
import io.luxtensor.storage.backup.RestoreResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * Restores a backup (with the chain it builds on) into a new store of any engine: the store is built
 * beside the target and renamed into place when complete, so the target never holds half a restore.
 * The target must be new or empty; a wrong key is found before anything is written. With
 * {@code --log-dir} it is a point-in-time restore: the newest backup taken with that change log at or
 * before the point, then the log's records up to it.
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

  @Option(names = "--log-dir", paramLabel = "DIR",
      description = "Point-in-time restore: the change log the store's LoggedStore wrote. Restores the newest backup"
          + " taken with it at or before the point, then replays the log up to the point (default: its end).")
  Path logDir;

  @ArgGroup(exclusive = true)
  Point point;

  /** Where a point-in-time restore stops: at most one. */
  static final class Point {
    @Option(names = "--to-sequence", paramLabel = "N", description = "Replay the change log up to sequence N (with --log-dir).")
    Long sequence;

    @Option(names = "--to-time", paramLabel = "TIME",
        description = "Replay the writes committed at or before TIME, ISO-8601 (2026-12-02T15:04:05Z, or with an offset; with --log-dir).")
    String time;
  }

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    StorageEngines.provider(engine); // an unknown engine fails before anything is read
    RecoveryPoint recoveryPoint = recoveryPoint();
    Backups dir = backups.existing();
    String backup = id;
    if (backup == null && recoveryPoint == null) {
      List<Manifest> list = dir.list();
      if (list.isEmpty()) {
        throw new CliException(ExitCode.NOT_FOUND, "no backups in " + backups.dir + " to restore");
      }
      backup = list.get(list.size() - 1).id();
    }
    long started = System.nanoTime();
    RestoreResult result;
    StorageConfig target = StorageConfig.builder().engine(engine).path(to).build();
    try (Progress bar = Progress.start(!json, "restoring", -1, "KiB")) {
      RestoreOptions options = RestoreOptions.defaults().withKey(backups.key()).withProgress(new BackupBar(bar));
      result = recoveryPoint == null ? dir.restore(backup, target, options)
          : dir.restoreToPoint(recoveryPoint, logDir, target, options);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", result.backupId());
      o.put("to", to.toString());
      o.put("engine", engine);
      o.put("entries", result.entries());
      o.put("logRecords", result.logRecords());
      o.put("sequence", result.sequence());
      o.put("seconds", seconds);
      out.println(Json.write(o));
    } else {
      out.printf("restored backup %s into %s (%s): %,d records applied in %.2f s%n", result.backupId(), to, engine,
          result.entries(), seconds);
      if (recoveryPoint != null) {
        out.printf("replayed %,d change-log record(s): the store is at sequence %d%n", result.logRecords(),
            result.sequence());
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  /** The point of a point-in-time restore, or null for a plain one; usage errors for options that do not fit. */
  private RecoveryPoint recoveryPoint() {
    if (logDir == null) {
      if (point != null) {
        throw new CliException(ExitCode.USAGE, "--to-sequence and --to-time replay a change log: give its directory"
            + " with --log-dir");
      }
      return null;
    }
    if (id != null) {
      throw new CliException(ExitCode.USAGE, "a point-in-time restore (--log-dir) chooses its backup itself: drop --id");
    }
    if (!Files.isDirectory(logDir)) {
      throw new CliException(ExitCode.NOT_FOUND, "no change log directory at " + logDir + "; check --log-dir");
    }
    if (point == null) {
      return RecoveryPoint.latest();
    }
    if (point.sequence != null) {
      if (point.sequence < 0) {
        throw new CliException(ExitCode.USAGE, "--to-sequence is a change-log sequence, 0 or more, not " + point.sequence);
      }
      return RecoveryPoint.atSequence(point.sequence);
    }
    return RecoveryPoint.atTime(instant(point.time));
  }

  /** An ISO-8601 instant ({@code ...Z}) or date-time with an offset. */
  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw new CliException(ExitCode.USAGE, "--to-time \"" + text + "\" is not an ISO-8601 time: give e.g."
            + " 2026-12-02T15:04:05Z or 2026-12-02T16:04:05+01:00", again);
      }
    }
  }
}
