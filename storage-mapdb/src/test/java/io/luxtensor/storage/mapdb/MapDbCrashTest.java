package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@link CrashChild} JVM with {@code destroyForcibly} (SIGKILL) at random moments, many times:
 * while it creates a store, while it reopens one (recovering an interrupted commit, when the previous
 * child left one), and while it writes and compacts; after each kill the store must open and hold
 * exactly the batches {@code 0..m} for {@code m} the last acknowledged batch or the one in flight
 * (every MapDB commit is durable, synced or not), compared key by key with a replayed model. A
 * verification that does not finish in time fails as a hang. Kills: {@code -Dmapdb.crash.kills=N}
 * (default 20); seed: {@code -Dmapdb.crash.seed}.
 */
class MapDbCrashTest {

  private static final int KILLS_PER_STORE = 8;

  @TempDir
  Path root;

  private enum Phase { CREATE, REOPEN, WRITE }

  @Test
  void everyKillLeavesExactlyTheAcknowledgedBatchesOrOneMore() throws Exception {
    int kills = Integer.getInteger("mapdb.crash.kills", 20);
    long seed = Long.getLong("mapdb.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> failures = new ArrayList<>();
    int[] killedIn = new int[Phase.values().length];
    long openMillis = 300; // a running estimate of START to OPEN, to spread open-phase kills over it
    ExecutorService verifier = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "crash-verifier");
      thread.setDaemon(true);
      return thread;
    });
    Path directory = null;
    CrashWorkload.Model model = null;
    int acknowledged = -1;
    int done = 0;
    for (int kill = 0; kill < kills; kill++) {
      Phase phase = kill % KILLS_PER_STORE == 0 ? Phase.CREATE : kill % 2 == 0 ? Phase.REOPEN : Phase.WRITE;
      if (phase == Phase.CREATE) {
        directory = Files.createDirectory(root.resolve("store-" + kill));
        model = new CrashWorkload.Model();
        acknowledged = -1;
      }
      Run run = runAndKill(directory, phase, random, openMillis);
      done++;
      if (run.failure != null) {
        failures.add("kill " + kill + " (" + phase + "): " + run.failure);
        kill += KILLS_PER_STORE - 1 - kill % KILLS_PER_STORE; // the next kill starts a new store
        continue;
      }
      if (run.openMillis > 0) {
        openMillis = (openMillis + run.openMillis) / 2;
      }
      killedIn[run.killedIn.ordinal()]++;
      acknowledged = Math.max(acknowledged, run.lastAcknowledged);
      boolean nextReopensThisStore = (kill + 1) % KILLS_PER_STORE != 0 && kill + 1 < kills;
      if (phase == Phase.WRITE && nextReopensThisStore && random.nextBoolean()) {
        continue; // the next child, not this test, recovers whatever the kill interrupted
      }
      String failure = verify(verifier, directory, model, acknowledged);
      if (failure != null) {
        failures.add("kill " + kill + " (" + phase + ", killed in " + run.killedIn + "): " + failure);
        kill += KILLS_PER_STORE - 1 - kill % KILLS_PER_STORE;
        continue;
      }
      acknowledged = model.applied();
    }
    verifier.shutdownNow();
    System.out.printf("mapdb crash test, seed %d: %d kills (%d while creating, %d while reopening, %d while writing),"
        + " %d damaged a store%n", seed, done, killedIn[Phase.CREATE.ordinal()], killedIn[Phase.REOPEN.ordinal()],
        killedIn[Phase.WRITE.ordinal()], failures.size());
    assertThat(failures).as("kills that left a store damaged (seed %d)", seed).isEmpty();
  }

  /** What one child did before it was killed. */
  private record Run(Phase killedIn, int lastAcknowledged, long openMillis, String failure) {}

  private Run runAndKill(Path directory, Phase phase, Random random, long openMillis) throws Exception {
    long id = System.nanoTime();
    Path stdout = root.resolve("child-" + id + ".out");
    Path stderr = root.resolve("child-" + id + ".err");
    // Output to a file, not a pipe: what the child wrote before its kill is all there afterwards.
    Process child = new ProcessBuilder(command(directory)).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    Output output = new Output(stdout);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try {
      if (phase == Phase.WRITE) {
        int target = 1 + random.nextInt(40);
        while (output.poll().acks < target) {
          if (!child.isAlive() || System.nanoTime() > deadline) {
            return new Run(phase, -1, 0, "the child stopped before its kill: " + output.lines + stderr(stderr));
          }
          Thread.sleep(1);
        }
        spin(random.nextInt(20_000_000)); // up to 20 ms: anywhere inside the next commit
      } else {
        while (output.poll().started == 0) {
          if (!child.isAlive() || System.nanoTime() > deadline) {
            return new Run(phase, -1, 0, "the child did not start: " + output.lines + stderr(stderr));
          }
          Thread.onSpinWait();
        }
        spin((long) (random.nextDouble() * openMillis * 1.5 * 1_000_000));
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
    output.poll();
    if (child.exitValue() != 137) {
      return new Run(phase, -1, 0, "the child exited by itself with " + child.exitValue() + ": " + output.lines
          + stderr(stderr));
    }
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
    boolean open = output.lines.contains("OPEN");
    Phase killedIn = open ? Phase.WRITE : phase == Phase.CREATE ? Phase.CREATE : Phase.REOPEN;
    long openTime = output.opened > 0 && output.started > 0 ? (output.opened - output.started) / 1_000_000 : 0;
    return new Run(killedIn, output.last, openTime, null);
  }

  /** The child's output file as read so far: whole lines, the last batch it names, when START and OPEN showed. */
  private static final class Output {
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private int acks;
    private int last = -1;
    private long started;
    private long opened;

    Output(Path file) {
      this.file = file;
    }

    Output poll() throws IOException {
      String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      String[] whole = text.substring(0, text.lastIndexOf('\n') + 1).split("\n", -1);
      for (int i = lines.size(); i < whole.length - 1; i++) {
        String line = whole[i];
        lines.add(line);
        if (line.startsWith("ACK ") || line.startsWith("HEAD ")) {
          acks += line.startsWith("ACK ") ? 1 : 0;
          last = Math.max(last, Integer.parseInt(line.substring(line.indexOf(' ') + 1)));
        }
        started = line.equals("START") ? System.nanoTime() : started;
        opened = line.equals("OPEN") ? System.nanoTime() : opened;
      }
      return this;
    }
  }

  /**
   * Opens the store and compares it with the model after the acknowledged batches or one more; the
   * failure, or null. Bounded by a timeout, so a store that makes reads loop fails instead of hanging.
   */
  private static String verify(ExecutorService verifier, Path directory, CrashWorkload.Model model, int acknowledged)
      throws InterruptedException {
    Future<String> result = verifier.submit(() -> {
      try (KeyValueStore store = StorageEngines.open(CrashWorkload.config(directory))) {
        int head = CrashWorkload.head(store.get(store.defaultColumnFamily(), CrashWorkload.HEAD));
        if (head != acknowledged && head != acknowledged + 1) {
          return "the store ends with batch " + head + " but batch " + acknowledged + " was the last acknowledged";
        }
        model.advanceTo(head);
        for (String name : CrashWorkload.FAMILIES) {
          String difference = compare(store, store.columnFamily(name), model.family(name));
          if (difference != null) {
            return "after batch " + head + ", family " + name + ": " + difference;
          }
        }
        return null;
      } catch (RuntimeException e) {
        return "reopening and reading failed: " + e;
      }
    });
    try {
      return result.get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      return "reopening and reading did not finish in 120 s (a loop on a damaged store?)";
    } catch (java.util.concurrent.ExecutionException e) {
      return "verification failed: " + e.getCause();
    }
  }

  private static String compare(KeyValueStore store, ColumnFamily cf, Map<byte[], byte[]> expected) {
    List<Map.Entry<byte[], byte[]>> want = new ArrayList<>(expected.entrySet());
    for (Direction direction : Direction.values()) {
      List<Map.Entry<byte[], byte[]>> got = new ArrayList<>();
      try (KvIterator it = store.iterator(cf, KeyRange.all(), direction)) {
        for (; it.isValid(); it.next()) {
          got.add(Map.entry(it.key(), it.value()));
        }
      }
      List<Map.Entry<byte[], byte[]>> ordered = new ArrayList<>(want);
      if (direction == Direction.REVERSE) {
        java.util.Collections.reverse(ordered);
      }
      if (got.size() != ordered.size()) {
        return direction + " scan has " + got.size() + " entries, expected " + ordered.size();
      }
      for (int i = 0; i < got.size(); i++) {
        if (!Arrays.equals(got.get(i).getKey(), ordered.get(i).getKey())
            || !Arrays.equals(got.get(i).getValue(), ordered.get(i).getValue())) {
          return direction + " scan differs at key " + Keys.toHex(ordered.get(i).getKey());
        }
      }
    }
    for (Map.Entry<byte[], byte[]> entry : want) {
      if (!Arrays.equals(store.get(cf, entry.getKey()), entry.getValue())) {
        return "get differs at key " + Keys.toHex(entry.getKey());
      }
    }
    return null;
  }

  /** Waits {@code nanos} without sleeping, whose granularity would cluster the kills. */
  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static String stderr(Path file) throws IOException {
    return Files.exists(file) ? "; stderr: " + Files.readString(file) : "";
  }

  private static List<String> command(Path directory) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), directory.toString());
  }
}
