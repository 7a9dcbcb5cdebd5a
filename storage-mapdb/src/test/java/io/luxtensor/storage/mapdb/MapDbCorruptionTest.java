package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips bits in the files of a closed store at random positions, then opens it, reads everything
 * (scans both ways, a get per key), writes, and reads again: each trial must give exactly the right
 * data or a {@link CorruptionException}; wrong data without an exception (a silent corruption), any
 * other exception, or a read that does not finish in time fails. Trials:
 * {@code -Dmapdb.corruption.trials=N} (default 40); seed: {@code -Dmapdb.corruption.seed}.
 */
class MapDbCorruptionTest {

  private static final List<String> FAMILIES = List.of("default", "second", "third");

  @TempDir
  Path root;

  private enum Outcome { CORRECT, DETECTED, SILENT, OTHER_ERROR, HANG }

  @Test
  void flippedBitsGiveTheRightDataOrCorruptionExceptionNeverWrongDataOrAHang() throws Exception {
    Trials trials = run(false);
    assertThat(trials.failures(Outcome.SILENT, Outcome.OTHER_ERROR, Outcome.HANG))
        .as("trials not ending in the right data or CorruptionException (seed %d)", trials.seed).isEmpty();
  }

  /**
   * The same flips in the store file, with its page checksums then rebuilt from the damaged content
   * (as if they had been damaged alike), so that only MapDB's own checks and the version chains'
   * checksums stand between the damage and the reader: MapDB then fails in its decoding (index out
   * of bounds, buffer underflow, its assertions), and every such failure must still reach the caller
   * as {@link CorruptionException}, never raw, and no read may loop. Wrong data is counted, not
   * failed: without the page checksums a broken link in the B-tree can hide keys undetectably.
   */
  @Test
  void damageBehindRebuiltPageChecksumsNeverEscapesRawOrHangs() throws Exception {
    Trials trials = run(true);
    assertThat(trials.failures(Outcome.OTHER_ERROR, Outcome.HANG))
        .as("trials ending in another exception or a hang (seed %d)", trials.seed).isEmpty();
  }

  /** What a run of trials gave: each trial's outcome and description. */
  private record Trials(long seed, List<Outcome> outcomes, List<String> descriptions) {
    List<String> failures(Outcome... failing) {
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        if (List.of(failing).contains(outcomes.get(i))) {
          failures.add(descriptions.get(i));
        }
      }
      return failures;
    }
  }

  private Trials run(boolean rebuildChecksums) throws Exception {
    int trials = Integer.getInteger("mapdb.corruption.trials", 40);
    long seed = Long.getLong("mapdb.corruption.seed", System.nanoTime());
    Random random = new Random(seed);
    Path golden = root.resolve("golden");
    Map<String, TreeMap<byte[], byte[]>> model = fill(golden, random);
    ExecutorService reader = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "corruption-reader");
      thread.setDaemon(true);
      return thread;
    });
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    List<Outcome> outcomes = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      Path copy = copyOf(golden, root.resolve("trial-" + trial));
      if (rebuildChecksums) {
        Files.delete(StoreDirectory.checksumsOf(copy.resolve(MapDbFiles.FILE_NAME)));
      }
      List<String> flips = new ArrayList<>();
      int count = trial % 5 == 4 ? 8 : 1; // mostly one bit, sometimes several across the files
      for (int i = 0; i < count; i++) {
        flips.add(flipOneBit(copy, random));
      }
      Future<Outcome> result = reader.submit(() -> readEverything(copy, model));
      Outcome outcome;
      String detail = "";
      try {
        outcome = result.get(120, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        outcome = Outcome.HANG;
      } catch (ExecutionException e) {
        outcome = Outcome.OTHER_ERROR;
        detail = ": " + e.getCause();
      }
      counts.merge(outcome, 1, Integer::sum);
      outcomes.add(outcome);
      descriptions.add("trial " + trial + " flipped " + flips + ": " + outcome + detail);
    }
    reader.shutdownNow();
    System.out.printf("mapdb corruption test%s, seed %d: %d trials, %s%n",
        rebuildChecksums ? " (page checksums rebuilt after the damage)" : "", seed, trials, counts);
    return new Trials(seed, outcomes, descriptions);
  }

  /** A store of three families with a few thousand keys, overwrites and deletes; returns its content. */
  private static Map<String, TreeMap<byte[], byte[]>> fill(Path directory, Random random) {
    Map<String, TreeMap<byte[], byte[]>> model = new LinkedHashMap<>();
    FAMILIES.forEach(f -> model.put(f, new TreeMap<>(Keys.ORDER)));
    try (KeyValueStore store = StorageEngines.open(config(directory))) {
      for (int round = 0; round < 30; round++) {
        WriteBatch batch = store.newBatch();
        for (String family : FAMILIES) {
          ColumnFamily cf = store.columnFamily(family);
          for (int i = 0; i < 50; i++) {
            byte[] key = CrashWorkload.bytes(String.format("key/%05d", random.nextInt(2_000)));
            if (random.nextInt(10) == 0) {
              batch.delete(cf, key);
              model.get(family).remove(key);
            } else {
              byte[] value = new byte[random.nextInt(400)];
              random.nextBytes(value);
              batch.put(cf, key, value);
              model.get(family).put(key, value);
            }
          }
        }
        store.write(batch);
      }
    }
    return model;
  }

  /**
   * Opens the damaged store and reads it all, writes a key, reads that back: the outcome, or an
   * exception other than {@link CorruptionException} for the caller to report.
   */
  private static Outcome readEverything(Path directory, Map<String, TreeMap<byte[], byte[]>> model) {
    try (KeyValueStore store = StorageEngines.open(config(directory))) {
      boolean right = true;
      for (String family : FAMILIES) {
        right &= matches(store, store.columnFamily(family), model.get(family));
      }
      ColumnFamily cf = store.defaultColumnFamily();
      byte[] key = CrashWorkload.bytes("written-after-the-damage");
      store.put(cf, key, key);
      right &= Arrays.equals(store.get(cf, key), key);
      store.delete(cf, key);
      right &= matches(store, cf, model.get("default"));
      return right ? Outcome.CORRECT : Outcome.SILENT;
    } catch (CorruptionException e) {
      return Outcome.DETECTED;
    }
  }

  private static boolean matches(KeyValueStore store, ColumnFamily cf, TreeMap<byte[], byte[]> expected) {
    for (Direction direction : Direction.values()) {
      List<Map.Entry<byte[], byte[]>> want = new ArrayList<>(expected.entrySet());
      if (direction == Direction.REVERSE) {
        Collections.reverse(want);
      }
      int i = 0;
      try (KvIterator it = store.iterator(cf, KeyRange.all(), direction)) {
        for (; it.isValid(); it.next(), i++) {
          if (i >= want.size() || !Arrays.equals(it.key(), want.get(i).getKey())
              || !Arrays.equals(it.value(), want.get(i).getValue())) {
            return false;
          }
        }
      }
      if (i != want.size()) {
        return false;
      }
    }
    for (Map.Entry<byte[], byte[]> entry : expected.entrySet()) {
      if (!Arrays.equals(store.get(cf, entry.getKey()), entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Flips one bit of one of the store's files, the store file three times as often as the others,
   * three times in four in a byte that holds data.
   */
  private static String flipOneBit(Path directory, Random random) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(directory)) {
      for (Path file : list.sorted().toList()) {
        if (Files.isRegularFile(file) && Files.size(file) > 0 && !file.getFileName().toString().endsWith(".lock")) {
          files.add(file);
          if (file.getFileName().toString().equals(MapDbFiles.FILE_NAME)) {
            files.add(file);
            files.add(file);
          }
        }
      }
    }
    Path file = files.get(random.nextInt(files.size()));
    long position = random.nextInt(4) == 0 ? (long) (random.nextDouble() * Files.size(file)) : someNonZeroByte(file, random);
    int bit = random.nextInt(8);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int b = raf.read();
      raf.seek(position);
      raf.write(b ^ (1 << bit));
    }
    return file.getFileName() + "@" + position + "." + bit;
  }

  /**
   * A position holding a byte other than 0: a flip there hits data (the file is mostly unused, zeroed
   * space, where a flip changes nothing a read looks at); the first byte when all are 0.
   */
  private static long someNonZeroByte(Path file, Random random) throws IOException {
    byte[] content = Files.readAllBytes(file);
    int nonZero = 0;
    for (byte b : content) {
      nonZero += b != 0 ? 1 : 0;
    }
    int target = nonZero == 0 ? 0 : random.nextInt(nonZero);
    for (int i = 0; i < content.length; i++) {
      if (content[i] != 0 && target-- == 0) {
        return i;
      }
    }
    return 0;
  }

  private static Path copyOf(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, target.resolve(file.getFileName()));
        }
      }
    }
    return target;
  }

  private static StorageConfig config(Path directory) {
    return StorageConfig.builder().engine("mapdb").path(directory).columnFamilies("second", "third").build();
  }
}
