package io.luxtensor.storage.lmdb;

import static org.lmdbjava.DbiFlags.MDB_CREATE;
import static org.lmdbjava.EnvFlags.MDB_NOSYNC;
import static org.lmdbjava.EnvFlags.MDB_NOTLS;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * Throughput of the storage API on the LMDB engine against raw lmdbjava on the same machine, in one
 * run, interleaved (the order alternates every round) and repeated; the median round is reported.
 * Both sides use the same environment flags ({@code MDB_NOTLS | MDB_NOSYNC}), buffer proxy and map
 * size, 16-byte keys and 100-byte values. For synced commits the raw side clears {@code MDB_NOSYNC}
 * for the one transaction, as the engine does, so both run LMDB's own fully synced commit. The raw
 * side copies what it reads into arrays, as any caller must before its transaction ends; its random
 * gets share one read transaction (the raw best case), where the API renews a pooled one per call.
 *
 * <p>The "engine SPI" column calls the engine directly, without the decorator every store is wrapped
 * in, to show which share of the gap to raw is the engine's and which the decorator's.
 *
 * <p>Run (from the repository root; arguments: entries, default 1,000,000, and rounds, default 5):
 * <pre>
 * mvn -q -pl storage-lmdb test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * cd storage-lmdb &amp;&amp; java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *   -cp target/test-classes:target/classes:$(cat target/test.cp) io.luxtensor.storage.lmdb.LmdbBenchmark 1000000 7
 * </pre>
 * It prints a Markdown table.
 */
public final class LmdbBenchmark {

  private static final int KEY = 16;
  private static final int VALUE = 100;
  private static final int SYNCED_COMMITS = 200;

  private final int entries;
  private final byte[] value = new byte[VALUE];
  private final Map<String, List<double[]>> results = new LinkedHashMap<>();
  private long nextPutKey;

  private KeyValueStore store;
  private ColumnFamily cf;
  private StorageEngine engine;
  private EngineColumnFamily engineCf;
  private Env<ByteBuffer> env;
  private Dbi<ByteBuffer> dbi;
  private LmdbDurability rawDurability;
  private final ByteBuffer rawKey = ByteBuffer.allocateDirect(KEY);
  private final ByteBuffer rawValue = ByteBuffer.allocateDirect(VALUE);

  private LmdbBenchmark(int entries) {
    this.entries = entries;
    new SplittableRandom(7).nextBytes(value);
  }

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path root = Files.createTempDirectory("lmdb-bench-");
    LmdbBenchmark bench = new LmdbBenchmark(entries);
    try {
      bench.open(root);
      bench.load();
      for (int round = 0; round < rounds; round++) {
        bench.round(round % 2 == 0);
      }
      bench.print(rounds);
    } finally {
      bench.close();
      LmdbPaths.deleteTree(root);
    }
  }

  private void open(Path root) {
    StorageConfig config = StorageConfig.builder().engine("lmdb").path(root.resolve("api")).mapSizeBytes(4L << 30).build();
    // the store wraps an engine this class also holds, to tell engine costs from decorator costs
    engine = new LmdbEngineProvider().open(config);
    engineCf = engine.columnFamilies().get(0);
    store = StorageEngines.open(new OpenedEngine(engine), config);
    cf = store.defaultColumnFamily();
    Path raw = root.resolve("raw");
    raw.toFile().mkdirs();
    env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(4L << 30).setMaxDbs(8).setMaxReaders(1024)
        .open(raw.toFile(), MDB_NOTLS, MDB_NOSYNC);
    dbi = env.openDbi("default", MDB_CREATE);
    rawDurability = new LmdbDurability(env, raw.toString());
  }

  private void close() {
    if (store != null) {
      store.close();
    }
    if (env != null) {
      env.close();
    }
  }

  /** Hands the already opened engine to the decorator, declaring what the LMDB provider declares. */
  private static final class OpenedEngine implements StorageEngineProvider {
    private final LmdbEngineProvider lmdb = new LmdbEngineProvider();
    private final StorageEngine engine;

    OpenedEngine(StorageEngine engine) {
      this.engine = engine;
    }

    @Override
    public String name() {
      return lmdb.name();
    }

    @Override
    public int priority() {
      return lmdb.priority();
    }

    @Override
    public Set<Capability> capabilities() {
      return lmdb.capabilities();
    }

    @Override
    public int maxKeySize() {
      return lmdb.maxKeySize();
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      return engine;
    }
  }

  /** Key {@code i}: 8 scrambled bytes then {@code i}, so inserts land in random order. */
  private static byte[] key(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return ByteBuffer.allocate(KEY).putLong(z ^ (z >>> 31)).putLong(i).array();
  }

  private void load() {
    for (long start = 0; start < entries; start += 1000) {
      WriteBatch batch = store.newBatch();
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        for (long i = start; i < Math.min(entries, start + 1000); i++) {
          byte[] k = key(i);
          batch.put(cf, k, value);
          dbi.put(txn, fill(rawKey, k), fill(rawValue, value));
        }
        txn.commit();
      }
      store.write(batch, WriteOptions.ASYNC);
    }
    nextPutKey = entries;
  }

  private void round(boolean apiFirst) {
    int puts = Math.max(10_000, entries / 20);
    int batched = Math.max(100_000, entries / 2);
    int gets = Math.max(200_000, entries);
    long[] putKeys = {nextPutKey, nextPutKey + puts};
    long[] batchKeys = {nextPutKey + 2L * puts, nextPutKey + 2L * puts + batched};
    nextPutKey += 2L * puts + 2L * batched;
    measure("put, one per call", puts, apiFirst, () -> apiPuts(putKeys[0], puts), null, () -> rawPuts(putKeys[1], puts));
    measure("batch put, 1,000 per batch", batched, apiFirst,
        () -> apiBatches(batchKeys[0], batched), null, () -> rawBatches(batchKeys[1], batched));
    measure("random get, hot", gets, apiFirst, () -> apiGets(gets), () -> spiGets(gets), () -> rawGets(gets));
    measure("ordered scan, entries", entries, apiFirst, this::apiScan, this::spiScan, this::rawScan);
    // the asynchronous rounds left dirty pages behind; flush them outside the measurement
    store.flush();
    env.sync(true);
    long syncedFrom = nextPutKey;
    nextPutKey += 2L * 10 * SYNCED_COMMITS;
    measure("synced commit of 10 puts", SYNCED_COMMITS, apiFirst, () -> apiSynced(syncedFrom), null,
        () -> rawSynced(syncedFrom + 10L * SYNCED_COMMITS));
  }

  private void apiSynced(long from) {
    for (long start = from; start < from + 10L * SYNCED_COMMITS; start += 10) {
      WriteBatch batch = store.newBatch();
      for (long i = start; i < start + 10; i++) {
        batch.put(cf, key(i), value);
      }
      store.write(batch, WriteOptions.SYNC);
    }
  }

  /** LMDB's fully synced commit, MDB_NOSYNC cleared for the one transaction as the engine does. */
  private void rawSynced(long from) {
    for (long start = from; start < from + 10L * SYNCED_COMMITS; start += 10) {
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        for (long i = start; i < start + 10; i++) {
          dbi.put(txn, fill(rawKey, key(i)), fill(rawValue, value));
        }
        rawDurability.syncedCommit(txn::commit);
      }
    }
  }

  /** One round of one operation: API, engine SPI (when given) and raw, in alternating order. */
  private void measure(String name, int ops, boolean apiFirst, Runnable api, Runnable spi, Runnable raw) {
    double apiRate;
    double rawRate;
    double spiRate = Double.NaN;
    if (apiFirst) {
      apiRate = rate(ops, api);
      spiRate = spi == null ? spiRate : rate(ops, spi);
      rawRate = rate(ops, raw);
    } else {
      rawRate = rate(ops, raw);
      spiRate = spi == null ? spiRate : rate(ops, spi);
      apiRate = rate(ops, api);
    }
    results.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {apiRate, rawRate, spiRate});
  }

  private static double rate(int ops, Runnable body) {
    long start = System.nanoTime();
    body.run();
    return ops / ((System.nanoTime() - start) / 1e9);
  }

  private void apiPuts(long from, int count) {
    for (long i = from; i < from + count; i++) {
      store.put(cf, key(i), value, WriteOptions.ASYNC);
    }
  }

  private void rawPuts(long from, int count) {
    for (long i = from; i < from + count; i++) {
      byte[] k = key(i);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        dbi.put(txn, fill(rawKey, k), fill(rawValue, value));
        txn.commit();
      }
    }
  }

  private void apiBatches(long from, int count) {
    for (long start = from; start < from + count; start += 1000) {
      WriteBatch batch = store.newBatch();
      for (long i = start; i < start + 1000; i++) {
        batch.put(cf, key(i), value);
      }
      store.write(batch, WriteOptions.ASYNC);
    }
  }

  private void rawBatches(long from, int count) {
    for (long start = from; start < from + count; start += 1000) {
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        for (long i = start; i < start + 1000; i++) {
          dbi.put(txn, fill(rawKey, key(i)), fill(rawValue, value));
        }
        txn.commit();
      }
    }
  }

  private void apiGets(int count) {
    SplittableRandom random = new SplittableRandom(42);
    long found = 0;
    for (int i = 0; i < count; i++) {
      found += store.get(cf, key(random.nextInt(entries))).length;
    }
    check(found == (long) count * VALUE, "api gets");
  }

  private void spiGets(int count) {
    SplittableRandom random = new SplittableRandom(42);
    long found = 0;
    for (int i = 0; i < count; i++) {
      found += engine.get(engineCf, key(random.nextInt(entries))).length;
    }
    check(found == (long) count * VALUE, "spi gets");
  }

  private void rawGets(int count) {
    SplittableRandom random = new SplittableRandom(42);
    long found = 0;
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      for (int i = 0; i < count; i++) {
        found += LmdbBenchmark.copy(dbi.get(txn, fill(rawKey, key(random.nextInt(entries))))).length;
      }
    }
    check(found == (long) count * VALUE, "raw gets");
  }

  private void apiScan() {
    long bytes = 0;
    long seen = 0;
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (; it.isValid() && seen < entries; it.next()) {
        bytes += it.key().length + it.value().length;
        seen++;
      }
    }
    check(seen == entries && bytes == seen * (KEY + VALUE), "api scan");
  }

  private void spiScan() {
    long bytes = 0;
    long seen = 0;
    try (EngineCursor it = engine.cursor(engineCf, io.luxtensor.storage.spi.Bounds.all())) {
      for (it.seekToFirst(); it.isValid() && seen < entries; it.next()) {
        bytes += it.key().length + it.value().length;
        seen++;
      }
    }
    check(seen == entries && bytes == seen * (KEY + VALUE), "spi scan");
  }

  private void rawScan() {
    long bytes = 0;
    long seen = 0;
    try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> cursor = dbi.openCursor(txn)) {
      for (boolean ok = cursor.first(); ok && seen < entries; ok = cursor.next()) {
        bytes += copy(cursor.key()).length + copy(cursor.val()).length;
        seen++;
      }
    }
    check(seen == entries && bytes == seen * (KEY + VALUE), "raw scan");
  }

  private static ByteBuffer fill(ByteBuffer buffer, byte[] bytes) {
    buffer.clear();
    buffer.put(bytes).flip();
    return buffer;
  }

  private static byte[] copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException(what + " read the wrong data; the numbers would be meaningless");
    }
  }

  private void print(int rounds) {
    System.out.printf(Locale.ROOT, "%d entries loaded, %d rounds, median round; %d-byte keys, %d-byte values%n%n",
        entries, rounds, KEY, VALUE);
    System.out.println("| operation | API ops/s | engine SPI ops/s | raw lmdbjava ops/s | API / raw | SPI / raw |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    results.forEach((name, runs) -> {
      double api = median(runs.stream().mapToDouble(r -> r[0]).toArray());
      double raw = median(runs.stream().mapToDouble(r -> r[1]).toArray());
      double spi = median(runs.stream().mapToDouble(r -> r[2]).toArray());
      double[] ratios = runs.stream().mapToDouble(r -> r[0] / r[1]).toArray();
      double spiRatio = median(runs.stream().mapToDouble(r -> r[2] / r[1]).toArray());
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %,.0f | %.2f (rounds %.2f–%.2f) | %s |%n", name, api,
          Double.isNaN(spi) ? "–" : String.format(Locale.ROOT, "%,.0f", spi), raw, median(ratios.clone()),
          Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
          Double.isNaN(spiRatio) ? "–" : String.format(Locale.ROOT, "%.2f", spiRatio));
    });
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
