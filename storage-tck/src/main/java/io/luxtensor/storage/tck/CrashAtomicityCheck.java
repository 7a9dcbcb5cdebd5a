package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.fail;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills {@link CrashWriter} child JVMs with {@code destroyForcibly} (SIGKILL) at random moments: while
 * a store is created in a fresh directory, while an existing store reopens, and while batches are
 * written. After every kill the store is opened again in this JVM and must:
 * <ul>
 *   <li>open: a kill is not corruption, so no exception at all, whatever the moment. A store killed
 *       while it was first created opens as a store holding at most the batch that was in flight;
 *   <li>hold every batch all there or all absent, each key with the value its batch wrote, and no
 *       batch that was never written;
 *   <li>hold every batch acknowledged as synced, and every batch an earlier reopen showed (that reopen
 *       closed the store cleanly);
 *   <li>take a synced write afterwards.
 * </ul>
 * The reopen and its reads run in another thread bounded by {@link #VERIFY_TIMEOUT_SECONDS}: an engine
 * that loops forever on what the kill left fails the check instead of hanging the build.
 *
 * <p>Kill moments are drawn from {@code [0, 1.3 × open time]} after the child is told to open (the
 * child times a creation and a reopen of a throwaway store before it is told), or from the first
 * {@value #MAX_WRITE_MILLIS} ms of writes after the open. The next children's JVMs start while the
 * current one runs, so a kill costs little more than the delay and the reopen.
 */
final class CrashAtomicityCheck {

  /** Total kills per engine across the crash examples: {@code -Dtck.kills=N}, at least 30 by default. */
  static final int KILLS = Integer.getInteger("tck.kills", 30);
  static final long VERIFY_TIMEOUT_SECONDS = 30;
  /** How long writes run at most before a write-phase kill. */
  private static final int MAX_WRITE_MILLIS = 300;
  private static final int SPARES = 2;

  private final ContractFixture fixture;
  private final long seed = System.nanoTime();
  private final SplittableRandom random = new SplittableRandom(seed);
  private final ExecutorService verifier = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "tck-crash-verifier");
    thread.setDaemon(true); // a reader stuck in an engine must not keep the test JVM alive
    return thread;
  });
  private int kills;
  private int killsDuringOpen;
  /** Children started ahead, starting their JVMs while earlier ones run: JVM start is most of a kill's cost. */
  private final Deque<CrashChild> spares = new ArrayDeque<>();

  CrashAtomicityCheck(ContractFixture fixture) {
    this.fixture = fixture;
  }

  /**
   * {@code count} kills, each in a fresh directory whose store the child creates: half the time the
   * directory exists empty, half the time it does not exist yet. Each kill lands in the open.
   */
  void killsWhileCreating(int count) throws Exception {
    try {
      for (int i = 0; i < count; i++) {
        Path directory = i % 2 == 0 ? fixture.newDirectory() : fixture.newDirectory().resolve("store");
        Lineage lineage = new Lineage(directory);
        killOnce(lineage, true);
      }
    } finally {
      shutDown();
    }
  }

  /**
   * {@code count} kills on stores that are reopened again and again, {@code perStore} kills each: the
   * first kill lands in the writes after the store was created, later ones alternate between the
   * reopen and the writes after it.
   */
  void killsWhileReopeningAndWriting(int count, int perStore) throws Exception {
    try {
      Lineage lineage = null;
      for (int i = 0; i < count; i++) {
        if (i % perStore == 0) {
          lineage = new Lineage(fixture.newDirectory());
        }
        killOnce(lineage, lineage.children > 0 && lineage.children % 2 == 1);
      }
    } finally {
      shutDown();
    }
  }

  private void killOnce(Lineage lineage, boolean duringOpen) throws Exception {
    while (spares.size() < SPARES + 1) {
      spares.add(CrashChild.start(fixture));
    }
    CrashChild child = spares.remove();
    if (!child.awaitReady()) {
      String stderr = child.stderr();
      child.discard();
      fail("the crash writer JVM did not start; its stderr:%n%s", stderr);
    }
    int firstBatch = lineage.children * CrashWriter.BATCHES_PER_CHILD;
    long openMillis = lineage.children == 0 ? child.createMillis() : child.reopenMillis();
    long delay = duringOpen ? random.nextLong(openMillis * 13 / 10 + 1) : random.nextLong(MAX_WRITE_MILLIS + 1);
    boolean alive = child.go(lineage.directory, firstBatch) && (duringOpen || child.awaitOpen());
    if (alive) {
      Thread.sleep(delay);
    }
    boolean diedBeforeKill = !alive || !child.isAlive();
    child.kill();
    kills++;
    String what = String.format("kill %d (seed %d) of the writer in %s, %d ms after it %s, %s", kills, seed,
        lineage.directory, delay, duringOpen ? "began to open the store" : "had opened it", child.opened()
            ? "after the open (" + child.openMillis() + " ms) and " + (child.lastAcked() - firstBatch + 1) + " acknowledged batches"
            : "during the open");
    if (diedBeforeKill) {
      fail("%s: the writer died on its own (or did not open the store within a minute) before the kill; its stderr:%n%s",
          what, child.stderr());
    }
    if (!child.opened()) {
      killsDuringOpen++;
    }
    child.deleteFiles();
    lineage.record(firstBatch, child);
    verify(lineage, what);
  }

  private void verify(Lineage lineage, String what) throws Exception {
    Future<SortedMap<Integer, Integer>> reopened = verifier.submit(() -> {
      try (KeyValueStore store = fixture.openUntracked(lineage.directory)) {
        SortedMap<Integer, Integer> keysPerBatch = keysPerBatch(store, what);
        store.put(store.defaultColumnFamily(), TckBytes.bytes("verified-after-kill"), TckBytes.bytes(what), WriteOptions.SYNC);
        return keysPerBatch;
      }
    });
    SortedMap<Integer, Integer> keysPerBatch;
    try {
      keysPerBatch = reopened.get(VERIFY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + ": reopening and reading the store did not finish in " + VERIFY_TIMEOUT_SECONDS
          + " s (an engine loop that never ends?)" + summary());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError wrongData) {
        throw wrongData; // the store opened, and a read showed something no writer wrote
      }
      throw new AssertionError(what + ": the store did not reopen and read back after the kill: " + e.getCause()
          + summary(), e.getCause());
    }
    int wholeBatch = 2 * CrashWriter.KEYS_PER_FAMILY;
    keysPerBatch.forEach((batch, keys) -> {
      if (keys != wholeBatch) {
        fail("%s: batch %d has %d of its %d keys: a torn batch%s", what, batch, keys, wholeBatch, summary());
      }
      if (!lineage.wasWritten(batch)) {
        fail("%s: batch %d is there but no writer ever wrote it%s", what, batch, summary());
      }
    });
    for (int batch : lineage.mustHave) {
      if (!keysPerBatch.containsKey(batch)) {
        fail("%s: batch %d is lost: it was %s%s", what, batch,
            lineage.synced.contains(batch) ? "acknowledged as synced" : "there when the store was last reopened and closed", summary());
      }
    }
    lineage.mustHave.addAll(keysPerBatch.keySet());
  }

  /** Keys per batch in both families; a key or value that no writer could have written fails. */
  private static SortedMap<Integer, Integer> keysPerBatch(KeyValueStore store, String what) {
    SortedMap<Integer, Integer> keysPerBatch = new TreeMap<>();
    for (ColumnFamily cf : List.of(store.defaultColumnFamily(), store.columnFamily(ContractFixture.SECOND_CF))) {
      try (KvIterator it = store.iterator(cf, KeyRange.prefix(TckBytes.bytes("crash/")))) {
        for (; it.isValid(); it.next()) {
          int batch = batchOf(it.key());
          if (batch < 0 || !TckBytes.text(it.value()).equals(Integer.toString(batch))) {
            fail("%s: %s holds %s, which no writer wrote", what, cf.name(), TckBytes.describe(it.key(), it.value()));
          }
          keysPerBatch.merge(batch, 1, Integer::sum);
        }
      }
    }
    return keysPerBatch;
  }

  /** The batch whose writer wrote {@code key}, or -1 if no writer writes such a key. */
  private static int batchOf(byte[] key) {
    String[] parts = TckBytes.text(key).split("/", -1);
    if (parts.length != 3 || parts[1].length() != 10 || !parts[1].chars().allMatch(Character::isDigit)
        || parts[2].length() != 1 || !Character.isDigit(parts[2].charAt(0))) {
      return -1;
    }
    int batch = Integer.parseInt(parts[1]);
    return Arrays.equals(key, CrashWriter.key(batch, parts[2].charAt(0) - '0'))
        && parts[2].charAt(0) - '0' < CrashWriter.KEYS_PER_FAMILY ? batch : -1;
  }

  private String summary() {
    return String.format("%n(%d kills so far, %d of them during an open)", kills, killsDuringOpen);
  }

  private void shutDown() throws InterruptedException {
    for (CrashChild spare : spares) {
      spare.discard();
    }
    spares.clear();
    verifier.shutdownNow();
  }

  /** One store directory killed again and again, and what its writers were told. */
  private static final class Lineage {

    final Path directory;
    int children;
    /** Per child: its first batch, and the batch after its last acknowledged one (the one in flight). */
    final Map<Integer, Integer> lastWritable = new TreeMap<>();
    final SortedSet<Integer> synced = new TreeSet<>();
    final SortedSet<Integer> mustHave = new TreeSet<>();

    Lineage(Path directory) {
      this.directory = directory;
    }

    void record(int firstBatch, CrashChild child) {
      children++;
      int lastAcked = Math.max(child.lastAcked(), firstBatch - 1);
      lastWritable.put(firstBatch, lastAcked + 1);
      for (int batch = firstBatch; batch <= child.lastSynced(); batch++) {
        if (CrashWriter.isSynced(batch)) {
          synced.add(batch);
          mustHave.add(batch);
        }
      }
    }

    boolean wasWritten(int batch) {
      int first = batch - Math.floorMod(batch, CrashWriter.BATCHES_PER_CHILD);
      Integer last = lastWritable.get(first);
      return last != null && batch <= last;
    }
  }
}
