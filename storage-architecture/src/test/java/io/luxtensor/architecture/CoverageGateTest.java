package io.luxtensor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The coverage gate: line and branch coverage of each module's classes by the tests of all modules
 * together (JaCoCo's aggregate report, made before this module's tests run in {@code verify}). A
 * module below its minimum fails the build, naming the module and both numbers. The minimums are what
 * the tests reach today less about a point (paths taken by races vary from run to run), so that
 * coverage can only go up: at least 90% of lines and 80% of branches for the API and every engine. Code run only in child JVMs (the TCK's crash writer and
 * corruption reader, LMDB's verifier) is not measured.
 */
class CoverageGateTest {

  /** Minimum covered ratio of lines and of branches, per module. */
  private record Minimum(double lines, double branches) {}

  private static final Map<String, Minimum> MINIMUMS = Map.ofEntries(
      Map.entry("storage-api", new Minimum(0.92, 0.81)),
      Map.entry("storage-memory", new Minimum(0.98, 0.95)),
      Map.entry("storage-rocksdb", new Minimum(0.90, 0.88)),
      Map.entry("storage-lmdb", new Minimum(0.90, 0.82)),
      Map.entry("storage-mapdb", new Minimum(0.91, 0.87)),
      Map.entry("storage-tck", new Minimum(0.85, 0.68)),
      Map.entry("storage-chain", new Minimum(0.89, 0.82)),
      Map.entry("storage-cli", new Minimum(0.86, 0.84)),
      Map.entry("storage-postgres", new Minimum(0.88, 0.78)),
      Map.entry("storage-encryption", new Minimum(0.85, 0.76)),
      Map.entry("storage-backup", new Minimum(0.84, 0.75)),
      Map.entry("storage-micrometer", new Minimum(0.95, 0.90)));

  /** Covered and missed counts of one module. */
  private record Coverage(long linesCovered, long linesMissed, long branchesCovered, long branchesMissed) {
    double lines() {
      return ratio(linesCovered, linesMissed);
    }

    double branches() {
      return ratio(branchesCovered, branchesMissed);
    }

    Coverage plus(Coverage other) {
      return new Coverage(linesCovered + other.linesCovered, linesMissed + other.linesMissed,
          branchesCovered + other.branchesCovered, branchesMissed + other.branchesMissed);
    }

    private static double ratio(long covered, long missed) {
      return covered + missed == 0 ? 1.0 : (double) covered / (covered + missed);
    }
  }

  @Test
  void everyModuleMeetsItsCoverageMinimum() throws IOException {
    Map<String, Coverage> modules = readReport();
    assertThat(modules.keySet()).as("modules in the aggregate coverage report (none when this module runs without the others: run ./mvnw verify)").containsAll(MINIMUMS.keySet());
    StringBuilder table = new StringBuilder("module | lines | branches\n");
    modules.forEach((module, coverage) -> table.append(String.format("%s | %.1f%% | %.1f%%%n", module,
        100 * coverage.lines(), 100 * coverage.branches())));
    System.out.print(table);
    MINIMUMS.forEach((module, minimum) -> {
      Coverage coverage = modules.get(module);
      assertThat(coverage.lines()).as("line coverage of %s", module).isGreaterThanOrEqualTo(minimum.lines());
      assertThat(coverage.branches()).as("branch coverage of %s", module).isGreaterThanOrEqualTo(minimum.branches());
    });
  }

  /** Sums the report's per-class rows by module (the report's GROUP column). */
  private static Map<String, Coverage> readReport() throws IOException {
    String location = System.getProperty("coverage.report");
    assertThat(location).as("system property coverage.report (set by this module's pom)").isNotNull();
    Path report = Path.of(location);
    assertThat(report).as("JaCoCo's aggregate report: run the whole reactor (./mvnw verify), not this module alone")
        .exists();
    List<String> lines = Files.readAllLines(report);
    List<String> header = List.of(lines.get(0).split(","));
    Map<String, Coverage> modules = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      Coverage coverage = new Coverage(
          Long.parseLong(cells[header.indexOf("LINE_COVERED")]), Long.parseLong(cells[header.indexOf("LINE_MISSED")]),
          Long.parseLong(cells[header.indexOf("BRANCH_COVERED")]), Long.parseLong(cells[header.indexOf("BRANCH_MISSED")]));
      String group = cells[header.indexOf("GROUP")]; // "<this module's name>/<module>"
      modules.merge(group.substring(group.lastIndexOf('/') + 1), coverage, Coverage::plus);
    }
    return modules;
  }
}
