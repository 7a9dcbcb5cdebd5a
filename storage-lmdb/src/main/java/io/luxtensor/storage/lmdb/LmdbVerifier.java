package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.StorageEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks a whole LMDB store: the structure of every B-tree page ({@link PageCheck}, whatever the
 * store's size), every column family, every entry's key order and value checksum ({@link StoredValue}),
 * a lookup of every key, and the walked count against LMDB's own entry count.
 *
 * <p>Why a child JVM: LMDB trusts its B-tree pages and follows the page numbers and offsets in them
 * without checks, so a damaged page can crash the reading process (SIGSEGV inside {@code liblmdb})
 * instead of returning an error, and no Java code can catch that. {@link PageCheck} catches the damage
 * known to do so before LMDB reads a page, but it is a model of LMDB's format, not LMDB itself; the
 * child is the guarantee for what the model misses, and for stores too large to check at every open.
 * {@link #verifyInChildJvm} reads the
 * store in a separate JVM and turns a crash of that JVM into a {@link CorruptionException}, so the
 * caller survives any damage. The child runs this JVM's {@code java} with its class path, opens the
 * store read-only (other processes may keep it open) and reports back on its standard output.
 *
 * <p>Stateless and thread-safe; each call starts and waits for its own child process, and leaves no
 * file behind.
 */
public final class LmdbVerifier {

  /** Exit codes of the child, besides 0 for a verified store. */
  private static final int EXIT_CORRUPT = 3;
  private static final int EXIT_FAILED = 4;
  private static final int EXIT_ERROR = 5;
  private static final HexFormat HEX = HexFormat.of();

  private LmdbVerifier() {}

  /**
   * What a verification found in an intact store.
   *
   * @param store the store's directory
   * @param entriesPerFamily entries per column family, by name, in name order
   * @param entries entries over all column families
   */
  public record Report(Path store, Map<String, Long> entriesPerFamily, long entries) {
    public Report {
      Objects.requireNonNull(store, "store");
      // Map.copyOf iterates in no fixed order; the contract promises name order
      entriesPerFamily = Collections.unmodifiableMap(new TreeMap<>(entriesPerFamily));
    }
  }

  /**
   * Verifies the store in {@code store} in a child JVM, waiting at most {@code timeout} for it.
   *
   * @return the report of an intact store
   * @throws CorruptionException naming the store when an entry fails its checksum, keys are out of
   *     order, LMDB reports damage, or the child JVM crashed while reading the store
   * @throws StorageException when the store cannot be verified for another reason (there is no LMDB
   *     store at {@code store}, the child could not start, or it did not finish within {@code timeout};
   *     the message says which), with the child's diagnostics
   */
  public static Report verifyInChildJvm(Path store, Duration timeout) {
    return verifyInChildJvm(store, timeout, true);
  }

  /**
   * As {@link #verifyInChildJvm(Path, Duration)}; with {@code checkPages} false the child leaves the
   * pages to LMDB alone (what a crash looks like, for tests).
   */
  static Report verifyInChildJvm(Path store, Duration timeout, boolean checkPages) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(timeout, "timeout");
    Path work;
    try {
      work = Files.createTempDirectory("luxtensor-lmdb-verify-");
    } catch (IOException e) {
      throw new StorageException("verify of LMDB store " + store + " could not start: no temporary directory ("
          + e.getMessage() + ")", e);
    }
    try {
      return runChild(store.toAbsolutePath(), timeout, work, checkPages);
    } finally {
      LmdbPaths.deleteTree(work);
    }
  }

  private static Report runChild(Path store, Duration timeout, Path work, boolean checkPages) {
    Path out = work.resolve("stdout");
    Path err = work.resolve("stderr");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    command.add("-XX:ErrorFile=" + work.resolve("hs_err.log")); // the crash report, read below, not left in the cwd
    command.add("-XX:-CreateCoredumpOnCrash");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LmdbVerifier.class.getName());
    command.add(store.toString());
    command.add(checkPages ? "always" : "never");
    Process child;
    try {
      child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new StorageException("verify of LMDB store " + store + " could not start its child JVM: " + e.getMessage(), e);
    }
    int exit;
    try {
      if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
        child.waitFor();
        throw new StorageException("verify of LMDB store " + store + " did not finish within " + timeout
            + "; a large store needs a longer timeout (a damaged page can also make LMDB loop; if a longer "
            + "timeout does not help, restore from a checkpoint or backup)");
      }
      exit = child.exitValue();
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StorageException("verify of LMDB store " + store + " was interrupted; the child JVM was stopped", e);
    }
    List<String> lines = readLines(out);
    String detail = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    switch (exit) {
      case 0:
        return parseReport(store, lines);
      case EXIT_CORRUPT:
        throw new CorruptionException("verify of LMDB store " + store + " found damage: " + strip(detail));
      case EXIT_FAILED:
        throw new StorageException("verify of LMDB store " + store + " could not read it: " + strip(detail));
      default:
        break;
    }
    Path crashLog = work.resolve("hs_err.log");
    if (Files.exists(crashLog) || exit > 128) {
      throw new CorruptionException("verify of LMDB store " + store + " crashed the child JVM reading it (exit code "
          + exit + (exit > 128 ? ", signal " + (exit - 128) : "") + crashFrame(crashLog) + "): LMDB follows its "
          + "B-tree pages without checks, so a damaged page crashes whatever process reads it; do not open this "
          + "store in a process that must stay up, and restore it from a checkpoint or backup");
    }
    throw new StorageException("verify of LMDB store " + store + " failed in its child JVM (exit code " + exit + "): "
        + (lines.isEmpty() ? "" : strip(detail) + "; ") + "standard error: " + tail(readLines(err)));
  }

  private static Report parseReport(Path store, List<String> lines) {
    Map<String, Long> perFamily = new TreeMap<>();
    long total = -1;
    for (String line : lines) {
      String[] parts = line.split(" ");
      if (parts[0].equals("family") && parts.length == 3) {
        perFamily.put(new String(HEX.parseHex(parts[2]), StandardCharsets.UTF_8), Long.parseLong(parts[1]));
      } else if (parts[0].equals("ok") && parts.length == 2) {
        total = Long.parseLong(parts[1]);
      }
    }
    if (total < 0) {
      throw new StorageException("verify of LMDB store " + store + " ended without a report from its child JVM: "
          + tail(lines));
    }
    return new Report(store, perFamily, total);
  }

  /** The "Problematic frame" of a JVM crash report, or nothing. */
  private static String crashFrame(Path crashLog) {
    List<String> lines = readLines(crashLog);
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("# Problematic frame:")) {
        return "; " + lines.get(i + 1).replaceFirst("^#\\s*", "").trim();
      }
    }
    return "";
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of("(unreadable: " + e.getMessage() + ")");
    }
  }

  private static String strip(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(space + 1);
  }

  private static String tail(List<String> lines) {
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /**
   * Walks the store at {@code store} in this JVM, with {@code checkPages} as its {@code lmdb.check_pages}
   * option. Damage {@link PageCheck} does not foresee may still crash this JVM: callers outside the
   * child use {@link #verifyInChildJvm}.
   */
  static Report verify(Path store, String checkPages) {
    StorageConfig config = StorageConfig.builder().engine("lmdb").path(store).readOnly(true)
        .option("lmdb.check_pages", checkPages).build();
    Map<String, Long> perFamily = new TreeMap<>();
    long total = 0;
    try (StorageEngine engine = new LmdbEngineProvider().open(config)) {
      for (EngineColumnFamily family : engine.columnFamilies()) {
        long entries = walk(engine, family, store);
        perFamily.put(family.name(), entries);
        total += entries;
      }
      long counted = engine.stats().properties().get("lmdb.entries");
      if (counted >= 0 && counted != total) {
        throw new CorruptionException("LMDB store " + store + " counts " + counted + " entries in its database headers"
            + " but " + total + " were walked: its B-tree is damaged");
      }
    }
    return new Report(store, perFamily, total);
  }

  /**
   * Reads every entry of {@code family} in order (the cursor checks each entry's checksum, the order of
   * keys and the landing of seeks) and looks each key up again by a get, which descends through the
   * branch pages a scan does not consult; returns how many entries there are.
   */
  private static long walk(StorageEngine engine, EngineColumnFamily family, Path store) {
    long entries = 0;
    try (EngineCursor cursor = engine.cursor(family, Bounds.all())) {
      for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
        byte[] key = cursor.key();
        byte[] value = cursor.value();
        if (!Arrays.equals(engine.get(family, key), value)) {
          throw new CorruptionException("column family \"" + family.name() + "\" of LMDB store " + store
              + " holds key " + Keys.toHex(key) + " in a scan, but a lookup of it finds another value or none:"
              + " its B-tree is damaged");
        }
        entries++;
      }
    }
    return entries;
  }

  /**
   * The child's entry point: verifies the store at {@code args[0]}, {@code args[1]} its
   * {@code lmdb.check_pages} option, and prints one line per column
   * family ({@code family <entries> <hex of the UTF-8 name>}) and {@code ok <entries>}, exiting 0; or
   * one line {@code corrupt <message>} exiting 3, {@code failed <message>} exiting 4, or
   * {@code error <throwable>} exiting 5.
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    int exit;
    try {
      Report report = verify(Path.of(args[0]), args[1]);
      report.entriesPerFamily().forEach((name, entries) ->
          out.println("family " + entries + " " + HEX.formatHex(name.getBytes(StandardCharsets.UTF_8))));
      out.println("ok " + report.entries());
      exit = 0;
    } catch (CorruptionException e) {
      out.println("corrupt " + oneLine(e.getMessage()));
      exit = EXIT_CORRUPT;
    } catch (StorageException e) {
      out.println("failed " + oneLine(e.getMessage()));
      exit = EXIT_FAILED;
    } catch (Throwable e) {
      out.println("error " + oneLine(e.toString()));
      e.printStackTrace();
      exit = EXIT_ERROR;
    }
    out.flush();
    System.exit(exit);
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replace('\n', ' ').replace('\r', ' ');
  }
}
