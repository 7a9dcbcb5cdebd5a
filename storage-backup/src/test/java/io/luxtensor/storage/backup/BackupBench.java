package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Backup and restore speed as a ratio to {@code cp -r} of the same RocksDB store's files, and the
 * change log's cost on write throughput, all measured in one run, interleaved, median of
 * {@code repeats}. Run by hand (see {@code /tmp/notes/backup-bench.md}); not a test.
 *
 * <p>Arguments: entries (default 1,000,000), repeats (default 3), work directory (default a temp dir).
 */
public final class BackupBench {

  private BackupBench() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("backup-bench");
    Path store = work.resolve("store");
    System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());
    fill(StorageConfig.builder().engine("rocksdb").path(store).build(), entries, 1);
    long storeBytes = size(store);
    System.out.printf("store: rocksdb, %,d entries (16-byte keys, 100-byte values), %,d bytes of files%n", entries,
        storeBytes);
    BackupKey key = BackupKey.createKeyFile(work.resolve("bench.key"));
    String[] names = {"cp -r", "backup none", "backup zstd", "backup none+aes", "backup zstd+aes",
        "restore none", "restore zstd", "restore none+aes", "restore zstd+aes", "backup zstd, no key index",
        "scan only (API floor)"};
    List<List<Double>> seconds = new ArrayList<>();
    List<List<Double>> cpu = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      seconds.add(new ArrayList<>());
      cpu.add(new ArrayList<>());
    }
    long[] backupBytes = new long[4];
    for (int r = 0; r < repeats; r++) {
      int round = r;
      record(seconds, cpu, 0, time(() -> cp(store, work.resolve("cp-" + round))));
      deleteTree(work.resolve("cp-" + round));
      try (KeyValueStore s = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(store).build())) {
        for (int v = 0; v < 4; v++) {
          int variant = v;
          Path dir = work.resolve("backups-" + v + "-" + r);
          BackupOptions options = BackupOptions.full().withZstdLevel(v % 2 == 1 ? 3 : 0).withKey(v >= 2 ? key : null);
          record(seconds, cpu, 1 + v, time(() -> Backups.open(dir).create(s, options)));
          backupBytes[variant] = size(dir);
        }
        Path noIndex = work.resolve("backups-noindex-" + r);
        record(seconds, cpu, 9, time(() -> Backups.open(noIndex).create(s, BackupOptions.full().withKeyIndex(false))));
        deleteTree(noIndex);
        record(seconds, cpu, 10, time(() -> scanAll(s)));
      }
      for (int v = 0; v < 4; v++) {
        Path dir = work.resolve("backups-" + v + "-" + r);
        Path target = work.resolve("restored-" + v + "-" + r);
        RestoreOptions options = RestoreOptions.defaults().withKey(v >= 2 ? key : null);
        record(seconds, cpu, 5 + v, time(() -> Backups.open(dir).restore("000001",
            StorageConfig.builder().engine("rocksdb").path(target).build(), options)));
        deleteTree(target);
        deleteTree(dir);
      }
    }
    double cp = median(seconds.get(0));
    double cpCpu = median(cpu.get(0));
    System.out.printf("%-28s %9s %9s %12s %9s %12s%n", "operation", "wall s", "MB/s", "wall vs cp", "CPU s",
        "CPU vs cp");
    for (int i = 0; i < names.length; i++) {
      double s = median(seconds.get(i));
      double c = median(cpu.get(i));
      System.out.printf("%-28s %9.2f %9.1f %12.3f %9.2f %12.3f%n", names[i], s, storeBytes / s / 1e6, cp / s, c,
          cpCpu / c);
    }
    System.out.printf("backup sizes: none %,d, zstd %,d, none+aes %,d, zstd+aes %,d bytes%n", backupBytes[0],
        backupBytes[1], backupBytes[2], backupBytes[3]);
    System.out.printf("encryption cost (zstd+aes / zstd): backup wall %.2f CPU %.2f, restore wall %.2f CPU %.2f%n",
        median(seconds.get(4)) / median(seconds.get(2)), median(cpu.get(4)) / median(cpu.get(2)),
        median(seconds.get(8)) / median(seconds.get(6)), median(cpu.get(8)) / median(cpu.get(6)));
    incrementals(work, entries, repeats);
    changeLogCost(work, Math.min(entries, 300_000), repeats);
    System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /** Adds a wall time to its list, and the CPU time of the same call to the CPU list. */
  private static void record(List<List<Double>> wall, List<List<Double>> cpu, int i, double seconds) {
    wall.get(i).add(seconds);
    cpu.get(i).add(lastCpu);
  }

  /** A scanned incremental (1% changed) and a change-log incremental, against a full backup of the same store. */
  private static void incrementals(Path work, int entries, int repeats) throws IOException {
    List<Double> full = new ArrayList<>();
    List<Double> scan = new ArrayList<>();
    List<Double> logged = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      Path store = work.resolve("inc-store-" + r);
      Path loggedStore = work.resolve("inc-logged-store-" + r);
      Path log = work.resolve("inc-log-" + r);
      fill(StorageConfig.builder().engine("rocksdb").path(store).build(), entries, 2);
      fill(StorageConfig.builder().engine("rocksdb").path(loggedStore).build(), entries, 2);
      try (KeyValueStore s = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(store).build())) {
        Backups plain = Backups.open(work.resolve("inc-plain-" + r));
        full.add(time(() -> plain.create(s, BackupOptions.full())));
        change(s, entries / 100, 3);
        scan.add(time(() -> plain.create(s, BackupOptions.incrementalBackup())));
      }
      try (LoggedStore s = LoggedStore.open(StorageConfig.builder().engine("rocksdb").path(loggedStore).build(), log)) {
        Backups viaLog = Backups.open(work.resolve("inc-log-backups-" + r));
        viaLog.create(s, BackupOptions.full());
        change(s, entries / 100, 3);
        logged.add(time(() -> viaLog.create(s, BackupOptions.incrementalBackup())));
      }
      for (String name : new String[] {"inc-store-", "inc-logged-store-", "inc-log-", "inc-plain-", "inc-log-backups-"}) {
        deleteTree(work.resolve(name + r));
      }
    }
    System.out.printf("incremental, 1%% of %,d entries changed: full %.2f s, scan %.2f s (%.2f of full),"
        + " change log %.2f s (%.2f of full)%n", entries, median(full), median(scan), median(scan) / median(full),
        median(logged), median(logged) / median(full));
  }

  /** Write throughput with and without the change log, interleaved: batches of 1,000 and single puts. */
  private static void changeLogCost(Path work, int entries, int repeats) throws IOException {
    List<Double> plainBatch = new ArrayList<>();
    List<Double> loggedBatch = new ArrayList<>();
    List<Double> plainPut = new ArrayList<>();
    List<Double> loggedPut = new ArrayList<>();
    int puts = Math.min(entries, 100_000);
    for (int round = 0; round < repeats; round++) {
      int r = round;
      for (boolean withLog : new boolean[] {false, true}) {
        Path store = work.resolve("log-cost-" + withLog + "-" + r);
        StorageConfig config = StorageConfig.builder().engine("rocksdb").path(store).build();
        Supplier<KeyValueStore> open = withLog ? () -> LoggedStore.open(config, work.resolve("log-cost-log-" + r))
            : () -> StorageEngines.open(config);
        try (KeyValueStore s = open.get()) {
          (withLog ? loggedBatch : plainBatch).add(entries / time(() -> write(s, entries, 1000, 5)));
          (withLog ? loggedPut : plainPut).add(puts / time(() -> write(s, puts, 1, 6)));
        }
        deleteTree(store);
        deleteTree(work.resolve("log-cost-log-" + r));
      }
    }
    System.out.printf("change log cost (rocksdb, async writes): batches of 1000: %,.0f vs %,.0f entries/s logged"
        + " (ratio %.2f); single puts: %,.0f vs %,.0f puts/s logged (ratio %.2f)%n", median(plainBatch),
        median(loggedBatch), median(loggedBatch) / median(plainBatch), median(plainPut), median(loggedPut),
        median(loggedPut) / median(plainPut));
  }

  /** Reads every entry from a snapshot, as a backup does, and nothing else. */
  private static void scanAll(KeyValueStore s) {
    long n = 0;
    try (io.luxtensor.storage.Snapshot snap = s.snapshot();
        io.luxtensor.storage.KvIterator it = snap.iterator(s.defaultColumnFamily(), io.luxtensor.storage.KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        n += it.key().length + it.value().length;
      }
    }
    if (n < 0) {
      throw new IllegalStateException();
    }
  }

  private static void write(KeyValueStore s, int n, int batchSize, long seed) {
    Random random = new Random(seed);
    byte[] value = new byte[100];
    WriteBatch batch = s.newBatch();
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[16];
      random.nextBytes(key);
      random.nextBytes(value);
      if (batchSize == 1) {
        s.put(s.defaultColumnFamily(), key, value);
      } else {
        batch.put(s.defaultColumnFamily(), key, value);
        if (batch.size() == batchSize) {
          s.write(batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      s.write(batch);
    }
  }

  private static void fill(StorageConfig config, int n, long seed) {
    try (KeyValueStore s = StorageEngines.open(config)) {
      ColumnFamily cf = s.defaultColumnFamily();
      Random random = new Random(seed);
      WriteBatch batch = s.newBatch();
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        // half-random values: compressible like real state, not like zeros
        byte[] value = new byte[100];
        random.nextBytes(value);
        Arrays.fill(value, 50, 100, (byte) (i & 7));
        batch.put(cf, key, value);
        if (batch.size() == 1000) {
          s.write(batch);
          batch.clear();
        }
      }
      s.write(batch);
      s.flush();
    }
  }

  private static void change(KeyValueStore s, int n, long seed) {
    Random random = new Random(seed);
    WriteBatch batch = s.newBatch();
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[16];
      random.nextBytes(key);
      batch.put(s.defaultColumnFamily(), key, new byte[100]);
      if (batch.size() == 1000) {
        s.write(batch);
        batch.clear();
      }
    }
    s.write(batch);
  }

  /** CPU seconds of the last {@link #time} call: this JVM's threads plus any child process it waited for. */
  private static double lastCpu;

  private static double time(Runnable r) {
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    r.run();
    double wall = (System.nanoTime() - t0) / 1e9;
    lastCpu = cpuSeconds() - cpu0;
    return wall;
  }

  /**
   * This process's CPU time (all threads, native ones included) plus that of waited-for children
   * ({@code cp}): on a machine shared with other jobs, CPU time compares work where wall time mostly
   * measures the wait for a core.
   */
  private static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the command name
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks / 100.0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static void cp(Path from, Path to) {
    try {
      Process p = new ProcessBuilder("cp", "-r", from.toString(), to.toString()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("cp failed");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path p) {
    if (Files.exists(p)) {
      Backups.deleteTree(p);
    }
  }
}
