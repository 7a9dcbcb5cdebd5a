package io.luxtensor.storage.cli;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
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

/** Flushes and compacts every column family (or one), printing the size on disk before and after. */
@Command(name = "compact", description = "Compact a store's column families, reclaiming the space of deleted and overwritten keys.")
final class CompactCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--cf", paramLabel = "NAME", description = "Only this column family (default: all).")
  String family;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    long before = Stores.sizeOnDisk(store.path);
    List<String> compacted;
    try (KeyValueStore kv = StoreOpener.openExisting(store, false)) {
      List<ColumnFamily> families = family == null ? kv.columnFamilies() : List.of(Stores.family(kv, family));
      kv.flush();
      try (Progress bar = Progress.start(!json, "compacting", families.size(), "families")) {
        for (ColumnFamily cf : families) {
          kv.compact(cf, KeyRange.all());
          bar.step(1);
        }
      }
      compacted = families.stream().map(ColumnFamily::name).toList();
    }
    long after = Stores.sizeOnDisk(store.path);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("columnFamilies", compacted);
      o.put("bytesBefore", before);
      o.put("bytesAfter", after);
      out.println(Json.write(o));
    } else {
      out.printf("compacted %s: %,d bytes on disk before, %,d after%n", compacted, before, after);
    }
    out.flush();
    return ExitCode.OK;
  }
}
