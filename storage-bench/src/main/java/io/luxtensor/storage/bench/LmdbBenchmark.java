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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
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
 * LMDB through the API ({@code *_api}) against raw lmdbjava ({@code *_raw}), one after the other in
 * one run. Both sides: {@code MDB_NOTLS | MDB_NOSYNC}, the default (optimal) buffer proxy, a 4 GiB
 * map, 16-byte keys and 100-byte values. The raw side does what the engine must: one write
 * transaction per put, batch or commit; a read transaction renewed per get (so each get sees the
 * latest commit) and reset after; every key and value read copied into an array before the
 * transaction ends. Synced commits ({@code commitSynced10}): the raw environment of that state opens
 * without {@code MDB_NOSYNC}, so each raw commit is LMDB's own fully synced one (data pages synced, then
 * the meta page); the engine clears the flag for each synced write, which runs the same commit.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class LmdbBenchmark {

  static final int ENTRIES = RocksDbBenchmark.HOT_ENTRIES;
  static final int BATCH = RocksDbBenchmark.BATCH;
  static final int PREFIX_LENGTH = RocksDbBenchmark.PREFIX_LENGTH;
  static final int PREFIX_ENTRIES = RocksDbBenchmark.PREFIX_ENTRIES;
  static final byte[] VALUE = RocksDbBenchmark.VALUE;
  static final long MAP_SIZE = 4L << 30;
  /** Puts in each synced commit. */
  static final int SYNCED_PUTS = 10;

  /** A store and a raw environment, both empty: for the write benchmarks, which would change what reads see. */
  @State(Scope.Benchmark)
  public static class Writes extends Stores {
    @Override
    boolean preload() {
      return false;
    }
  }

  /**
   * A store and a raw environment holding the same {@link #ENTRIES} entries, for synced commits of new
   * keys: the raw environment opens without {@code MDB_NOSYNC}, so every raw commit syncs as LMDB's
   * protocol orders it, which the store does for each {@link WriteOptions#SYNC} write.
   */
  @State(Scope.Benchmark)
  public static class SyncedWrites extends Stores {
    @Override
    EnvFlags[] rawFlags() {
      return new EnvFlags[] {EnvFlags.MDB_NOTLS};
    }
  }

  /** A store and a raw environment holding the same {@link #ENTRIES} entries, only read. */
  @State(Scope.Benchmark)
  public static class Stores {
    KeyValueStore store;
    ColumnFamily cf;
    Env<ByteBuffer> env;
    Dbi<ByteBuffer> dbi;
    Txn<ByteBuffer> reader;
    Path root;
    byte[][] keys;
    int[] order;
    int next;
    final SplittableRandom random = new SplittableRandom(37);
    final ByteBuffer keyBuffer = ByteBuffer.allocateDirect(BenchData.KEY_SIZE);
    final ByteBuffer upperBuffer = ByteBuffer.allocateDirect(BenchData.KEY_SIZE);
    final ByteBuffer valueBuffer = ByteBuffer.allocateDirect(BenchData.VALUE_SIZE);

    @Setup(Level.Trial)
    public void open() {
      root = BenchData.tempDirectory("lux-bench-lmdb");
      store = StorageEngines.open(StorageConfig.builder().engine("lmdb").path(root.resolve("api")).mapSizeBytes(MAP_SIZE).build());
      cf = store.defaultColumnFamily();
      java.io.File raw = root.resolve("raw").toFile();
      if (!raw.mkdirs()) {
        throw new IllegalStateException("cannot create " + raw);
      }
      env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(8).setMaxReaders(1024).open(raw, rawFlags());
      dbi = env.openDbi("default", DbiFlags.MDB_CREATE);
      valueBuffer.put(VALUE).flip();
      keys = BenchData.orderedKeys(preload() ? ENTRIES : 0, 3);
      order = BenchData.randomOrder(1 << 20, ENTRIES, 5);
      if (preload()) {
        RocksDbBenchmark.load(store, cf, keys);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
          for (byte[] key : keys) {
            dbi.put(txn, key(key), valueBuffer.rewind());
          }
          txn.commit();
        }
      }
      reader = env.txnRead();
      reader.reset();
    }

    @TearDown(Level.Trial)
    public void close() {
      reader.close();
      store.close();
      env.close();
      BenchData.deleteRecursively(root);
    }

    boolean preload() {
      return true;
    }

    /** The raw environment's flags: the engine's, {@code MDB_NOTLS | MDB_NOSYNC}. */
    EnvFlags[] rawFlags() {
      return new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC};
    }

    ByteBuffer key(byte[] key) {
      keyBuffer.clear();
      keyBuffer.put(key).flip();
      return keyBuffer;
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

    void rawPut(Txn<ByteBuffer> txn, byte[] key) {
      dbi.put(txn, key(key), valueBuffer.rewind());
    }

    static byte[] copy(ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
  }

  @Benchmark
  public void put_api(Writes s) {
    s.store.put(s.cf, s.randomKey(), VALUE);
  }

  @Benchmark
  public void put_raw(Writes s) {
    try (Txn<ByteBuffer> txn = s.env.txnWrite()) {
      s.rawPut(txn, s.randomKey());
      txn.commit();
    }
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
    try (Txn<ByteBuffer> txn = s.env.txnWrite()) {
      for (int i = 0; i < BATCH; i++) {
        s.rawPut(txn, s.randomKey());
      }
      txn.commit();
    }
  }

  @Benchmark
  public byte[] getHot_api(Stores s) {
    return s.store.get(s.cf, s.nextKey());
  }

  @Benchmark
  public byte[] getHot_raw(Stores s) {
    s.reader.renew();
    try {
      ByteBuffer value = s.dbi.get(s.reader, s.key(s.nextKey()));
      return value == null ? null : Stores.copy(value);
    } finally {
      s.reader.reset();
    }
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
    try (Txn<ByteBuffer> txn = s.env.txnRead(); CursorIterable<ByteBuffer> it = s.dbi.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        bh.consume(Stores.copy(kv.key()));
        bh.consume(Stores.copy(kv.val()));
      }
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
    ByteBuffer from = s.key(prefix);
    s.upperBuffer.clear();
    s.upperBuffer.put(upper).flip();
    try (Txn<ByteBuffer> txn = s.env.txnRead();
        CursorIterable<ByteBuffer> it = s.dbi.iterate(txn, org.lmdbjava.KeyRange.closedOpen(from, s.upperBuffer))) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        bh.consume(Stores.copy(kv.key()));
        bh.consume(Stores.copy(kv.val()));
      }
    }
  }

  @Benchmark
  public byte[] snapshotGet_api(Stores s) {
    try (Snapshot snapshot = s.store.snapshot()) {
      return snapshot.get(s.cf, s.nextKey());
    }
  }

  /** A read transaction is LMDB's snapshot: begin one, get, end it. */
  @Benchmark
  public byte[] snapshotGet_raw(Stores s) {
    try (Txn<ByteBuffer> txn = s.env.txnRead()) {
      ByteBuffer value = s.dbi.get(txn, s.key(s.nextKey()));
      return value == null ? null : Stores.copy(value);
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

  /** One synced write of {@link #SYNCED_PUTS} new keys; the score is commits per second. */
  @Benchmark
  public void commitSynced10_api(SyncedWrites s) {
    WriteBatch batch = s.store.newBatch();
    for (int i = 0; i < SYNCED_PUTS; i++) {
      batch.put(s.cf, s.randomKey(), VALUE);
    }
    s.store.write(batch, WriteOptions.SYNC);
  }

  @Benchmark
  public void commitSynced10_raw(SyncedWrites s) {
    try (Txn<ByteBuffer> txn = s.env.txnWrite()) {
      for (int i = 0; i < SYNCED_PUTS; i++) {
        s.rawPut(txn, s.randomKey());
      }
      txn.commit();
    }
  }
}
