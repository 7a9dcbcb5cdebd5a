package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StoreMetrics;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a store's metrics, once or, with {@code --watch}, every {@code --interval} seconds
 * ({@code --count} times, or until interrupted), redrawn in place on a terminal. The operation
 * counts are those of this luxdb process's handle; the engine's figures (disk, memory, cache,
 * compaction, properties) are the store's own. Opens read-only.
 */
@Command(name = "stats", description = "Print a store's metrics; --watch refreshes them in place.")
final class StatsCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--watch", description = "Refresh every --interval seconds until interrupted (or --count times).")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "Seconds between refreshes (default: ${DEFAULT-VALUE}).")
  double interval;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "With --watch, stop after N refreshes (0: never).")
  long count;

  @Option(names = "--json", description = "One JSON object per refresh and line.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (interval <= 0 || count < 0) {
      throw new CliException(ExitCode.USAGE, "--interval must be above 0 and --count 0 or more");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean inPlace = watch && !json && System.console() != null;
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      int lastLines = 0;
      for (long n = 1; ; n++) {
        StoreMetrics m = kv.metrics();
        if (json) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("time", System.currentTimeMillis());
          o.putAll(Stores.metrics(m));
          o.put("engineProperties", new TreeMap<>(m.engineProperties()));
          out.println(Json.write(o));
        } else {
          if (inPlace && lastLines > 0) {
            out.print("\033[" + lastLines + "A\033[J"); // up over the last table, then clear below
          }
          lastLines = print(out, kv, m);
        }
        out.flush();
        if (!watch || (count > 0 && n >= count)) {
          return ExitCode.OK;
        }
        Thread.sleep((long) (interval * 1000));
      }
    }
  }

  private int print(PrintWriter out, KeyValueStore kv, StoreMetrics m) {
    int lines = 0;
    out.printf("%s (%s)  %tT%n", store.path, kv.engine().name(), System.currentTimeMillis());
    lines++;
    for (Map.Entry<String, Object> e : Stores.metrics(m).entrySet()) {
      out.printf("  %-28s %s%n", e.getKey(), e.getValue());
      lines++;
    }
    for (Map.Entry<String, Long> e : new TreeMap<>(m.engineProperties()).entrySet()) {
      out.printf("  %-44s %,d%n", e.getKey(), e.getValue());
      lines++;
    }
    return lines;
  }
}
