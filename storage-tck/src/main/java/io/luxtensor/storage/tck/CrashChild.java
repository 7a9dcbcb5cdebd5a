package io.luxtensor.storage.tck;

import java.io.IOException;
import java.io.InputStream;
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
 * and then asked what it had acknowledged. Its stdout goes to a file, which a daemon thread follows
 * as it grows (to see {@code READY} and {@code OPEN} as they come) and reads to the end after the
 * kill, so that every line the writer printed counts. Not thread-safe beyond that thread; one check
 * drives it.
 */
final class CrashChild {

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final Thread follower;
  private volatile boolean sawReady;
  private volatile long createMillis;
  private volatile long reopenMillis;
  private volatile long goNanos;
  private volatile long openNanos = -1;
  private volatile int lastAcked = -1;
  private volatile int lastSynced = -1;

  private CrashChild(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.follower = new Thread(this::followLines, "tck-crash-child-stdout");
    follower.setDaemon(true);
    follower.start();
  }

  static CrashChild start(ContractFixture fixture) throws IOException {
    Path stdout = Files.createTempFile("tck-crash-writer", ".out");
    Path stderr = Files.createTempFile("tck-crash-writer", ".log");
    List<String> args = List.of(fixture.getClass().getName(), fixture.newDirectory().toString());
    return new CrashChild(ChildJvm.start(CrashWriter.class, args, stdout, stderr), stdout, stderr);
  }

  /** Waits until the JVM is up; false if it died or took over a minute. */
  boolean awaitReady() throws InterruptedException {
    return ready.await(60, TimeUnit.SECONDS) && sawReady && process.isAlive();
  }

  /** Waits until the store is open; false if the child died first or took over a minute. */
  boolean awaitOpen() throws InterruptedException {
    return open.await(60, TimeUnit.SECONDS) && opened() && process.isAlive();
  }

  /**
   * Lets the writer open the store in {@code directory} and write batches from {@code firstBatch} on;
   * false if it died before it could be told.
   */
  boolean go(Path directory, int firstBatch) {
    goNanos = System.nanoTime();
    try {
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write("GO " + directory + " " + firstBatch + "\n");
      in.flush();
      return true;
    } catch (IOException e) {
      return false; // the JDK closes a dead child's stdin
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until every line the writer printed has been read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    follower.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** Kills the child if it still runs and deletes its files: for children that are not needed any more. */
  void discard() throws InterruptedException {
    kill();
    deleteFiles();
  }

  void deleteFiles() {
    try {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      Files.deleteIfExists(ChildJvm.crashReport(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How long creating a store took this child before it was told to go. */
  long createMillis() {
    return createMillis;
  }

  /** How long reopening that store took. */
  long reopenMillis() {
    return reopenMillis;
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

  /** Follows the stdout file until the process is gone and the file is read to its end. */
  private void followLines() {
    StringBuilder partial = new StringBuilder();
    byte[] buffer = new byte[8192];
    try (InputStream in = Files.newInputStream(stdout)) {
      while (true) {
        boolean exited = !process.isAlive(); // checked before the read: what it wrote before dying is in the file
        int n = in.read(buffer);
        if (n > 0) {
          partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          int end;
          while ((end = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, end));
            partial.delete(0, end + 1);
          }
        } else if (exited) {
          return; // a line without its newline was cut by the kill: the writer never finished printing it
        } else {
          Thread.sleep(1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ready.countDown();
      open.countDown();
    }
  }

  private void line(String line) {
    String[] parts = line.split(" ");
    switch (parts[0]) {
      case "READY" -> {
        createMillis = Long.parseLong(parts[1]);
        reopenMillis = Long.parseLong(parts[2]);
        sawReady = true;
        ready.countDown();
      }
      case "OPEN" -> {
        openNanos = System.nanoTime();
        open.countDown();
      }
      case "ACK" -> {
        int batch = Integer.parseInt(parts[1]);
        if (parts.length == 3) {
          lastSynced = batch;
        }
        lastAcked = batch;
      }
      default -> { } // a line the writer did not mean for us (a library's banner): not ours to judge
    }
  }
}
