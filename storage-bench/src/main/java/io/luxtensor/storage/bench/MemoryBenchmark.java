package io.luxtensor.storage.bench;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
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
 * The in-memory engine through the API ({@code *_api}) against a bare {@link ConcurrentSkipListMap}
 * with the same comparator, unsigned lexicographic ({@code *_raw}), one after the other in one run:
 * the target is API ≥ 0.8× the bare map. The raw side copies keys and values in and out as the
 * engine must (a store never shares arrays with its caller), so the ratio is the cost of the engine's
 * snapshots, transactions and the decorator, not of copying. Snapshot + get and transaction commit
 * have no bare-map equivalent; they are measured through the API only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MemoryBenchmark {

  static final int ENTRIES = RocksDbBenchmark.HOT_ENTRIES;
  static final int BATCH = RocksDbBenchmark.BATCH;
  static final int PREFIX_LENGTH = RocksDbBenchmark.PREFIX_LENGTH;
  static final int PREFIX_ENTRIES = RocksDbBenchmark.PREFIX_ENTRIES;
  static final byte[] VALUE = RocksDbBenchmark.VALUE;

  /** An empty store and an empty bare map, for the write benchmarks. */
  @State(Scope.Benchmark)
  public static class Writes {
    KeyValueStore store;
    ColumnFamily cf;
    final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Keys.ORDER);
    final SplittableRandom random = new SplittableRandom(23);

    @Setup(Level.Trial)
    public void open() {
      store = StorageEngines.open(StorageConfig.inMemory());
      cf = store.defaultColumnFamily();
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }

    byte[] randomKey() {
      byte[] key = new byte[BenchData.KEY_SIZE];
      random.nextBytes(key);
      return key;
    }
  }

  /** The same {@link #ENTRIES} entries in the engine and in a bare map, only read. */
  @State(Scope.Benchmark)
  public static class Data {
    KeyValueStore store;
    ColumnFamily cf;
    ConcurrentSkipListMap<byte[], byte[]> map;
    byte[][] keys;
    int[] order;
    int next;

    @Setup(Level.Trial)
    public void open() {
      store = StorageEngines.open(StorageConfig.inMemory());
      cf = store.defaultColumnFamily();
      map = new ConcurrentSkipListMap<>(Keys.ORDER);
      keys = BenchData.orderedKeys(ENTRIES, 3);
      order = BenchData.randomOrder(1 << 20, ENTRIES, 5);
      RocksDbBenchmark.load(store, cf, keys);
      for (byte[] key : keys) {
        map.put(key.clone(), VALUE.clone());
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }

    byte[] nextKey() {
      return keys[order[next++ & (order.length - 1)]];
    }

    byte[] nextPrefix() {
      int groups = ENTRIES / PREFIX_ENTRIES;
      return Arrays.copyOf(keys[(order[next++ & (order.length - 1)] % groups) * PREFIX_ENTRIES], PREFIX_LENGTH);
    }
  }

  @Benchmark
  public void put_api(Writes d) {
    d.store.put(d.cf, d.randomKey(), VALUE);
  }

  @Benchmark
  public void put_raw(Writes d) {
    d.map.put(d.randomKey().clone(), VALUE.clone());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_api(Writes d) {
    WriteBatch batch = d.store.newBatch();
    for (int i = 0; i < BATCH; i++) {
      batch.put(d.cf, d.randomKey(), VALUE);
    }
    d.store.write(batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batch_raw(Writes d) {
    for (int i = 0; i < BATCH; i++) {
      d.map.put(d.randomKey().clone(), VALUE.clone());
    }
  }

  @Benchmark
  public byte[] getHot_api(Data d) {
    return d.store.get(d.cf, d.nextKey());
  }

  @Benchmark
  public byte[] getHot_raw(Data d) {
    byte[] value = d.map.get(d.nextKey());
    return value == null ? null : value.clone();
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void scan_api(Data d, Blackhole bh) {
    try (KvIterator it = d.store.iterator(d.cf, KeyRange.all(), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void scan_raw(Data d, Blackhole bh) {
    for (Map.Entry<byte[], byte[]> e : d.map.entrySet()) {
      bh.consume(e.getKey().clone());
      bh.consume(e.getValue().clone());
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_api(Data d, Blackhole bh) {
    try (KvIterator it = d.store.iterator(d.cf, KeyRange.prefix(d.nextPrefix()), Direction.FORWARD)) {
      for (; it.isValid(); it.next()) {
        bh.consume(it.key());
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIX_ENTRIES)
  public void prefix_raw(Data d, Blackhole bh) {
    byte[] prefix = d.nextPrefix();
    byte[] upper = BenchData.prefixEnd(prefix);
    for (Map.Entry<byte[], byte[]> e : d.map.subMap(prefix, upper).entrySet()) {
      bh.consume(e.getKey().clone());
      bh.consume(e.getValue().clone());
    }
  }

  @Benchmark
  public byte[] snapshotGet_api(Data d) {
    try (Snapshot snapshot = d.store.snapshot()) {
      return snapshot.get(d.cf, d.nextKey());
    }
  }

  @Benchmark
  public void commit_api(Writes d) {
    try (Transaction tx = d.store.beginTransaction()) {
      tx.put(d.cf, d.randomKey(), VALUE);
      tx.commit();
    }
  }
}
