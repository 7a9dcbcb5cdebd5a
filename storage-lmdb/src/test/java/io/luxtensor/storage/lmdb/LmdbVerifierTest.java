package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways {@link LmdbVerifier#verifyInChildJvm} can fail to get a verdict from its child JVM: the
 * child cannot start, does not finish in time, the wait is interrupted, or the child exits with a code
 * the verifier does not define. None of these is corruption. The child's own verdicts (intact, corrupt,
 * crashed) are specified in {@link LmdbCorruptionTest} and {@link PageCheckTest}.
 */
class LmdbVerifierTest {

  @TempDir
  Path dir;

  /** Runs {@code action} with the system property {@code name} set to {@code value}, restoring it after. */
  private static void withProperty(String name, String value, Runnable action) {
    String saved = System.getProperty(name);
    System.setProperty(name, value);
    try {
      action.run();
    } finally {
      System.setProperty(name, saved);
    }
  }

  @Test
  void aChildThatDoesNotFinishWithinTheTimeoutIsStoppedAndReportedAsATimeout() {
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, Duration.ZERO))
        .isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("did not finish within PT0S")
        .hasMessageContaining("longer timeout");
  }

  @Test
  void anInterruptedWaitStopsTheChildAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, Duration.ofMinutes(1)))
          .isExactlyInstanceOf(StorageException.class)
          .hasMessageContaining("was interrupted; the child JVM was stopped")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aChildJvmThatCannotStartIsAStorageExceptionSayingSo() {
    Path noJava = dir.resolve("no-jdk");
    withProperty("java.home", noJava.toString(), () ->
        assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, Duration.ofMinutes(1)))
            .isExactlyInstanceOf(StorageException.class)
            .hasMessageContaining("could not start its child JVM")
            .hasMessageContaining(noJava.toString()));
  }

  @Test
  void aChildExitingWithAnUndefinedCodeIsAFailureCarryingItsStandardError() throws Exception {
    Path emptyClassPath = Files.createDirectory(dir.resolve("classes"));
    withProperty("java.class.path", emptyClassPath.toString(), () ->
        assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, Duration.ofMinutes(1)))
            .isExactlyInstanceOf(StorageException.class)
            .isNotInstanceOf(CorruptionException.class)
            .hasMessageContaining("failed in its child JVM (exit code 1)")
            .hasMessageContaining("standard error: ")
            .hasMessageContaining(LmdbVerifier.class.getName()));
  }

  @Test
  void aReportListsItsFamiliesInNameOrder() {
    Map<String, Long> counts = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      counts.put("family-" + (char) ('z' - i % 26) + i, (long) i);
    }
    LmdbVerifier.Report report = new LmdbVerifier.Report(dir, counts, 0);
    assertThat(new java.util.ArrayList<>(report.entriesPerFamily().keySet())).isSorted().hasSize(30);
  }

  @Test
  void aReportKeepsAnImmutableCopyOfItsPerFamilyCounts() {
    Map<String, Long> counts = new java.util.HashMap<>(Map.of("default", 2L));
    LmdbVerifier.Report report = new LmdbVerifier.Report(dir, counts, 2);
    counts.put("other", 1L);
    assertThat(report.entriesPerFamily()).containsOnlyKeys("default");
    assertThatThrownBy(() -> report.entriesPerFamily().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
  }
}
