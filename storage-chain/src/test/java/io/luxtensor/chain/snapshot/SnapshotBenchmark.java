package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.chain.state.Words;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Measures, by hand (not a test): a state of N accounts (every tenth with 8 storage slots) built by
 * commits on RocksDB, its export (manifest, then every chunk served) and its import into an empty
 * RocksDB store, in one run so the ratios compare like with like on a loaded machine.
 *
 * <p>Run: {@code java -cp <test classpath> io.luxtensor.chain.snapshot.SnapshotBenchmark [accounts] [accountsPerHeight]}.
 */
public final class SnapshotBenchmark {

  private SnapshotBenchmark() {}

  /** Prints the timings and rates. */
  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int perHeight = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("snapshot-bench");
    try {
      try (KeyValueStore source = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir.resolve("source")).build());
          KeyValueStore target = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir.resolve("target")).build())) {
        StateStore state = StateStore.open(source);
        long start = System.nanoTime();
        long height = 0;
        for (int from = 0; from < accounts; from += perHeight) {
          WorldState world = state.begin();
          for (int i = from; i < Math.min(accounts, from + perHeight); i++) {
            Address address = SnapshotFixture.address(i);
            world.setBalance(address, BigInteger.valueOf(1_000_000L + i));
            world.setNonce(address, i % 7);
            if (i % 10 == 0) {
              for (int s = 0; s < 8; s++) {
                world.setStorage(address, Words.of(s), Words.of(i * 31L + s + 1));
              }
            }
          }
          world.commit(height, SnapshotFixture.blockHash(height));
          height++;
        }
        double commitSeconds = seconds(start);
        Hash root = state.headRoot();

        start = System.nanoTime();
        SnapshotManifest manifest;
        long exported = 0;
        try (SnapshotExporter exporter = SnapshotExporter.open(state, height - 1)) {
          manifest = exporter.manifest();
          double planSeconds = seconds(start);
          long serveStart = System.nanoTime();
          byte[][] chunks = new byte[manifest.chunks().size()][];
          for (int i = 0; i < chunks.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exporter.writeChunk(i, out);
            chunks[i] = out.toByteArray();
            exported += chunks[i].length;
          }
          double serveSeconds = seconds(serveStart);
          double exportSeconds = seconds(start);

          start = System.nanoTime();
          SnapshotImporter importer = SnapshotImporter.open(target, manifest);
          for (int i = 0; i < chunks.length; i++) {
            importer.importChunk(i, chunks[i]);
          }
          double importSeconds = seconds(start);
          if (!importer.isComplete() || !StateStore.open(target).headRoot().equals(root)) {
            throw new IllegalStateException("import did not reach the root");
          }
          double mb = exported / 1e6;
          System.out.printf("accounts=%d slots=%d chunks=%d bytes=%.1fMB%n", accounts, accounts / 10 * 8,
              chunks.length, mb);
          System.out.printf("rebuild by commits (%d per height): %.1fs, %.0f accounts/s%n", perHeight, commitSeconds,
              accounts / commitSeconds);
          System.out.printf("export: %.1fs (plan+hash %.1fs, serve %.1fs), %.0f accounts/s, %.1f MB/s%n", exportSeconds,
              planSeconds, serveSeconds, accounts / exportSeconds, mb / exportSeconds);
          System.out.printf("import: %.1fs, %.0f accounts/s, %.1f MB/s%n", importSeconds, accounts / importSeconds,
              mb / importSeconds);
          System.out.printf("import speed-up over rebuilding by commits: %.2fx%n", commitSeconds / importSeconds);
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
