package io.luxtensor.chain.bench;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateConfig;
import io.luxtensor.chain.state.StateMetrics;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.StateView;
import io.luxtensor.chain.state.Words;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The state store's targets on RocksDB with the default configuration: cached account reads,
 * a commit of 2,000 changed accounts and 2,000 changed slots over a large state (root included),
 * historical reads 100 heights back, a 64-height {@code rollbackTo}, the bytes the tables take, and
 * the disk size under a steady workload with pruning. A plain main (not a test) so that timing
 * never decides a build; it prints Markdown.
 *
 * <p>Arguments: {@code [accounts] [directory] [steadyHeights] [blockCacheMiB]}, default
 * {@code 1000000}, a temporary directory, {@code 0} and the storage default. With
 * {@code steadyHeights > 0} it only loads the state and then commits that many heights with a window
 * of 32, pruning history every height and trie nodes every 64, printing the disk size. Run with a
 * fixed heap, e.g. {@code -Xms3g -Xmx3g}.
 *
 * <p>Blocks are committed back to back, so each commit shares the cores with the flushes and
 * compactions of the ones before: the throughput-bound case. The system property
 * {@code bench.blockIntervalMillis} starts a block only every that many milliseconds instead, as a
 * chain's block time does, which leaves RocksDB's background work the time between blocks.
 * {@code bench.printCommits=true} also prints every measured commit's time, in order (the blocks
 * beside a trie flush show there).
 */
public final class StateBenchmark {

  private static final int CONTRACTS = 2_000;
  private static final int SLOTS_PER_CONTRACT = 50;
  private static final int LOAD_CHUNK = 50_000;
  private static final int BLOCK_ACCOUNTS = 2_000;
  private static final int BLOCK_SLOTS = 2_000;

  private StateBenchmark() {}

  /** The accounts' addresses, built once so that no measured loop pays for making one. */
  private static Address[] addresses = new Address[0];

  /**
   * Account {@code n}: the last 20 bytes of Keccak-256 of {@code n}, as real addresses are hash
   * outputs. Sequential addresses (a counter in the last bytes) would hash into a few thousand
   * distinct {@code Arrays.hashCode} values for 100,000 accounts and turn every hash map in the
   * measurement, the baseline's included, into tree bins.
   */
  static Address address(int n) {
    return addresses[n];
  }

  private static void makeAddresses(int accounts) {
    addresses = new Address[accounts];
    for (int n = 0; n < accounts; n++) {
      byte[] hash = io.luxtensor.chain.crypto.Hash.keccak256(java.nio.ByteBuffer.allocate(8).putLong(n).array()).bytes();
      addresses[n] = Address.of(Arrays.copyOfRange(hash, hash.length - Address.LENGTH, hash.length));
    }
  }

  public static void main(String[] args) throws IOException {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("state-bench");
    int steadyHeights = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Random random = new Random(42);
    makeAddresses(accounts);
    System.out.printf(Locale.ROOT, "# StateBenchmark: %,d accounts, %,d contracts x %d slots, RocksDB at %s, %s, %d cores%n%n",
        accounts, CONTRACTS, SLOTS_PER_CONTRACT, dir, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    try (KeyValueStore kv = StorageEngines.open(storageConfig(dir, args))) {
      StateConfig config = StateConfig.DEFAULT.withRetainedHeights(128);
      // Loaded straight into the flat tables, then reopened with the default diff layers: the
      // large state is on disk, as on a node that has run for a while, and only new heights are layered.
      long height = load(StateStore.open(kv, config.withDiffLayers(0)), accounts);
      StateStore state = StateStore.open(kv, config);
      settle(kv);
      if (steadyHeights > 0) {
        steadyDisk(kv, dir, accounts, height, steadyHeights, random);
        return;
      }
      System.out.println("| measurement | result |");
      System.out.println("|---|---:|");
      cachedReads(kv, state, accounts, random);
      height = commits(kv, state, config, accounts, height, random);
      headReadsThroughTheLayers(state, accounts, random);
      historicalReads(kv, state, accounts, height, random);
      rollback(state, accounts, height, random);
      tableBytes(kv);
    }
  }

  /**
   * RocksDB with the default configuration, or with a block cache of {@code args[3]} MiB, and with
   * the engine options listed in the system property {@code bench.options}
   * ({@code rocksdb.name=value,...}), for trying a setting without a rebuild.
   */
  private static StorageConfig storageConfig(Path dir, String[] args) {
    StorageConfig.Builder config = StorageConfig.builder().engine("rocksdb").path(dir);
    if (args.length > 3) {
      config.cacheSizeBytes(Long.parseLong(args[3]) << 20);
    }
    for (String option : System.getProperty("bench.options", "").split(",")) {
      int equals = option.indexOf('=');
      if (equals < 0 && !option.isBlank()) {
        throw new IllegalArgumentException("bench.options lists name=value pairs, got \"" + option + "\"");
      }
      if (equals >= 0) {
        config.option(option.substring(0, equals).strip(), option.substring(equals + 1).strip());
      }
    }
    return config.build();
  }

  private static long load(StateStore state, int accounts) {
    long start = System.nanoTime();
    WorldState world = state.begin();
    long height = 0;
    for (int i = 0; i < accounts; i++) {
      world.setBalance(address(i), BigInteger.valueOf(1_000_000_000L + i));
      if (i < CONTRACTS) {
        world.setCode(address(i), new byte[] {0x60, (byte) (i % 256), 0x60, 0x00, 0x55});
        for (int s = 0; s < SLOTS_PER_CONTRACT; s++) {
          world.setStorage(address(i), Words.of(s), Words.of(i * 1000L + s + 1));
        }
      }
      if ((i + 1) % LOAD_CHUNK == 0 || i == accounts - 1) {
        world.commit(height++, Words.of(height));
      }
    }
    // Written in full, as a node at rest leaves it: the measured store rebuilds no held trie on open.
    state.flushTries();
    System.out.printf(Locale.ROOT, "loaded %,d accounts in %d heights, %.1f s%n%n", accounts, height,
        (System.nanoTime() - start) / 1e9);
    return height - 1;
  }

  /**
   * Waits until RocksDB has no compaction pending or running, as {@code db_bench}'s
   * {@code waitforcompaction} does between a fill and the measured phase: loading the state writes
   * millions of trie nodes within seconds, and compactions it left pending would run during, and be
   * charged to, the measured commits, which pay for their own. (In the runs recorded so far RocksDB
   * reported none pending: it prints what it found.)
   */
  private static void settle(KeyValueStore kv) {
    long start = System.nanoTime();
    long pending = kv.metrics().engineProperties().getOrDefault("rocksdb.estimate-pending-compaction-bytes", 0L);
    while (busyCompacting(kv)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for RocksDB's compactions", e);
      }
    }
    System.out.printf(Locale.ROOT, "waited %.1f s for the loading's compactions (%,d bytes pending when it ended)%n%n",
        (System.nanoTime() - start) / 1e9, pending);
  }

  private static boolean busyCompacting(KeyValueStore kv) {
    java.util.Map<String, Long> properties = kv.metrics().engineProperties();
    return properties.getOrDefault("rocksdb.estimate-pending-compaction-bytes", 0L) > 0
        || properties.getOrDefault("rocksdb.num-running-compactions", 0L) > 0
        || properties.getOrDefault("rocksdb.num-running-flushes", 0L) > 0;
  }

  private static void cachedReads(KeyValueStore kv, StateStore state, int accounts, Random random) {
    int hot = Math.min(accounts, 100_000);
    int[] order = random.ints(1 << 20, 0, hot).toArray();
    Address[] addresses = new Address[hot];
    java.util.HashMap<Address, java.util.Optional<Account>> baseline = new java.util.HashMap<>();
    for (int i = 0; i < hot; i++) {
      addresses[i] = address(i);
      baseline.put(addresses[i], state.account(addresses[i]));
    }
    long sink = 0;
    double best = 0;
    double bestMap = 0;
    // Interleaved rounds: the store's cached read and a plain HashMap get of the same keys, same run.
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < order.length; i++) {
        sink += state.account(addresses[order[i]]).get().nonce();
      }
      best = Math.max(best, order.length / ((System.nanoTime() - start) / 1e9));
      start = System.nanoTime();
      for (int i = 0; i < order.length; i++) {
        sink += baseline.get(addresses[order[i]]).get().nonce();
      }
      bestMap = Math.max(bestMap, order.length / ((System.nanoTime() - start) / 1e9));
    }
    state.clearCaches();
    ColumnFamily flat = kv.columnFamily("StateAccounts");
    int cold = 50_000;
    double coldRate = 0;
    double rawRate = 0;
    for (int round = 0; round < 2; round++) {
      long coldStart = System.nanoTime();
      for (int i = 0; i < cold; i++) {
        sink += state.account(address(random.nextInt(accounts))).get().nonce();
      }
      coldRate = Math.max(coldRate, cold / ((System.nanoTime() - coldStart) / 1e9));
      state.clearCaches();
      long rawStart = System.nanoTime();
      for (int i = 0; i < cold; i++) {
        sink += kv.get(flat, address(random.nextInt(accounts)).bytes()).length;
      }
      rawRate = Math.max(rawRate, cold / ((System.nanoTime() - rawStart) / 1e9));
    }
    System.out.printf(Locale.ROOT, "| cached account reads, one thread (best of 8 x 2^20 over %,d hot accounts) | %,.0f /s |%n", hot, best);
    System.out.printf(Locale.ROOT, "| same keys from a plain HashMap, same run | %,.0f /s (cache = %.2f x HashMap) |%n", bestMap, best / bestMap);
    System.out.printf(Locale.ROOT, "| uncached account reads (cache miss: one get + decode + insert) | %,.0f /s |%n", coldRate);
    System.out.printf(Locale.ROOT, "| raw kv.get of the flat row, same run | %,.0f /s (miss = %.2f x raw get) |%n", rawRate, coldRate / rawRate);
    System.out.printf(Locale.ROOT, "| account cache hit rate / size / evictions so far | %.3f / %,d / %,d |%n",
        state.metrics().accounts().hitRate(), state.metrics().accounts().size(), state.metrics().accounts().evictions()
            + (sink == 42 ? 1 : 0));
    uncachedHeadRate = rawRate;
  }

  private static double uncachedHeadRate;
  private static double medianCommitMillis;

  /** About the trie nodes a commit of {@value #BLOCK_ACCOUNTS} accounts and slots writes, and their mean size. */
  private static final int COMMIT_NODES = 12_600;
  private static final int NODE_BYTES = 300;

  /** Sleeps until {@code deadline} ({@link System#nanoTime()}), if it is ahead. */
  private static void paceTo(long deadline) {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted between blocks", e);
      }
    }
  }

  private static long commits(KeyValueStore kv, StateStore state, StateConfig config, int accounts, long height,
      Random random) {
    // Measured once every diff layer is held, so that each measured commit also starts the flush of
    // the oldest layer to the flat tables, as every commit of a node that has run a while does.
    int warmup = (int) Math.min(config.diffLayers(), config.retainedHeights()) + 10;
    int blocks = warmup + 120;
    long cpuStart = 0;
    long pauseStart = 0;
    long measuredStart = 0;
    java.util.Map<String, Long> engineStart = java.util.Map.of();
    double[] commitMillis = new double[blocks];
    double[] editMillis = new double[blocks];
    WorldState world = state.begin();
    long interval = Long.getLong("bench.blockIntervalMillis", 0) * 1_000_000;
    for (int b = 0; b < blocks; b++) {
      long blockStart = System.nanoTime();
      if (b == warmup) {
        cpuStart = processCpuNanos();
        pauseStart = collectorPauseMillis();
        measuredStart = System.nanoTime();
        engineStart = kv.metrics().engineProperties();
      }
      long editStart = System.nanoTime();
      edit(world, accounts, random);
      long commitStart = System.nanoTime();
      height++;
      world.commit(height, Words.of(height));
      commitMillis[b] = (System.nanoTime() - commitStart) / 1e6;
      editMillis[b] = (commitStart - editStart) / 1e6;
      paceTo(blockStart + interval);
    }
    double cpuPerBlock = (processCpuNanos() - cpuStart) / 1e6 / (blocks - warmup);
    double pausePerBlock = (collectorPauseMillis() - pauseStart) / (double) (blocks - warmup);
    double wallPerBlock = (System.nanoTime() - measuredStart) / 1e6 / (blocks - warmup);
    java.util.Map<String, Long> engineEnd = kv.metrics().engineProperties();
    double writtenPerBlock = delta(engineStart, engineEnd, "rocksdb.bytes.written") / 1e6 / (blocks - warmup);
    double compactedPerBlock = (delta(engineStart, engineEnd, "rocksdb.compact.write.bytes")
        + delta(engineStart, engineEnd, "rocksdb.blobdb.gc.bytes.relocated")) / 1e6 / (blocks - warmup);
    double blobsPerBlock = delta(engineStart, engineEnd, "rocksdb.blobdb.blob.file.bytes.written") / 1e6 / (blocks - warmup);
    double[] measured = Arrays.copyOfRange(commitMillis, warmup, blocks);
    if (Boolean.getBoolean("bench.printCommits")) {
      System.out.println("commit times (ms), in order: " + Arrays.toString(measured));
    }
    Arrays.sort(measured);
    double[] edits = Arrays.copyOfRange(editMillis, warmup, blocks);
    Arrays.sort(edits);
    System.out.printf(Locale.ROOT, "| commit of %,d accounts + %,d slots over %,d accounts, root included (median / p90 / best / worst of %d)%s | %.1f / %.1f / %.1f / %.1f ms |%n",
        BLOCK_ACCOUNTS, BLOCK_SLOTS, accounts, measured.length,
        interval == 0 ? "" : String.format(Locale.ROOT, ", one block every %d ms", interval / 1_000_000),
        measured[measured.length / 2],
        measured[measured.length * 9 / 10], measured[0], measured[measured.length - 1]);
    StateMetrics metrics = state.metrics();
    System.out.printf(Locale.ROOT, "| trie nodes held in memory after the last commit (the diff layers' and those not yet flushed, every %d heights) | %,d nodes, %.1f MB of encodings |%n",
        config.trieFlushInterval(), metrics.heldTrieNodes(), metrics.heldTrieNodeBytes() / 1e6);
    long diffAccounts = 0;
    long diffSlots = 0;
    for (long h = height - 9; h <= height; h++) {
      io.luxtensor.chain.state.StateDiff diff = state.diff(h).orElseThrow();
      diffAccounts += diff.accounts().size();
      diffSlots += diff.slots().size();
    }
    System.out.printf(Locale.ROOT, "| changes in each of the last 10 heights' diffs, mean | %,.1f accounts, %,.1f slots |%n",
        diffAccounts / 10.0, diffSlots / 10.0);
    System.out.printf(Locale.ROOT, "| buffering those changes in the WorldState (reads through the cache), median | %.1f ms |%n",
        edits[edits.length / 2]);
    System.out.printf(Locale.ROOT, "| CPU of the whole process per block (buffering + commit, every thread: trie work, RocksDB's flushes and compactions, the collector), mean | %.1f ms over %.1f ms of wall time, %d cores |%n",
        cpuPerBlock, wallPerBlock, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "| bytes per block written to RocksDB / rewritten by its compactions (tables and relocated blobs) / written to blob files, mean | %.1f MB / %.1f MB / %.1f MB |%n",
        writtenPerBlock, compactedPerBlock, blobsPerBlock);
    System.out.printf(Locale.ROOT, "| the collector's stop-the-world pauses per block (young and mixed collections), mean | %.1f ms |%n",
        pausePerBlock);
    medianCommitMillis = measured[measured.length / 2];
    // The flat rows alone (accounts, slots, their history) as one raw batch, then a batch of a
    // commit's shape (those rows and as many node-sized values under random 32-byte keys as a
    // commit writes trie nodes): what RocksDB alone costs a commit, same run.
    ColumnFamily scratch = io.luxtensor.chain.ColumnFamilies.getOrCreate(kv, "BenchScratch",
        java.util.Set.of(io.luxtensor.storage.ColumnFamilyHint.LARGE_VALUES)); // laid out as the trie nodes are
    double flatRows = medianRawWriteMillis(kv, scratch, random, 0);
    System.out.printf(Locale.ROOT, "| raw batch of the %,d flat and history rows alone (no trie), median, same run | %.1f ms (commit = %.1f x) |%n",
        2 * (BLOCK_ACCOUNTS + BLOCK_SLOTS), flatRows, medianCommitMillis / flatRows);
    double shaped = medianRawWriteMillis(kv, scratch, random, COMMIT_NODES);
    System.out.printf(Locale.ROOT, "| raw batch of a commit's shape (those rows + %,d random %d-byte values under 32-byte keys), median, same run | %.1f ms (commit = %.1f x) |%n",
        COMMIT_NODES, NODE_BYTES, shaped, medianCommitMillis / shaped);
    return height;
  }

  /** CPU time used by every thread of this process so far (the JVM's and native ones), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Time the collectors have stopped the application so far: every collector but the concurrent ones. */
  private static long collectorPauseMillis() {
    long millis = 0;
    for (java.lang.management.GarbageCollectorMXBean collector : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!collector.getName().contains("Concurrent")) {
        millis += collector.getCollectionTime();
      }
    }
    return millis;
  }

  /** How much an engine property grew between two readings; 0 for one the engine does not report. */
  private static long delta(java.util.Map<String, Long> start, java.util.Map<String, Long> end, String name) {
    return end.getOrDefault(name, 0L) - start.getOrDefault(name, 0L);
  }

  /** Median of 10 writes of a batch of a commit's flat and history rows plus {@code nodes} node-sized values. */
  private static double medianRawWriteMillis(KeyValueStore kv, ColumnFamily scratch, Random random, int nodes) {
    double[] millis = new double[10];
    for (int r = 0; r < millis.length; r++) {
      io.luxtensor.storage.WriteBatch batch = kv.newBatch();
      for (int i = 0; i < 2 * (BLOCK_ACCOUNTS + BLOCK_SLOTS); i++) {
        byte[] key = new byte[40];
        random.nextBytes(key);
        batch.put(scratch, key, new byte[80]);
      }
      for (int i = 0; i < nodes; i++) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] node = new byte[NODE_BYTES];
        random.nextBytes(node);
        batch.put(scratch, key, node);
      }
      long start = System.nanoTime();
      kv.write(batch);
      millis[r] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }

  /** After the commits most hot accounts' head values are in the diff layers, not the cache. */
  private static void headReadsThroughTheLayers(StateStore state, int accounts, Random random) {
    int hot = Math.min(accounts, 100_000);
    int[] order = random.ints(1 << 20, 0, hot).toArray();
    long sink = 0;
    double best = 0;
    for (int round = 0; round < 4; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < order.length; i++) {
        sink += state.account(address(order[i])).get().nonce();
      }
      best = Math.max(best, order.length / ((System.nanoTime() - start) / 1e9));
    }
    System.out.printf(Locale.ROOT, "| the same head reads after the commits, through the diff layers (best of 4 x 2^20) | %,.0f /s |%n",
        best + (sink == 42 ? 1 : 0));
  }

  /**
   * One block's changes, counted as geth counts a block's updated accounts and slots (every account
   * the account trie rewrites, so a contract whose storage changed is one): {@value #BLOCK_SLOTS}
   * distinct slots of random contracts, then balances of random accounts until {@value #BLOCK_ACCOUNTS}
   * accounts changed in all.
   */
  private static void edit(WorldState world, int accounts, Random random) {
    java.util.Set<Address> changed = new java.util.HashSet<>();
    java.util.Set<Long> slots = new java.util.HashSet<>();
    while (slots.size() < BLOCK_SLOTS) {
      int contract = random.nextInt(Math.min(CONTRACTS, accounts));
      int slot = random.nextInt(SLOTS_PER_CONTRACT * 2);
      if (slots.add((long) contract << 32 | slot)) {
        world.setStorage(address(contract), Words.of(slot), Words.of(random.nextInt(1 << 20) + 1));
        changed.add(address(contract));
      }
    }
    while (changed.size() < BLOCK_ACCOUNTS) {
      Address a = address(random.nextInt(accounts));
      if (changed.add(a)) {
        world.setBalance(a, world.balance(a).add(BigInteger.ONE));
      }
    }
  }

  private static void historicalReads(KeyValueStore kv, StateStore state, int accounts, long height, Random random) {
    StateView past = state.at(height - 100);
    ColumnFamily flat = kv.columnFamily("StateAccounts");
    int reads = 100_000;
    long sink = 0;
    double best = 0;
    double bestRaw = 0;
    // Interleaved with raw gets of the flat rows, so the ratio is of the same moment of a shared machine.
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < reads; i++) {
        sink += past.account(address(random.nextInt(accounts))).map(a -> a.nonce()).orElse(0L);
      }
      best = Math.max(best, reads / ((System.nanoTime() - start) / 1e9));
      start = System.nanoTime();
      for (int i = 0; i < reads; i++) {
        sink += kv.get(flat, address(random.nextInt(accounts)).bytes()).length;
      }
      bestRaw = Math.max(bestRaw, reads / ((System.nanoTime() - start) / 1e9));
    }
    System.out.printf(Locale.ROOT, "| historical account reads 100 heights back (random accounts, best of 3 x %,d) | %,.0f /s |%n",
        reads, best + (sink == 42 ? 1 : 0));
    System.out.printf(Locale.ROOT, "| raw kv.get of random flat rows, interleaved, same run | %,.0f /s (historical = %.2f x raw get) |%n",
        bestRaw, best / bestRaw);
  }

  /** Three rounds of: roll back 64 heights, then commit 64 new ones on top. */
  private static void rollback(StateStore state, int accounts, long height, Random random) {
    double[] millis = new double[3];
    for (int round = 0; round < millis.length; round++) {
      long start = System.nanoTime();
      state.rollbackTo(height - 64);
      millis[round] = (System.nanoTime() - start) / 1e6;
      if (round + 1 < millis.length) {
        WorldState world = state.begin();
        for (long h = height - 63; h <= height; h++) {
          edit(world, accounts, random);
          world.commit(h, Words.of(h + 1_000_000L * (round + 1)));
        }
      }
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "| rollbackTo 64 heights (%,d account + %,d slot changes each; median of 3: %.1f, %.1f, %.1f) | %.1f ms (%.2f x one commit) |%n",
        BLOCK_ACCOUNTS, BLOCK_SLOTS, millis[0], millis[1], millis[2], sorted[1], sorted[1] / medianCommitMillis);
  }

  private static void tableBytes(KeyValueStore kv) {
    System.out.println();
    System.out.println("| column family | entries | key + value bytes | bytes per entry |");
    System.out.println("|---|---:|---:|---:|");
    for (String name : StateStore.COLUMN_FAMILIES) {
      ColumnFamily cf = kv.columnFamily(name);
      long entries = 0;
      long bytes = 0;
      try (KvIterator it = kv.iterator(cf, KeyRange.all())) {
        for (; it.isValid(); it.next()) {
          entries++;
          bytes += it.key().length + it.value().length;
        }
      }
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f |%n", name, entries, bytes, entries == 0 ? 0.0 : (double) bytes / entries);
    }
    System.out.println();
  }

  private static void steadyDisk(KeyValueStore kv, Path dir, int accounts, long height,
      int steadyHeights, Random random) {
    if (steadyHeights <= 0) {
      return;
    }
    StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withRetainedHeights(32));
    WorldState world = state.begin();
    System.out.println("| heights committed in the steady phase | disk bytes | trie nodes pruned | prune and compaction ms |");
    System.out.println("|---:|---:|---:|---:|");
    for (int b = 1; b <= steadyHeights; b++) {
      edit(world, accounts, random);
      height++;
      world.commit(height, Words.of(height));
      while (state.prune(16) > 0) {
        // bounded steps of 16 heights
      }
      if (b % 64 == 0) {
        long start = System.nanoTime();
        long pruned = state.pruneTrieNodes(); // compacts the node family once it has deleted
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %.0f |%n", b, directorySize(dir), pruned, millis);
      }
    }
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
