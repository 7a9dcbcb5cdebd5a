package io.luxtensor.storage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints bench results as tables against the targets, or builds their JSON. Stateless. */
final class BenchReport {

  private BenchReport() {}

  static void print(PrintWriter out, List<BenchResult> results) {
    out.printf("%-32s %12s", "workload (ops/s)", "target");
    for (BenchResult r : results) {
      out.printf(" %22s", r.engine());
    }
    out.println();
    for (BenchWorkload w : BenchWorkload.values()) {
      out.printf("%-32s %,12d", w.label, w.target);
      for (BenchResult r : results) {
        Double ops = r.opsPerSecond().get(w);
        out.printf(" %22s", ops == null ? "-" : String.format("%,.0f (%s)", ops, percent(ops / w.target)));
      }
      out.println();
    }
    out.printf("%n%-8s %12s %14s %14s %10s %12s %10s %s%n", "engine", "entries", "raw bytes", "disk bytes",
        "disk/raw", "saved", "WA (OS)", "RocksDB statistics");
    for (BenchResult r : results) {
      out.printf("%-8s %,12d %,14d %14s %10s %12s %10s %s%n", r.engine(), r.entries(), r.rawBytes(),
          r.diskBytes() < 0 ? "-" : String.format("%,d", r.diskBytes()), ratio(r.spaceAmplification()),
          Double.isNaN(r.compressionSavings()) ? "-" : percent(r.compressionSavings()), ratio(r.osWriteAmplification()),
          rocksdb(r));
    }
    out.println();
    out.println("targets (specification): compression saves 60-80%, space amplification 1.2-1.5x, write amplification 2-4x");
    for (BenchResult r : results) {
      r.notes().forEach((w, note) -> out.printf("note: %s, %s: %s%n", r.engine(), w.label, note));
    }
  }

  private static String rocksdb(BenchResult r) {
    if (r.compactionBytesWritten() < 0) {
      return "-";
    }
    if (!Double.isNaN(r.statisticsWriteAmplification())) {
      return "WA " + ratio(r.statisticsWriteAmplification());
    }
    return String.format("compaction wrote %,d bytes (%.2f per user byte); flush bytes not reported",
        r.compactionBytesWritten(), (double) r.compactionBytesWritten() / Math.max(1, r.userBytesWritten()));
  }

  static Map<String, Object> json(List<BenchResult> results, long entries, double seconds, Path chart) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("entriesPerWorkload", entries);
    o.put("secondsPerWorkload", seconds);
    o.put("chart", chart.toString());
    List<Object> engines = new ArrayList<>();
    for (BenchResult r : results) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("engine", r.engine());
      Map<String, Object> workloads = new LinkedHashMap<>();
      for (BenchWorkload w : BenchWorkload.values()) {
        Double ops = r.opsPerSecond().get(w);
        if (ops == null) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", w.label);
        m.put("unit", w.unit);
        m.put("opsPerSecond", ops);
        m.put("target", w.target);
        m.put("ofTarget", ops / w.target);
        m.put("note", r.notes().get(w));
        workloads.put(w.name(), m);
      }
      e.put("workloads", workloads);
      e.put("entries", r.entries());
      e.put("rawBytes", r.rawBytes());
      e.put("diskBytes", r.diskBytes() < 0 ? null : r.diskBytes());
      e.put("spaceAmplification", r.spaceAmplification());
      e.put("compressionSavings", r.compressionSavings());
      e.put("userBytesWritten", r.userBytesWritten());
      e.put("osBytesWritten", r.osBytesWritten() < 0 ? null : r.osBytesWritten());
      e.put("osWriteAmplification", r.osWriteAmplification());
      e.put("rocksdbCompactionBytesWritten", r.compactionBytesWritten() < 0 ? null : r.compactionBytesWritten());
      e.put("rocksdbFlushBytesWritten", r.flushBytesWritten() < 0 ? null : r.flushBytesWritten());
      e.put("rocksdbStatisticsWriteAmplification", r.statisticsWriteAmplification());
      engines.add(e);
    }
    o.put("engines", engines);
    return o;
  }

  private static String percent(double fraction) {
    return String.format("%.0f%%", fraction * 100);
  }

  private static String ratio(double x) {
    return Double.isNaN(x) ? "-" : String.format("%.2fx", x);
  }
}
