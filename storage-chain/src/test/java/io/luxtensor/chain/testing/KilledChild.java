package io.luxtensor.chain.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child JVM that prints {@code ACK <what>} after each durable step, and kills it forcibly once
 * it has acknowledged enough: the shared start of the crash tests.
 */
public final class KilledChild {

  private KilledChild() {}

  /**
   * Starts {@code command} (its standard error to {@code stderr}), reads its acknowledgements until
   * {@code wanted} have arrived or its output ends, then kills it and waits for it to exit.
   *
   * @return what followed {@code "ACK "} on each acknowledgement read, in order; fewer than
   *     {@code wanted} when the child ended first
   */
  public static List<String> acknowledgementsBeforeTheKill(List<String> command, Path stderr, int wanted)
      throws IOException, InterruptedException {
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < wanted && (line = lines.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring(4));
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return acknowledged;
  }
}
