package io.luxtensor.storage.cli;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StoreMetrics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Describes a store: engine, column families with their entry and byte counts (counted on one
 * snapshot), size on disk, the engine's own properties and the metrics. Opens the store read-only.
 */
@Command(name = "inspect", description = "Describe a store: column families, entries, sizes, engine properties, metrics.")
final class InspectCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  /** Entries and key plus value bytes of one column family. */
  record FamilyCount(String name, long entries, long bytes) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      List<FamilyCount> counts = count(kv, !json);
      long onDisk = Stores.sizeOnDisk(store.path);
      StoreMetrics metrics = kv.metrics();
      Map<String, Long> properties = new TreeMap<>(metrics.engineProperties());
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", store.path.toString());
        o.put("engine", kv.engine().name());
        o.put("engineVersion", kv.engine().version());
        o.put("capabilities", kv.engine().capabilities().stream().map(Enum::name).sorted().toList());
        List<Object> families = new ArrayList<>();
        for (FamilyCount c : counts) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("name", c.name());
          f.put("entries", c.entries());
          f.put("keyValueBytes", c.bytes());
          families.add(f);
        }
        o.put("columnFamilies", families);
        o.put("sizeOnDiskBytes", onDisk);
        o.put("engineProperties", properties);
        o.put("metrics", Stores.metrics(metrics));
        out.println(Json.write(o));
      } else {
        out.printf("store       %s%n", store.path);
        out.printf("engine      %s %s %s%n", kv.engine().name(), kv.engine().version(),
            kv.engine().capabilities().stream().map(Enum::name).sorted().toList());
        out.printf("on disk     %,d bytes%n", onDisk);
        out.printf("%n%-24s %14s %18s%n", "column family", "entries", "key+value bytes");
        long entries = 0;
        long bytes = 0;
        for (FamilyCount c : counts) {
          out.printf("%-24s %,14d %,18d%n", c.name(), c.entries(), c.bytes());
          entries += c.entries();
          bytes += c.bytes();
        }
        out.printf("%-24s %,14d %,18d%n", "(total)", entries, bytes);
        if (bytes > 0) {
          out.printf("on disk / raw  %.2f%n", (double) onDisk / bytes);
        }
        out.printf("%nengine properties%n");
        properties.forEach((k, v) -> out.printf("  %-44s %,d%n", k, v));
        out.printf("%nmetrics%n");
        Stores.metrics(metrics).forEach((k, v) -> out.printf("  %-44s %s%n", k, v));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** Counts every family on one snapshot, so that the numbers belong to one point in time. */
  static List<FamilyCount> count(KeyValueStore kv, boolean progress) {
    List<FamilyCount> counts = new ArrayList<>();
    try (Snapshot snapshot = kv.snapshot(); Progress bar = Progress.start(progress, "counting", -1, "entries")) {
      for (ColumnFamily cf : kv.columnFamilies()) {
        long entries = 0;
        long bytes = 0;
        try (KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
          for (; it.isValid(); it.next()) {
            entries++;
            bytes += it.key().length + it.value().length;
            if ((entries & 0xfff) == 0) {
              bar.step(0x1000);
            }
          }
        }
        bar.step(entries & 0xfff);
        counts.add(new FamilyCount(cf.name(), entries, bytes));
      }
    }
    return counts;
  }
}
