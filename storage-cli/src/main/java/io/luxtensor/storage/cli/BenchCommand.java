package io.luxtensor.storage.cli;

import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the specification's workloads ({@link BenchWorkload}) on each engine found (or those named),
 * prints a table against the targets and the on-disk size against the raw data, writes a PNG chart,
 * and with {@code --json} prints everything as one JSON object instead of the tables. Single-threaded;
 * numbers on a shared machine vary run to run, so compare engines within one run.
 */
@Command(name = "bench", description = "Measure the specification's workloads on each engine against its targets; writes a PNG chart.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME", split = ",", description = "Engines to measure (default: every engine found).")
  List<String> engines;

  @Option(names = "--entries", paramLabel = "N", defaultValue = "200000", description = "Operations per workload at most (default: ${DEFAULT-VALUE}).")
  long entries;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Seconds per workload at most (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the stores are made (default: the system's temporary directory); deleted afterwards.")
  Path dir;

  @Option(names = "--chart", paramLabel = "FILE", defaultValue = "luxdb-bench.png", description = "The PNG chart to write (default: ${DEFAULT-VALUE}).")
  Path chart;

  @Option(names = "--json", description = "Print one JSON object instead of the tables.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (entries < BenchWorkload.BATCH_SIZE || seconds <= 0) {
      throw new CliException(ExitCode.USAGE, "--entries must be at least " + BenchWorkload.BATCH_SIZE
          + " (one batch) and --seconds above 0");
    }
    List<String> names = engines != null ? engines : StorageEngines.available().stream().map(EngineInfo::name).toList();
    names.forEach(StorageEngines::provider); // an unknown name fails before any work, listing the engines found
    Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    List<BenchResult> results = new ArrayList<>();
    try (Progress bar = Progress.start(!json, "bench", (long) names.size() * BenchWorkload.values().length, "workloads")) {
      for (String name : names) {
        Path work = BenchRunner.workDir(parent, name);
        try {
          results.add(new BenchRunner(name, work, entries, seconds, bar).run());
        } finally {
          deleteTree(work);
        }
      }
    }
    String subtitle = String.format("%,d operations or %s s per workload at most; 16-byte keys, 100-byte values; one thread",
        entries, seconds);
    Path png = chart.toAbsolutePath();
    if (png.getParent() != null) {
      Files.createDirectories(png.getParent());
    }
    BenchChart.write(results, png, subtitle);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(BenchReport.json(results, entries, seconds, png)));
    } else {
      BenchReport.print(out, results);
      out.printf("%nchart: %s%n", png);
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
