package io.luxtensor.storage.postgres;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throughput of the storage API on the postgres engine against plain JDBC issuing the same statements
 * on one connection, and against the API on RocksDB, in one run: after one unmeasured warm-up round
 * per operation (so the JIT has compiled both sides), short rounds with the three sides interleaved
 * (their order rotating), the median round reported, and the median of the per-round ratios, which
 * compares sides that ran under the same load. Both PostgreSQL sides use identical tables
 * ({@code k bytea PRIMARY KEY, v bytea}), asynchronous commits, 16-byte keys and 100-byte values:
 * <ul>
 *   <li>batch write: 1,000 upserts, JDBC-batched, in one transaction (4 batches a round);
 *   <li>random get: {@code SELECT v FROM t WHERE k = ?} in autocommit (1,000 a round);
 *   <li>range scan: 1,000 entries from a random key, in a {@code REPEATABLE READ READ ONLY} transaction,
 *       pages of 256 by keyset pagination (10 scans a round). The JDBC side sends {@code BEGIN} on its
 *       own, as a plain loop does; the engine sends it with its first page, one round trip fewer.
 * </ul>
 * The server is a throwaway one started here (as the tests start theirs), or the one named by
 * {@code -Dpostgres.bench.url} (with {@code -Dpostgres.bench.user}/{@code -Dpostgres.bench.password}).
 *
 * <p>Run (from the repository root; arguments: entries, default 100,000, rounds, default 25, and
 * optionally the operations to run, a comma-separated subset of {@code write,get,scan}, default all):
 * <pre>
 * mvn -o -q -pl storage-postgres test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * cd storage-postgres &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/test.cp) \
 *   io.luxtensor.storage.postgres.PostgresBenchmark 100000 25 scan
 * </pre>
 * It prints a Markdown table.
 */
public final class PostgresBenchmark {

  private static final int KEY = 16;
  private static final int VALUE = 100;
  private static final int BATCH = 1000;
  private static final int SCAN = 1000;
  /**
   * A round's work per side: short rounds, so that the sides compared within one round run under the
   * same load on a shared machine, and many of them, so that the median ratio is stable.
   */
  private static final int BATCHES_PER_ROUND = 4;
  private static final int GETS_PER_ROUND = 1000;
  private static final int SCANS_PER_ROUND = 10;
  private static final int PAGE = 256;

  private final int entries;
  private final byte[][] keys;
  private final byte[] value = new byte[VALUE];

  private PostgresBenchmark(int entries) {
    this.entries = entries;
    this.keys = new byte[entries][];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < entries; i++) {
      keys[i] = new byte[KEY];
      for (int b = 0; b < KEY; b++) {
        keys[i][b] = (byte) random.nextInt(256);
      }
    }
    Arrays.fill(value, (byte) 7);
  }

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of("write", "get", "scan");
    String url = System.getProperty("postgres.bench.url");
    PostgresServer server = url == null ? PostgresServer.start("bench") : null;
    try {
      String jdbcUrl = url != null ? url : server.url();
      String user = url != null ? System.getProperty("postgres.bench.user") : PostgresServer.SUPERUSER;
      String password = System.getProperty("postgres.bench.password");
      new PostgresBenchmark(entries).run(jdbcUrl, user, password, rounds, only);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** One measured operation: returns the number of operations (or entries) it did. */
  private interface Op {
    long run(SplittableRandom random) throws Exception;
  }

  private void run(String url, String user, String password, int rounds, List<String> only) throws Exception {
    Path rocksDir = Files.createTempDirectory("bench-rocksdb");
    Path pgDir = Files.createTempDirectory("bench-postgres");
    StorageConfig.Builder pg = StorageConfig.builder().engine("postgres").path(pgDir).option("postgres.url", url)
        .option("postgres.schema", "bench_api");
    if (user != null) {
      pg.option("postgres.user", user);
    }
    if (password != null) {
      pg.option("postgres.password", password);
    }
    try (KeyValueStore api = StorageEngines.open(pg.build());
        KeyValueStore rocks = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(rocksDir).build());
        Connection jdbc = DriverManager.getConnection(url, user, password)) {
      try (Statement statement = jdbc.createStatement()) {
        statement.execute("SET synchronous_commit TO off; DROP SCHEMA IF EXISTS bench_jdbc CASCADE; CREATE SCHEMA bench_jdbc;"
            + " CREATE TABLE bench_jdbc.t (k bytea PRIMARY KEY, v bytea NOT NULL)");
      }
      load(api);
      load(rocks);
      loadJdbc(jdbc);
      Map<String, Op[]> ops = new LinkedHashMap<>();
      if (only.contains("write")) {
        ops.put("batch write (puts/s, batches of 1,000)", new Op[] {r -> apiBatch(api, r), r -> jdbcBatch(jdbc, r), r -> apiBatch(rocks, r)});
      }
      if (only.contains("get")) {
        ops.put("random get (gets/s)", new Op[] {r -> apiGets(api, r), r -> jdbcGets(jdbc, r), r -> apiGets(rocks, r)});
      }
      if (only.contains("scan")) {
        ops.put("range scan (entries/s, 1,000 per scan)", new Op[] {r -> apiScans(api, r), r -> jdbcScans(jdbc, r), r -> apiScans(rocks, r)});
      }
      System.out.printf(Locale.ROOT, "| %d entries, median of %d rounds | API on postgres | plain JDBC | API / JDBC | API on RocksDB | RocksDB / postgres |%n",
          entries, rounds);
      System.out.println("|---|---:|---:|---:|---:|---:|");
      for (Map.Entry<String, Op[]> op : ops.entrySet()) {
        for (int side = 0; side < 3; side++) {
          // One unmeasured round: the API's longer code path is compiled by the JIT before it is timed, as the driver's is.
          op.getValue()[side].run(new SplittableRandom(-1 - side));
        }
        List<double[]> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          double[] perSecond = new double[3];
          for (int i = 0; i < 3; i++) {
            int side = (i + round) % 3; // the order rotates every round
            SplittableRandom random = new SplittableRandom(round * 31L + side);
            long start = System.nanoTime();
            long count = op.getValue()[side].run(random);
            perSecond[side] = count / ((System.nanoTime() - start) / 1e9);
          }
          results.add(perSecond);
        }
        double apiRate = median(results, 0);
        double jdbcRate = median(results, 1);
        double rocksRate = median(results, 2);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %,.0f | %.1f× |%n", op.getKey(), apiRate, jdbcRate,
            medianRatio(results, 0, 1), rocksRate, medianRatio(results, 2, 0));
      }
      try (Statement statement = jdbc.createStatement()) {
        statement.execute("DROP SCHEMA bench_jdbc CASCADE; DROP SCHEMA bench_api CASCADE");
      }
    } finally {
      PostgresServer.deleteRecursively(rocksDir);
      PostgresServer.deleteRecursively(pgDir);
    }
  }

  private static double median(List<double[]> results, int side) {
    double[] values = results.stream().mapToDouble(r -> r[side]).sorted().toArray();
    return values[values.length / 2];
  }

  /** The median over rounds of the per-round ratio {@code a / b}: both measured in the same round. */
  private static double medianRatio(List<double[]> results, int a, int b) {
    double[] values = results.stream().mapToDouble(r -> r[a] / r[b]).sorted().toArray();
    return values[values.length / 2];
  }

  private void load(KeyValueStore store) {
    ColumnFamily cf = store.defaultColumnFamily();
    for (int i = 0; i < entries; i += BATCH) {
      WriteBatch batch = store.newBatch();
      for (int j = i; j < Math.min(entries, i + BATCH); j++) {
        batch.put(cf, keys[j], value);
      }
      store.write(batch, WriteOptions.ASYNC);
    }
  }

  private void loadJdbc(Connection jdbc) throws SQLException {
    for (int i = 0; i < entries; i += BATCH) {
      jdbcBatch(jdbc, i);
    }
  }

  private long apiBatch(KeyValueStore store, SplittableRandom random) {
    ColumnFamily cf = store.defaultColumnFamily();
    for (int b = 0; b < BATCHES_PER_ROUND; b++) {
      WriteBatch batch = store.newBatch();
      int first = random.nextInt(entries - BATCH);
      for (int j = first; j < first + BATCH; j++) {
        batch.put(cf, keys[j], value);
      }
      store.write(batch, WriteOptions.ASYNC);
    }
    return (long) BATCHES_PER_ROUND * BATCH;
  }

  private long jdbcBatch(Connection jdbc, SplittableRandom random) throws SQLException {
    for (int b = 0; b < BATCHES_PER_ROUND; b++) {
      jdbcBatch(jdbc, random.nextInt(entries - BATCH));
    }
    return (long) BATCHES_PER_ROUND * BATCH;
  }

  /** The engine sorts a batch's keys (one lock order for all writers); so does this side, for the same statements. */
  private void jdbcBatch(Connection jdbc, int first) throws SQLException {
    byte[][] sorted = Arrays.copyOfRange(keys, first, Math.min(entries, first + BATCH));
    Arrays.sort(sorted, Arrays::compareUnsigned);
    jdbc.setAutoCommit(false);
    try (PreparedStatement upsert = jdbc.prepareStatement(
        "INSERT INTO bench_jdbc.t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
      for (byte[] key : sorted) {
        upsert.setBytes(1, key);
        upsert.setBytes(2, value);
        upsert.addBatch();
      }
      upsert.executeBatch();
      jdbc.commit();
    } finally {
      jdbc.setAutoCommit(true);
    }
  }

  private long apiGets(KeyValueStore store, SplittableRandom random) {
    ColumnFamily cf = store.defaultColumnFamily();
    int n = GETS_PER_ROUND;
    for (int i = 0; i < n; i++) {
      if (store.get(cf, keys[random.nextInt(entries)]) == null) {
        throw new IllegalStateException("missing key");
      }
    }
    return n;
  }

  private long jdbcGets(Connection jdbc, SplittableRandom random) throws SQLException {
    int n = GETS_PER_ROUND;
    try (PreparedStatement get = jdbc.prepareStatement("SELECT v FROM bench_jdbc.t WHERE k = ?")) {
      for (int i = 0; i < n; i++) {
        get.setBytes(1, keys[random.nextInt(entries)]);
        try (ResultSet rows = get.executeQuery()) {
          if (!rows.next() || rows.getBytes(1) == null) {
            throw new IllegalStateException("missing key");
          }
        }
      }
    }
    return n;
  }

  private long apiScans(KeyValueStore store, SplittableRandom random) {
    ColumnFamily cf = store.defaultColumnFamily();
    long read = 0;
    for (int s = 0; s < SCANS_PER_ROUND; s++) {
      try (KvIterator it = store.iterator(cf, KeyRange.atLeast(keys[random.nextInt(entries)]))) {
        for (int i = 0; i < SCAN && it.isValid(); i++, it.next()) {
          read += it.key().length > 0 && it.value() != null ? 1 : 0;
        }
      }
    }
    return read;
  }

  private long jdbcScans(Connection jdbc, SplittableRandom random) throws SQLException {
    long read = 0;
    for (int s = 0; s < SCANS_PER_ROUND; s++) {
      try (Statement begin = jdbc.createStatement()) {
        begin.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1");
      }
      byte[] from = keys[random.nextInt(entries)];
      boolean inclusive = true;
      int done = 0;
      while (done < SCAN) {
        try (PreparedStatement page = jdbc.prepareStatement(inclusive
            ? "SELECT k, v FROM bench_jdbc.t WHERE k >= ? ORDER BY k LIMIT ?" : "SELECT k, v FROM bench_jdbc.t WHERE k > ? ORDER BY k LIMIT ?")) {
          page.setBytes(1, from);
          page.setInt(2, PAGE + 1);
          int rows = 0;
          try (ResultSet result = page.executeQuery()) {
            while (result.next() && rows < PAGE && done < SCAN) {
              from = result.getBytes(1);
              read += from.length > 0 && result.getBytes(2) != null ? 1 : 0;
              rows++;
              done++;
            }
          }
          if (rows < PAGE) {
            break;
          }
          inclusive = false;
        }
      }
      try (Statement end = jdbc.createStatement()) {
        end.execute("ROLLBACK");
      }
    }
    return read;
  }
}
