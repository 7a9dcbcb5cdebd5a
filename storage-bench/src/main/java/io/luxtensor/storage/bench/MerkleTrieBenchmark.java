package io.luxtensor.storage.bench;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.MerklePatriciaTrie;
import io.luxtensor.chain.trie.MerkleProofs;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Merkle Patricia Trie ({@code io.luxtensor.chain.trie}) over {@code keys} random 32-byte keys
 * with random 32-byte values, one thread: what the former hand-written {@code TrieBenchmark} main of
 * storage-chain measured, under JMH.
 *
 * <ul>
 *   <li>{@code insert}, {@code insertAndRoot}: a fresh trie takes every key (in memory, nothing
 *       hashed), then also computes its root hash; milliseconds for all {@code keys}. They touch no
 *       store, so they run once, not per engine.
 *   <li>{@code commit}: the inserted, hashed trie writes every node to a fresh, empty store in one
 *       batch; milliseconds per commit, per {@code engine} (the store and the trie are rebuilt
 *       outside the timing before each commit).
 *   <li>{@code getHot}: gets of random present keys on the committed trie kept in memory.
 *   <li>{@code getCached} and {@code getCold}, per {@code engine}: gets on a trie reopened at the
 *       committed root, with a warm node cache of twice the node count, and with no node cache, where
 *       every node on the path is read from the engine, checked against its hash and decoded.
 *   <li>{@code prove}, {@code verify}: a proof of a random present key from the trie in memory, and
 *       the check of a proof made beforehand against the root.
 * </ul>
 *
 * <p>Engines: {@code memory} and {@code rocksdb} (default configuration, in a temporary directory
 * deleted at teardown). The fork runs on a fixed, pre-touched 2 GiB heap: with a growing heap, page
 * faults and resizing collections dominate the insert and commit times and vary them tenfold. The
 * whole-trie operations take tens to hundreds of milliseconds each (commits rebuild their trie
 * outside the timing first), so they run longer iterations than the gets.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MerkleTrieBenchmark {

  static final int KEY_SIZE = 32;
  static final int VALUE_SIZE = 32;
  /** Proofs made up front for {@code verify}, cycled through. */
  static final int PROOFS = 20_000;
  static final String NODES = "trie_nodes";

  /** The keys and values, the same for every state of one trial, and a scratch store no trie commits to. */
  @State(Scope.Benchmark)
  public static class Data {
    @Param({"100000"})
    public int keys;

    byte[][] keyBytes;
    byte[][] values;
    int[] order;
    int next;
    KeyValueStore scratch;
    TrieStore scratchNodes;

    @Setup(Level.Trial)
    public void generate() {
      SplittableRandom random = new SplittableRandom(42);
      keyBytes = randomArrays(random, keys, KEY_SIZE);
      values = randomArrays(random, keys, VALUE_SIZE);
      order = BenchData.randomOrder(1 << 20, keys, 43);
      scratch = StorageEngines.open(StorageConfig.inMemory());
      scratchNodes = TrieStore.open(scratch, scratch.createColumnFamily(NODES));
    }

    @TearDown(Level.Trial)
    public void close() {
      scratch.close();
    }

    /** The index of the next key to read, at random. */
    int nextIndex() {
      return order[next++ & (order.length - 1)];
    }

    /** A trie holding every key, built from empty; nothing hashed or written yet. */
    MerklePatriciaTrie build(TrieStore nodes) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(nodes);
      for (int i = 0; i < keys; i++) {
        trie.put(keyBytes[i], values[i]);
      }
      return trie;
    }

    private static byte[][] randomArrays(SplittableRandom random, int count, int size) {
      byte[][] out = new byte[count][size];
      for (byte[] array : out) {
        random.nextBytes(array);
      }
      return out;
    }
  }

  /** The trie committed to the in-memory engine and kept in memory, with proofs of its first keys. */
  @State(Scope.Benchmark)
  public static class Hot {
    MerklePatriciaTrie trie;
    Hash root;
    List<List<byte[]>> proofs;
    int next;

    @Setup(Level.Trial)
    public void build(Data data) {
      trie = data.build(data.scratchNodes);
      root = trie.commit();
      int count = Math.min(PROOFS, data.keys);
      proofs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        proofs.add(trie.prove(data.keyBytes[i]));
      }
      for (int i = 0; i < count; i++) {
        byte[] proved = MerkleProofs.verify(root, data.keyBytes[i], proofs.get(i)).orElseThrow();
        check(Arrays.equals(proved, data.values[i]), "a proof verified the wrong value");
      }
    }

    /** The index of the next proof to verify, in order; proofs were made for keys 0..count-1. */
    int nextProof() {
      int i = next++;
      if (next == proofs.size()) {
        next = 0;
      }
      return i;
    }
  }

  /**
   * The trie committed to {@code engine}, reopened at its root twice: over a node cache holding
   * every node (read once through before measuring), and over no node cache.
   */
  @State(Scope.Benchmark)
  public static class Stored {
    @Param({"memory", "rocksdb"})
    public String engine;

    Path directory;
    KeyValueStore store;
    MerklePatriciaTrie cached;
    MerklePatriciaTrie uncached;

    @Setup(Level.Trial)
    public void commit(Data data) {
      directory = engine.equals("memory") ? null : BenchData.tempDirectory("lux-bench-trie");
      store = openStore(engine, directory);
      ColumnFamily nodes = store.createColumnFamily(NODES);
      Hash root = data.build(TrieStore.open(store, nodes)).commit();
      long nodeCount = store.count(nodes, KeyRange.all());
      cached = MerklePatriciaTrie.open(TrieStore.open(store, nodes, 2 * nodeCount), root);
      uncached = MerklePatriciaTrie.open(TrieStore.open(store, nodes, 0), root);
      for (int i = 0; i < data.keys; i++) {
        byte[] value = cached.get(data.keyBytes[i]).orElseThrow();
        check(Arrays.equals(value, data.values[i]), "the reopened trie returned the wrong value");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
      BenchData.deleteRecursively(directory);
    }
  }

  /**
   * Before each {@code commit}: a fresh, empty store of {@code engine} and a trie holding every key
   * with its root hash computed, so that the timed commit only writes nodes, as the hand-written
   * benchmark's "commit" row did. The store is closed (and its directory deleted) after the commit.
   */
  @State(Scope.Benchmark)
  public static class Uncommitted {
    @Param({"memory", "rocksdb"})
    public String engine;

    Path directory;
    KeyValueStore store;
    ColumnFamily nodes;
    MerklePatriciaTrie trie;
    Hash expectedRoot;
    Hash committedRoot;

    @Setup(Level.Invocation)
    public void build(Data data) {
      directory = engine.equals("memory") ? null : BenchData.tempDirectory("lux-bench-trie-commit");
      store = openStore(engine, directory);
      nodes = store.createColumnFamily(NODES);
      trie = data.build(TrieStore.open(store, nodes));
      expectedRoot = trie.rootHash();
    }

    @TearDown(Level.Invocation)
    public void close() {
      check(expectedRoot.equals(committedRoot), "commit returned a root other than rootHash");
      check(store.count(nodes, KeyRange.all()) > 0, "commit wrote no node");
      trie = null;
      store.close();
      BenchData.deleteRecursively(directory);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 3)
  @Measurement(iterations = 5, time = 3)
  public MerklePatriciaTrie insert(Data data) {
    return data.build(data.scratchNodes);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 3)
  @Measurement(iterations = 5, time = 3)
  public Hash insertAndRoot(Data data) {
    return data.build(data.scratchNodes).rootHash();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 5, time = 5)
  public Hash commit(Uncommitted u) {
    u.committedRoot = u.trie.commit();
    return u.committedRoot;
  }

  @Benchmark
  public Optional<byte[]> getHot(Data data, Hot hot) {
    return hot.trie.get(data.keyBytes[data.nextIndex()]);
  }

  @Benchmark
  public Optional<byte[]> getCached(Data data, Stored stored) {
    return stored.cached.get(data.keyBytes[data.nextIndex()]);
  }

  @Benchmark
  public Optional<byte[]> getCold(Data data, Stored stored) {
    return stored.uncached.get(data.keyBytes[data.nextIndex()]);
  }

  @Benchmark
  public List<byte[]> prove(Data data, Hot hot) {
    return hot.trie.prove(data.keyBytes[data.nextIndex()]);
  }

  @Benchmark
  public Optional<byte[]> verify(Data data, Hot hot) {
    int i = hot.nextProof();
    return MerkleProofs.verify(hot.root, data.keyBytes[i], hot.proofs.get(i));
  }

  static KeyValueStore openStore(String engine, Path directory) {
    return switch (engine) {
      case "memory" -> StorageEngines.open(StorageConfig.inMemory());
      case "rocksdb" -> StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(directory).build());
      default -> throw new IllegalArgumentException("engine must be memory or rocksdb, was " + engine);
    };
  }

  static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem + "; the numbers would be meaningless");
    }
  }
}
