package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.Manifest;
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

/** Lists the complete backups of a directory, oldest first (a partial or unreadable one is never listed). */
@Command(name = "list", description = "List the backups of a directory, oldest first.")
final class BackupListCommand implements Callable<Integer> {

  @Mixin
  BackupDirectoryOptions backups;

  @Option(names = "--json", description = "Print one JSON object per backup.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    List<Manifest> list = backups.existing().list();
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      out.printf("%-8s %-8s %-20s %-10s %-9s %5s %14s %16s%n", "id", "parent", "created", "engine", "encrypted", "zstd",
          "records", "bytes");
    }
    for (Manifest m : list) {
      if (json) {
        out.println(Json.write(describe(m)));
      } else {
        out.printf("%-8s %-8s %-20s %-10s %-9s %5d %,14d %,16d%n", m.id(), m.parent() == null ? "-" : m.parent(),
            m.created().toString().replaceFirst("\\.\\d+Z$", "Z"), m.sourceEngine(), m.isEncrypted() ? "yes" : "no",
            m.compressionLevel(), records(m), size(m));
      }
    }
    if (!json && list.isEmpty()) {
      out.println("(no backups in " + backups.dir + ")");
    }
    out.flush();
    return ExitCode.OK;
  }

  /** A backup's manifest as an ordered map, for --json. */
  static Map<String, Object> describe(Manifest m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", m.id());
    o.put("parent", m.parent());
    o.put("created", m.created().toString());
    o.put("engine", m.sourceEngine());
    o.put("engineVersion", m.sourceEngineVersion());
    o.put("changeDetection", m.changeDetection().name());
    o.put("encrypted", m.isEncrypted());
    o.put("compressionLevel", m.compressionLevel());
    o.put("columnFamilies", m.columnFamilies().stream().map(Manifest.ColumnFamilyEntry::name).toList());
    o.put("records", records(m));
    o.put("bytes", size(m));
    return o;
  }

  /** Records in this backup's own data files (an incremental's changes only). */
  static long records(Manifest m) {
    return m.columnFamilies().stream().mapToLong(Manifest.ColumnFamilyEntry::records).sum();
  }

  /** Bytes of this backup's own files. */
  static long size(Manifest m) {
    return m.files().values().stream().mapToLong(Manifest.FileEntry::size).sum();
  }
}
