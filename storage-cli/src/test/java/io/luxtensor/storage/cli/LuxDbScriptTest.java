package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the repository's {@code ./luxdb} script from a shell, on this build's class path (the jar is
 * made after the tests), to check that arguments, output and exit codes pass through it.
 */
class LuxDbScriptTest {

  private static final Path SCRIPT = Path.of("..", "luxdb").toAbsolutePath().normalize();

  private record Result(int code, String out, String err) {}

  private static Result sh(Path dir, String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
    pb.environment().put("LUXDB_CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("luxdb finished").isTrue();
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void theScriptPutsGetsAndReportsAMissingKeyWithItsExitCode(@TempDir Path dir) throws Exception {
    String luxdb = "'" + SCRIPT + "'";
    Result put = sh(dir, luxdb + " put --path store --engine rocksdb --create 'greeting' 'hello world'");
    assertThat(put.code()).as(put.err()).isZero();
    Result get = sh(dir, luxdb + " get --path store greeting");
    assertThat(get.out()).isEqualTo("hello world\n");
    Result missing = sh(dir, luxdb + " get --path store nope");
    assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(List.of(missing.err().split("\n"))).containsExactly("luxdb: no value under key nope in column family"
        + " \"default\" of store");
  }
}
