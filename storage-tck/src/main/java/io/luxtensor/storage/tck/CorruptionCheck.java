package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.fail;

import io.luxtensor.storage.KeyValueStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Flips one bit at a time in the files of a closed store and reads everything back. The store holds
 * {@link KnownDataSet}; for each regular file of its directory (recursively, sorted) and each of a
 * few positions (first, middle and last byte, and seeded random ones, one per 8 KiB up to 24, so
 * every run flips the same bits), a fresh copy of the directory gets the flip, and a {@link CorruptionReader} child JVM opens
 * it and reads it all. Correct data, or a {@code StorageException} at open, read or close (a
 * {@code CorruptionException} preferably), is the contract. Wrong data with no exception, any other
 * exception, a crash of the JVM, or no answer within {@link #TIMEOUT_SECONDS} fails the check, which
 * then names every file, offset and bit that did so, and what happened.
 */
final class CorruptionCheck {

  static final long TIMEOUT_SECONDS = 20;
  private static final int MAX_HANGS = 3;
  private static final long SEED = 0xF11BL;
  private static final long BYTES_PER_POSITION = 8 << 10;
  private static final long MAX_RANDOM_POSITIONS = 24;
  /**
   * Files that hold no data a reader could get back: info logs written for people (RocksDB's
   * {@code LOG} and {@code LOG.old.<time>}) and lock files ({@code LOCK}, LMDB's {@code lock.mdb},
   * {@code *.lock}), which only say who has the store open and which engines rebuild when they open.
   */
  private static final Pattern NOT_DATA = Pattern.compile("LOG(\\.old\\..*)?|(.*[._-])?(?i:lock)([._-].*)?");

  private final ContractFixture fixture;
  private final List<String> failures = new ArrayList<>();
  private int flips;
  private int correct;
  private int corruption;
  private int rejected;
  private int wrong;
  private int errors;
  private int hangs;
  private int crashes;
  private Reader reader;

  CorruptionCheck(ContractFixture fixture) {
    this.fixture = fixture;
  }

  void flipBitsInEveryFile(int minRandomPositionsPerFile) throws Exception {
    Path original = fixture.newDirectory().resolve("store");
    try (KeyValueStore store = fixture.openUntracked(original)) {
      KnownDataSet.writeTo(store);
    }
    List<Path> files = dataFiles(original);
    if (files.isEmpty()) {
      fail("a persistent engine left no file in %s after writing and closing a store", original);
    }
    Path scratch = fixture.newDirectory();
    try {
      reader = Reader.start(fixture);
      String intact = reader.check(copy(original, scratch.resolve("intact")));
      if (!intact.startsWith("CORRECT")) {
        fail("the intact store, before any flip, did not read back: %s", intact);
      }
      for (Path file : files) {
        for (long[] flip : flips(original.resolve(file), file, minRandomPositionsPerFile)) {
          if (hangs >= MAX_HANGS) {
            break;
          }
          Path copy = copy(original, scratch.resolve("flip-" + flips));
          flipBit(copy.resolve(file), flip[0], (int) flip[1]);
          judge(file, flip[0], (int) flip[1], reader.check(copy));
          ContractFixture.deleteRecursively(copy);
        }
      }
    } finally {
      if (reader != null) {
        reader.discard();
      }
    }
    if (!failures.isEmpty()) {
      fail("%d of %d single-bit flips in the files %s were not caught%s:%n%s%n(%d read correctly, %d reported as "
          + "CorruptionException, %d as another StorageException; %d returned wrong data, %d threw another exception, "
          + "%d hung, %d crashed the JVM)", failures.size(), flips, files, hangs >= MAX_HANGS ? " (stopped after " + hangs + " hangs)" : "",
          String.join(System.lineSeparator(), failures), correct, corruption, rejected, wrong, errors, hangs, crashes);
    }
  }

  private void judge(Path file, long offset, int bit, String verdict) throws IOException, InterruptedException {
    flips++;
    String kind = verdict.split(" ", 2)[0];
    switch (kind) {
      case "CORRECT" -> correct++;
      case "CORRUPTION" -> corruption++;
      case "REJECTED" -> rejected++;
      default -> {
        switch (kind) {
          case "WRONG" -> wrong++;
          case "ERROR" -> errors++;
          case "HANG" -> hangs++;
          default -> crashes++;
        }
        failures.add(String.format("  %s offset %d bit %d: %s", file, offset, bit, verdict));
        if (kind.equals("HANG") || kind.equals("CRASH")) {
          reader.discard();
          reader = Reader.start(fixture);
        }
      }
    }
  }

  /** Files of the store that may hold data, relative to its directory, in order. */
  private static List<Path> dataFiles(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> !NOT_DATA.matcher(p.getFileName().toString()).matches())
          .map(directory::relativize)
          .sorted()
          .toList();
    }
  }

  /** Offsets and bits to flip in {@code file}: the same in every run for the same name and size. */
  private static List<long[]> flips(Path file, Path name, int minRandomPositions) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return List.of();
    }
    Random random = new Random(SEED ^ name.toString().hashCode() ^ size);
    TreeSet<Long> offsets = new TreeSet<>(List.of(0L, size / 2, size - 1));
    // More positions in bigger files, where most bytes are data, up to a bound that keeps the run short.
    long positions = Math.max(minRandomPositions, Math.min(MAX_RANDOM_POSITIONS, size / BYTES_PER_POSITION));
    for (int i = 0; i < positions; i++) {
      offsets.add((long) (random.nextDouble() * size));
    }
    List<long[]> flips = new ArrayList<>();
    for (long offset : offsets) {
      flips.add(new long[] {offset, random.nextInt(8)});
    }
    return flips;
  }

  private static void flipBit(Path file, long offset, int bit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.rewind();
      channel.write(one, offset);
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }

  /** One {@link CorruptionReader} JVM: a check goes in, one verdict line comes out. */
  private static final class Reader {

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer in;

    private Reader(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread thread = new Thread(this::readLines, "tck-corruption-reader-stdout");
      thread.setDaemon(true);
      thread.start();
    }

    static Reader start(ContractFixture fixture) throws IOException, InterruptedException {
      Path stderr = Files.createTempFile("tck-corruption-reader", ".log");
      Reader reader = new Reader(ChildJvm.start(CorruptionReader.class, List.of(fixture.getClass().getName()), stderr), stderr);
      String ready = reader.lines.poll(60, TimeUnit.SECONDS);
      if (!"READY".equals(ready)) {
        String log = reader.log();
        reader.discard();
        fail("the corruption reader JVM did not start; its stderr:%n%s", log);
      }
      return reader;
    }

    /** The verdict for the store in {@code directory}, or {@code HANG ...} or {@code CRASH ...}. */
    String check(Path directory) throws IOException, InterruptedException {
      try {
        in.write("CHECK " + directory + "\n");
        in.flush();
      } catch (IOException e) {
        // the child died before it read the request: the wait below reports how
      }
      String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        return "HANG no answer within " + TIMEOUT_SECONDS + " s from opening, reading and closing the store";
      }
      if (line.startsWith("VERDICT ")) {
        return line.substring("VERDICT ".length());
      }
      process.waitFor(10, TimeUnit.SECONDS);
      return "CRASH the reading JVM died (exit " + (process.isAlive() ? "unknown" : process.exitValue()) + "): " + log();
    }

    void discard() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      try {
        Files.deleteIfExists(stderr);
        Files.deleteIfExists(ChildJvm.crashReport(stderr));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The end of the child's stderr and, if it crashed, the frame its crash report blames. */
    private String log() {
      StringBuilder log = new StringBuilder();
      try {
        String err = Files.readString(stderr).strip();
        log.append(err.substring(Math.max(0, err.length() - 600)));
        Path report = ChildJvm.crashReport(stderr);
        if (Files.exists(report)) {
          try (Stream<String> reportLines = Files.lines(report)) {
            reportLines.filter(l -> l.startsWith("# Problematic frame") || l.startsWith("# C  ") || l.startsWith("# J ")
                || l.startsWith("#  SIG")).forEach(l -> log.append(' ').append(l.substring(1).strip()));
          }
        }
      } catch (IOException | UncheckedIOException e) {
        log.append("(stderr unreadable: ").append(e).append(')');
      }
      return log.toString();
    }

    private void readLines() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals("READY") || line.startsWith("VERDICT ")) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process was killed: the end of the stream is the signal
      }
      lines.add("EOF");
    }
  }
}
