package io.luxtensor.storage.tck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link CrashWriter} process as the parent sees it: started ahead of time, told to go, killed,
 * and then asked what it had acknowledged. A daemon thread drains its stdout as it runs, so that the
 * pipe never fills and blocks the writer, and so that after the kill every line the writer printed
 * has been read. Not thread-safe beyond that reader thread; one check drives it.
 */
final class CrashChild {

  private final Process process;
  private final Path stderr;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;
  private volatile long goNanos;
  private volatile long openNanos = -1;
  private volatile int lastAcked = -1;
  private volatile int lastSynced = -1;

  private CrashChild(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readLines, "tck-crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static CrashChild start(ContractFixture fixture) throws IOException {
    Path stderr = Files.createTempFile("tck-crash-writer", ".log");
    return new CrashChild(ChildJvm.start(CrashWriter.class, List.of(fixture.getClass().getName()), stderr), stderr);
  }

  /** Waits until the JVM is up; false if it died or took over a minute. */
  boolean awaitReady() throws InterruptedException {
    return ready.await(60, TimeUnit.SECONDS) && process.isAlive();
  }

  /** Lets the writer open the store in {@code directory} and write batches from {@code firstBatch} on. */
  void go(Path directory, int firstBatch) throws IOException {
    goNanos = System.nanoTime();
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write("GO " + directory + " " + firstBatch + "\n");
    in.flush();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until every line the writer printed has been read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** Kills the child if it still runs and deletes its log: for children that are not needed any more. */
  void discard() throws InterruptedException {
    kill();
    deleteLog();
  }

  void deleteLog() {
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the store had finished opening when the child died. */
  boolean opened() {
    return openNanos >= 0;
  }

  /** How long the open took, measured from {@link #go}; only if {@link #opened()}. */
  long openMillis() {
    return TimeUnit.NANOSECONDS.toMillis(openNanos - goNanos);
  }

  int lastAcked() {
    return lastAcked;
  }

  int lastSynced() {
    return lastSynced;
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  private void readLines() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
          case "READY" -> ready.countDown();
          case "OPEN" -> openNanos = System.nanoTime();
          case "ACK" -> {
            if (parts.length < 2 || !parts[1].chars().allMatch(Character::isDigit)) {
              break; // only a line cut short by the kill can look like this
            }
            int batch = Integer.parseInt(parts[1]);
            if (parts.length == 3) {
              lastSynced = batch;
            }
            lastAcked = batch;
          }
          default -> { } // a line the writer did not mean for us (a library's banner): not ours to judge
        }
      }
    } catch (IOException e) {
      // the stream breaks when the process is killed mid-line: what was read so far is what counts
    } finally {
      ready.countDown();
    }
  }
}
