package io.luxtensor.storage.bench;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MapDB through the API ({@code *_api}) against a raw MapDB {@link BTreeMap} ({@code *_raw}), one
 * after the other in one run: a transactional file store ({@code transactionEnable}, mmap where
 * supported), B-tree nodes of 32 keys (the engine's default {@code mapdb.node_size}), 16-byte keys
 * and 100-byte values. Every raw write ends with {@code commit()}, as every API write does. Snapshot
 * + get has no raw equivalent on a transactional MapDB store and is measured through the API only.
 * Synced commits ({@code commitSynced10}) overwrite present keys, {@value #SYNCED_PUTS} per commit: a
 * {@link WriteOptions#SYNC} write through the API, puts then {@code commit()} on the raw side. Both
 * are durable when they return, through different commits: the engine appends the changed pages to
 * its own journal with one fsync (it syncs every write, synced or not), raw MapDB commits through its
 * on-disk write-ahead log; so this pair compares the two commit paths more than it costs the API.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MapDbBenchmark {

  static final int ENTRIES = RocksDbBenchmark.HOT_ENTRIES;
  static final int BATCH = RocksDbBenchmark.BATCH;
  static final int PREFIX_LENGTH = RocksDbBenchmark.PREFIX_LENGTH;
  static final int PREFIX_ENTRIES = RocksDbBenchmark.PREFIX_ENTRIES;
  static final byte[] VALUE = RocksDbBenchmark.VALUE;
  /** Puts in each synced commit. */
  static final int SYNCED_PUTS = 10;

  /** A store and a raw tree holding the same {@link #ENTRIES} entries, only read. */
  @State(Scope.Benchmark)
  public static class Stores {
    KeyValueStore store;
    ColumnFamily cf;
    DB db;
    BTreeMap<byte[], byte[]> tree;
    Path root;
    byte[][] keys;
    int[] order;
    int next;
    final SplittableRandom random = new SplittableRandom(41);

    @Setup(Level.Trial)
    public void open() {
      root = BenchData.tempDirectory("lux-bench-mapdb");
      store = StorageEngines.open(StorageConfig.builder().engine("mapdb").path(root.resolve("api")).build());
      cf = store.defaultColumnFamily();
      db = DBMaker.fileDB(root.resolve("raw.db").toFile()).transactionEnable().fileMmapEnableIfSupported().make();
      tree = db.treeMap("raw", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).maxNodeSize(32).createOrOpen();
      keys = BenchData.orderedKeys(preload() ? ENTRIES : 0, 3);
      order = BenchData.randomOrder(1 << 20, ENTRIES, 5);
      if (preload()) {
        RocksDbBenchmark.load(store, cf, keys);
        for (int i = 0; i < keys.length; i++) {
          tree.put(keys[i], VALUE);
          if (i % BATCH == BATCH - 1) {
            db.commit();
          }
        }
        db.commit();
      }
    }

    boolean preload() {
      return true;
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
      db.close();
      BenchData.deleteRecursively(root);
    }

    byte[] nextKey() {
      return keys[order[next++ & (order.length - 1)]];
    }

    byte[] nextPrefix() {
      int groups = ENTRIES / PREFIX_ENTRIES;
      return Arrays.copyOf(keys[(order[next++ & (order.length - 1)] % groups) * PREFIX_ENTRIES], PREFIX_LENGTH);
    }

    byte[] randomKey() {
      byte[] key = new byte[BenchData.KEY_SIZE];
      random.nextBytes(key);
      return key;
    }
  }

  /** A store and a raw tree holding the same {@link #ENTRIES} entries, for the synced commits that overwrite them. */
  @State(Scope.Benchmark)
  public static class Overwrites extends Stores {
  }

  /** A store and a raw tree, both empty: for the write benchmarks. */
  @State(Scope.Benchmark)
  public static class Writes extends Stores {
    @Override
    boolean preload() {
      return false;
    }
  }

  @Benchmark
  public void put_api(Writes s) {
    s.store.put(s.cf, s.randomKey(), VALUE);
  }

  @Benchmark
  public void put_raw(Writes s) {
    s.tree.put(s.randomKey(), VALUE);
    s.db.commit();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_api(Writes s) {
    WriteBatch batch = s.store.newBatch();
    for (int i = 0; i < BATCH; i++) {
      batch.put(s.cf, s.randomKey(), VALUE);
    }
    s.store.write(batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_raw(Writes s) {
    for (int i = 0; i < BATCH; i++) {
      s.tree.put(s.randomKey(), VALUE);
    }
    s.db.commit();
  }

  @Benchmark
  public byte[] getHot_api(Stores s) {
    return s.store.get(s.cf, s.nextKey());
  }

  @Benchmark
  public byte[] getHot_raw(Stores s) {
    return s.tree.get(s.nextKey());
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void scan_api(Stores s, Blackhole bh) {
    try (KvIterator it = s.store.iterator(s.cf, KeyRange.all(), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void scan_raw(Stores s, Blackhole bh) {
    for (Map.Entry<byte[], byte[]> e : s.tree.entrySet()) {
      bh.consume(e.getKey());
      bh.consume(e.getValue());
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_api(Stores s, Blackhole bh) {
    try (KvIterator it = s.store.iterator(s.cf, KeyRange.prefix(s.nextPrefix()), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_raw(Stores s, Blackhole bh) {
    byte[] prefix = s.nextPrefix();
    byte[] upper = BenchData.prefixEnd(prefix);
    for (Map.Entry<byte[], byte[]> e : s.tree.subMap(prefix, upper).entrySet()) {
      bh.consume(e.getKey());
      bh.consume(e.getValue());
    }
  }

  @Benchmark
  public byte[] snapshotGet_api(Stores s) {
    try (Snapshot snapshot = s.store.snapshot()) {
      return snapshot.get(s.cf, s.nextKey());
    }
  }

  @Benchmark
  public void commit_api(Writes s) {
    try (Transaction tx = s.store.beginTransaction()) {
      tx.put(s.cf, s.randomKey(), VALUE);
      tx.commit();
    }
  }

  @Benchmark
  public void commit_raw(Writes s) {
    put_raw(s);
  }

  /** One synced write overwriting {@link #SYNCED_PUTS} present keys; the score is commits per second. */
  @Benchmark
  public void commitSynced10_api(Overwrites s) {
    WriteBatch batch = s.store.newBatch();
    for (int i = 0; i < SYNCED_PUTS; i++) {
      batch.put(s.cf, s.nextKey(), VALUE);
    }
    s.store.write(batch, WriteOptions.SYNC);
  }

  @Benchmark
  public void commitSynced10_raw(Overwrites s) {
    for (int i = 0; i < SYNCED_PUTS; i++) {
      s.tree.put(s.nextKey(), VALUE);
    }
    s.db.commit();
  }
}
