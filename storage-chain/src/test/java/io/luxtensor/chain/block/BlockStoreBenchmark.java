package io.luxtensor.chain.block;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The block store targets on RocksDB with the default config: import of blocks of 200
 * transactions with receipts and 2 logs each, transaction by hash (hot), logs of one address over
 * 10,000 blocks (1,000 results), a 64-block reorg, and the bytes stored per transaction with the
 * indexes' share, logical (keys and values) and on disk (compacted table files). A plain main (not a test) so that timing never decides a build; it prints a
 * Markdown table. Run with {@code -Xms2g -Xmx2g}; argument: the store directory (default: a new
 * temporary directory, deleted at the end).
 */
public final class BlockStoreBenchmark {

  private static final int TXS_PER_BLOCK = 200;
  private static final int BIG_BLOCKS = 64;
  private static final int SMALL_BLOCKS = Integer.getInteger("blocks.small", 10_000);
  private static final Address WATCHED = ChainFixture.address(4242);
  /** CPU time of the measuring thread: on a shared machine, what the wall clock cannot show. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private BlockStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("block-bench");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      run(kv);
      for (ColumnFamily cf : kv.columnFamilies()) {
        kv.compact(cf, KeyRange.all());
      }
    }
    printDiskBytes(dir);
    if (args.length == 0) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void run(KeyValueStore kv) {
    BlockStore store = BlockStore.open(kv);
    ChainFixture fixture = new ChainFixture(store.roots());
    ChainFixture.Built genesis = fixture.genesis();
    store.importBlock(genesis.block(), genesis.receipts());
    long nonce = 0;
    // 10,000 small blocks: one transaction each, two logs; every 10th block's first log is WATCHED's.
    long t0 = System.nanoTime();
    Header parent = genesis.block().header();
    for (int b = 0; b < SMALL_BLOCKS; b++) {
      Transaction tx = ChainFixture.legacy(ChainFixture.key(b % 16), nonce++, ChainFixture.address(b % 100), b);
      Address emitter = b % 10 == 0 ? WATCHED : ChainFixture.address(b % 97);
      ChainFixture.Built built = fixture.block(parent, List.of(tx), List.of(logs(emitter, b)), b);
      store.importBlock(built.block(), built.receipts());
      parent = built.block().header();
    }
    System.err.printf(Locale.ROOT, "small chain built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Header fork = parent;
    List<ChainFixture.Built> branchA = new ArrayList<>();
    List<List<Transaction>> bodies = new ArrayList<>();
    for (int b = 0; b < BIG_BLOCKS; b++) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < TXS_PER_BLOCK; i++) {
        txs.add(ChainFixture.legacy(ChainFixture.key(i % 64), nonce++, ChainFixture.address(i % 500), i));
      }
      bodies.add(txs);
    }
    List<ChainFixture.Built> branchB = new ArrayList<>();
    Header a = fork;
    Header bParent = fork;
    for (int b = 0; b < BIG_BLOCKS; b++) {
      List<List<Log>> logs = new ArrayList<>();
      for (int i = 0; i < TXS_PER_BLOCK; i++) {
        logs.add(logs(ChainFixture.address(1000 + i % 300), i));
      }
      ChainFixture.Built builtA = fixture.block(a, bodies.get(b), logs, 1_000_000 + b);
      // Branch B holds the same transactions as fresh objects: its import recovers every sender.
      List<Transaction> fresh = bodies.get(b).stream().map(tx -> Transaction.fromEnvelope(tx.encoded())).toList();
      ChainFixture.Built builtB = fixture.block(bParent, fresh, logs, 2_000_000 + b);
      branchA.add(builtA);
      branchB.add(builtB);
      a = builtA.block().header();
      bParent = builtB.block().header();
    }
    // Branch A's senders are known before import, as they are to a node that has executed the block.
    branchA.forEach(b -> b.block().transactions().forEach(Transaction::sender));
    long start = System.nanoTime();
    long cpuStart = CPU.getCurrentThreadCpuTime();
    for (ChainFixture.Built b : branchA) {
      store.importBlock(b.block(), b.receipts());
    }
    double importKnownSenders = BIG_BLOCKS * TXS_PER_BLOCK / ((System.nanoTime() - start) / 1e9);
    double importKnownSendersCpu = BIG_BLOCKS * TXS_PER_BLOCK / ((CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    start = System.nanoTime();
    for (ChainFixture.Built b : branchB) {
      store.importBlock(b.block(), b.receipts());
    }
    double importRecovering = BIG_BLOCKS * TXS_PER_BLOCK / ((System.nanoTime() - start) / 1e9);

    double[] reorgMs = new double[6];
    for (int i = 0; i < reorgMs.length; i++) {
      Hash target = (i % 2 == 0 ? branchB : branchA).get(BIG_BLOCKS - 1).hash();
      long s = System.nanoTime();
      store.setHead(target);
      reorgMs[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(reorgMs);

    List<Hash> hashes = new ArrayList<>();
    bodies.forEach(txs -> txs.forEach(tx -> hashes.add(tx.hash())));
    // The same lookups through a second store object without the transaction cache: RocksDB alone.
    double uncachedPerSecond = lookups(BlockStore.open(kv, 0), hashes)[0];
    double[] cached = lookups(store, hashes);
    double lookupsPerSecond = cached[0];
    double hitRate = cached[1];

    double[] logMs = new double[21];
    double[] logCpuMs = new double[logMs.length];
    for (int i = 0; i < logMs.length; i++) {
      long s = System.nanoTime();
      long cpu = CPU.getCurrentThreadCpuTime();
      Page<LogEntry> page = store.logs(LogFilter.byAddress(WATCHED, 1, SMALL_BLOCKS), Optional.empty(), 1000);
      logMs[i] = (System.nanoTime() - s) / 1e6;
      logCpuMs[i] = (CPU.getCurrentThreadCpuTime() - cpu) / 1e6;
      if (page.items().size() != Math.min(1000, SMALL_BLOCKS / 10)) {
        throw new AssertionError("expected 1,000 logs, got " + page.items().size());
      }
    }
    Arrays.sort(logMs);
    Arrays.sort(logCpuMs);

    kv.flush();
    long totalTxs = SMALL_BLOCKS + 2L * BIG_BLOCKS * TXS_PER_BLOCK;
    long all = 0;
    long indexes = 0;
    StringBuilder perFamily = new StringBuilder();
    for (String name : BlockStore.COLUMN_FAMILIES) {
      ColumnFamily cf = kv.columnFamily(name);
      long[] sizes = logicalBytes(kv, cf);
      all += sizes[1];
      if (isIndex(name)) {
        indexes += sizes[1];
      }
      perFamily.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", name, sizes[0], sizes[1]));
    }
    System.out.println("| measure | value |");
    System.out.println("|---|---:|");
    System.out.printf(Locale.ROOT, "| import, 200-tx blocks, senders known (tx/s) | %,.0f |%n", importKnownSenders);
    System.out.printf(Locale.ROOT, "| import, 200-tx blocks, senders known (tx per CPU second of the importing thread) | %,.0f |%n",
        importKnownSendersCpu);
    System.out.printf(Locale.ROOT, "| import, 200-tx blocks, senders recovered (tx/s) | %,.0f |%n", importRecovering);
    System.out.printf(Locale.ROOT, "| transaction by hash, hot, cache on (lookups/s; hit rate %.1f%%) | %,.0f |%n",
        100 * hitRate, lookupsPerSecond);
    System.out.printf(Locale.ROOT, "| transaction by hash, hot, cache off (lookups/s) | %,.0f |%n", uncachedPerSecond);
    System.out.printf(Locale.ROOT, "| logs of one address, 10,000 blocks, 1,000 results (ms, median / best) | %.1f / %.1f |%n",
        logMs[logMs.length / 2], logMs[0]);
    System.out.printf(Locale.ROOT, "| the same, CPU ms of the querying thread (median / best) | %.1f / %.1f |%n",
        logCpuMs[logCpuMs.length / 2], logCpuMs[0]);
    System.out.printf(Locale.ROOT, "| 64-block reorg of 200-tx blocks (ms, median / best) | %.1f / %.1f |%n",
        reorgMs[reorgMs.length / 2], reorgMs[0]);
    System.out.printf(Locale.ROOT, "| logical bytes per stored transaction (keys + values, all families) | %,.0f |%n",
        (double) all / totalTxs);
    System.out.printf(Locale.ROOT, "| indexes' share of logical bytes | %.1f%% |%n", 100.0 * indexes / all);
    System.out.println();
    System.out.println("| column family | entries | key + value bytes |");
    System.out.println("|---|---:|---:|");
    System.out.print(perFamily);
  }

  /**
   * Lookups per second of random canonical transactions out of {@code hashes}, after half as many to
   * warm up, and the transaction cache's hit rate over the timed lookups.
   */
  private static double[] lookups(BlockStore store, List<Hash> hashes) {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      store.transaction(hashes.get(random.nextInt(hashes.size()))).orElseThrow();
    }
    int lookups = 200_000;
    CacheStats before = store.txCacheStats();
    long start = System.nanoTime();
    for (int i = 0; i < lookups; i++) {
      store.transaction(hashes.get(random.nextInt(hashes.size()))).orElseThrow();
    }
    double perSecond = lookups / ((System.nanoTime() - start) / 1e9);
    return new double[] {perSecond, store.txCacheStats().minus(before).hitRate()};
  }

  /**
   * Bytes on disk per column family (table files after a full compaction, with the default LZ4 and
   * RocksDB's key prefix compression), read from the closed store with the RocksDB binding itself.
   */
  private static void printDiskBytes(Path dir) throws RocksDBException {
    List<byte[]> names = RocksDB.listColumnFamilies(new Options(), dir.toString());
    List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    Map<String, Long> bytes = new TreeMap<>();
    try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors,
        handles)) {
      for (LiveFileMetaData file : db.getLiveFilesMetaData()) {
        bytes.merge(new String(file.columnFamilyName(), StandardCharsets.UTF_8), file.size(), Long::sum);
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
    long all = bytes.values().stream().mapToLong(Long::longValue).sum();
    long indexes = bytes.entrySet().stream().filter(e -> isIndex(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    long totalTxs = SMALL_BLOCKS + 2L * BIG_BLOCKS * TXS_PER_BLOCK;
    System.out.println();
    System.out.printf(Locale.ROOT, "| disk bytes per stored transaction (table files, compacted) | %,.0f |%n",
        (double) all / totalTxs);
    System.out.printf(Locale.ROOT, "| indexes' share of disk bytes | %.1f%% |%n", 100.0 * indexes / all);
    System.out.println();
    System.out.println("| column family | disk bytes |");
    System.out.println("|---|---:|");
    bytes.forEach((name, size) -> System.out.printf(Locale.ROOT, "| %s | %,d |%n", name, size));
  }

  /** The index families, of this layout and of the per-log entries it replaced. */
  private static boolean isIndex(String family) {
    return family.startsWith("TxBy") || family.startsWith("LogsBy") || family.equals("LogBloomBits");
  }

  private static List<Log> logs(Address emitter, int i) {
    return List.of(new Log(emitter, List.of(ChainFixture.topic(i % 50), ChainFixture.topic(7)), new byte[32]),
        new Log(ChainFixture.address(i % 89), List.of(ChainFixture.topic(i % 13)), new byte[32]));
  }

  private static long[] logicalBytes(KeyValueStore kv, ColumnFamily cf) {
    long entries = 0;
    long bytes = 0;
    try (KvIterator it = kv.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        entries++;
        bytes += it.key().length + it.value().length;
      }
    }
    return new long[] {entries, bytes};
  }
}
