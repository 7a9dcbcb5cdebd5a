package io.luxtensor.chain.bench;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.MerklePatriciaTrie;
import io.luxtensor.chain.trie.MerkleProofs;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the Merkle Patricia Trie on the in-memory engine: inserts, state root and
 * commit of 100,000 random 32-byte keys with 32-byte values, gets, and proofs. A plain main
 * (not a test) so that timing never decides a build; it prints a Markdown table.
 *
 * <p>Each round builds a fresh trie from fresh random data; the first {@code warmup} rounds
 * only warm up the JIT. Reported figures are the median and best of the measured rounds.
 * Arguments: {@code [keys] [rounds] [warmup]}, default {@code 100000 7 3}. Run with a fixed,
 * pre-touched heap ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}): with a growing heap, page
 * faults and resizing GCs dominate and the figures vary tenfold between rounds.
 */
public final class TrieBenchmark {

  private static final int VALUE_SIZE = 32;
  private static final int KEY_SIZE = 32;
  private static final int PROOFS_PER_ROUND = 20_000;

  private TrieBenchmark() {}

  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Random random = new Random(42);
    Metrics metrics = new Metrics();
    for (int round = 0; round < warmup + rounds; round++) {
      // Start every round from a collected heap so one round's garbage is not billed to the next.
      System.gc();
      Round result = runRound(keys, random);
      if (round >= warmup) {
        metrics.add(result);
      }
    }
    metrics.print(keys, rounds);
  }

  /** One measured round; rates per second, times in milliseconds. */
  record Round(double insertsPerSecond, double rootMillis, double insertAndRootMillis, double commitMillis,
      long nodesWritten, double hotGetsPerSecond, double coldGetsPerSecond, double cachedGetsPerSecond,
      double proofsPerSecond,
      double verificationsPerSecond) {}

  private static Round runRound(int count, Random random) {
    byte[][] keys = randomArrays(random, count, KEY_SIZE);
    byte[][] values = randomArrays(random, count, VALUE_SIZE);
    try (KeyValueStore store = StorageEngines.open(StorageConfig.inMemory())) {
      ColumnFamily nodes = store.createColumnFamily("trie_nodes");
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(TrieStore.open(store, nodes));

      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        trie.put(keys[i], values[i]);
      }
      long inserted = System.nanoTime();
      Hash root = trie.rootHash();
      long hashed = System.nanoTime();
      Hash committed = trie.commit();
      long written = System.nanoTime();
      check(root.equals(committed), "commit root differs from rootHash");
      long nodesWritten = store.count(nodes, io.luxtensor.storage.KeyRange.all());

      double hotGets = getsPerSecond(trie, keys, values);
      MerklePatriciaTrie reopened = MerklePatriciaTrie.open(TrieStore.open(store, nodes, 2L * count), root);
      double coldGets = getsPerSecond(reopened, keys, values);
      double cachedGets = getsPerSecond(reopened, keys, values);

      int proofCount = Math.min(PROOFS_PER_ROUND, count);
      List<List<byte[]>> proofs = new ArrayList<>(proofCount);
      long proveStart = System.nanoTime();
      for (int i = 0; i < proofCount; i++) {
        proofs.add(trie.prove(keys[i]));
      }
      long proved = System.nanoTime();
      for (int i = 0; i < proofCount; i++) {
        byte[] value = MerkleProofs.verify(root, keys[i], proofs.get(i)).orElseThrow();
        check(Arrays.equals(value, values[i]), "proof verified the wrong value");
      }
      long verified = System.nanoTime();

      return new Round(
          rate(count, inserted - start),
          millis(hashed - inserted),
          millis(hashed - start),
          millis(written - hashed),
          nodesWritten,
          hotGets,
          coldGets,
          cachedGets,
          rate(proofCount, proved - proveStart),
          rate(proofCount, verified - proved));
    }
  }

  private static double getsPerSecond(MerklePatriciaTrie trie, byte[][] keys, byte[][] values) {
    long start = System.nanoTime();
    for (int i = 0; i < keys.length; i++) {
      byte[] value = trie.get(keys[i]).orElseThrow();
      if (value.length != values[i].length) {
        throw new IllegalStateException("get returned the wrong value for key " + i);
      }
    }
    return rate(keys.length, System.nanoTime() - start);
  }

  private static byte[][] randomArrays(Random random, int count, int size) {
    byte[][] out = new byte[count][size];
    for (byte[] array : out) {
      random.nextBytes(array);
    }
    return out;
  }

  private static double rate(int operations, long nanos) {
    return operations / (nanos / 1e9);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }

  /** Collects rounds and prints median and best of each figure. */
  private static final class Metrics {
    private final List<Round> rounds = new ArrayList<>();

    void add(Round round) {
      rounds.add(round);
    }

    void print(int keys, int measured) {
      System.out.printf(Locale.ROOT, "%d keys, %d measured rounds, JDK %s, %d CPUs%n%n", keys, measured,
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      System.out.println("| measurement | median | best |");
      System.out.println("|---|---:|---:|");
      row("inserts/s (in memory, no hashing)", rates(Round::insertsPerSecond), true, "%,.0f");
      row("root hash of " + keys + " inserted keys (ms)", times(Round::rootMillis), false, "%,.0f");
      row("inserts + root hash of " + keys + " keys (ms)", times(Round::insertAndRootMillis), false, "%,.0f");
      row("commit: write the nodes in one batch (ms)", times(Round::commitMillis), false, "%,.0f");
      row("inserts + root hash + commit of " + keys + " keys (ms)",
          times(r -> r.insertAndRootMillis() + r.commitMillis()), false, "%,.0f");
      row("nodes written per commit", times(r -> (double) r.nodesWritten()), false, "%,.0f");
      row("gets/s, committed trie kept in memory", rates(Round::hotGetsPerSecond), true, "%,.0f");
      row("gets/s, trie reopened at the root, first pass (loads every node from the store)",
          rates(Round::coldGetsPerSecond), true, "%,.0f");
      row("gets/s, trie reopened at the root, second pass (node cache warm)",
          rates(Round::cachedGetsPerSecond), true, "%,.0f");
      row("proofs produced/s", rates(Round::proofsPerSecond), true, "%,.0f");
      row("proofs verified/s", rates(Round::verificationsPerSecond), true, "%,.0f");
    }

    private double[] rates(java.util.function.ToDoubleFunction<Round> f) {
      return rounds.stream().mapToDouble(f).sorted().toArray();
    }

    private double[] times(java.util.function.ToDoubleFunction<Round> f) {
      return rates(f);
    }

    private static void row(String name, double[] sorted, boolean higherIsBetter, String format) {
      double median = sorted[sorted.length / 2];
      double best = higherIsBetter ? sorted[sorted.length - 1] : sorted[0];
      System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " |%n", name, median, best);
    }
  }
}
