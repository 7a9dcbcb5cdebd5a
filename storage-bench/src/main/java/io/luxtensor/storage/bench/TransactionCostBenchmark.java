package io.luxtensor.storage.bench;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * One transaction that alternates a write and an iterator open, {@code ops} times: the pattern of a
 * block executor that reads ranges of its own pending writes. Linear cost means the time per run
 * doubles when {@code ops} doubles; a cursor that copied the transaction's writes would make it
 * quadruple. Each run is one shot on a fresh transaction over an empty store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class TransactionCostBenchmark {

  @Param({"memory", "rocksdb", "mapdb"})
  public String engine;

  @Param({"25000", "50000", "100000"})
  public int ops;

  private Path directory;
  private KeyValueStore store;
  private ColumnFamily cf;

  @Setup(Level.Trial)
  public void open() throws IOException {
    directory = Files.createTempDirectory("lux-bench-tx");
    StorageConfig.Builder config = StorageConfig.builder().engine(engine);
    if (!engine.equals("memory")) {
      config.path(directory);
    }
    store = StorageEngines.open(config.build());
    cf = store.defaultColumnFamily();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** {@code ops} writes, each followed by an iterator opened over the transaction's view. */
  @Benchmark
  public long alternateWritesAndIteratorOpens() {
    long seen = 0;
    byte[] value = new byte[32];
    try (Transaction tx = store.beginTransaction()) {
      for (int i = 0; i < ops; i++) {
        tx.put(cf, key(i), value);
        try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
          seen += it.isValid() ? it.key().length : 0;
        }
      }
      tx.rollback();
    }
    return seen;
  }

  private static byte[] key(int i) {
    // Spread over the key space, so a write lands anywhere in the buffer, not only at its end.
    return ByteBuffer.allocate(8).putInt(Integer.reverse(i)).putInt(i).array();
  }
}
