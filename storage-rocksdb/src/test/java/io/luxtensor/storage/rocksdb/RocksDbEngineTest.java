package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreMetrics;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.StorageEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbEngineTest {

  @TempDir
  Path dir;

  private StorageConfig.Builder config() {
    return StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(8 << 20);
  }

  @Test
  void batchTouchingADroppedFamilyFailsWholeAndAppliesNothing() {
    try (StorageEngine engine = new RocksDbEngineProvider().open(config().build())) {
      EngineColumnFamily main = engine.columnFamilies().stream().filter(cf -> cf.name().equals("default")).findFirst().orElseThrow();
      EngineColumnFamily doomed = engine.createColumnFamily("doomed");
      engine.dropColumnFamily(doomed);
      EngineBatch batch = batchOf(main, doomed);
      assertThatThrownBy(() -> engine.write(batch, WriteOptions.ASYNC)).isInstanceOf(UnknownColumnFamilyException.class)
          .hasMessageContaining("doomed");
      assertThat(engine.get(main, bytes("a"))).isNull();
    }
  }

  @Test
  void batchesRacingADropAreEachAllOrNothing() throws Exception {
    try (StorageEngine engine = new RocksDbEngineProvider().open(config().build())) {
      EngineColumnFamily main = engine.columnFamilies().stream().filter(cf -> cf.name().equals("default")).findFirst().orElseThrow();
      EngineColumnFamily doomed = engine.createColumnFamily("doomed");
      int perWriter = 5_000;
      ConcurrentHashMap<Integer, Boolean> applied = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          int base = w * perWriter;
          writers.add(pool.submit(() -> {
            for (int i = base; i < base + perWriter; i++) {
              try {
                engine.write(batchOf(main, doomed, "k" + i), WriteOptions.ASYNC);
                applied.put(i, true);
              } catch (UnknownColumnFamilyException e) {
                applied.put(i, false);
              }
            }
          }));
        }
        while (applied.size() < perWriter / 2) {
          Thread.onSpinWait();
        }
        engine.dropColumnFamily(doomed);
        for (Future<?> writer : writers) {
          writer.get(1, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(applied).hasSize(2 * perWriter).containsValue(false);
      applied.forEach((i, ok) -> assertThat(engine.get(main, bytes("k" + i)) != null).as("batch %d", i).isEqualTo(ok));
    }
  }

  @Test
  void commitOfATransactionThatWroteADroppedFamilyFailsWhole() {
    try (KeyValueStore store = StorageEngines.open(config().columnFamilies("doomed").build())) {
      ColumnFamily main = store.defaultColumnFamily();
      ColumnFamily doomed = store.columnFamily("doomed");
      try (Transaction tx = store.beginTransaction()) {
        tx.put(main, bytes("a"), bytes("1"));
        tx.put(doomed, bytes("b"), bytes("2"));
        store.dropColumnFamily(doomed);
        assertThatThrownBy(tx::commit).isInstanceOf(UnknownColumnFamilyException.class).hasMessageContaining("doomed");
      }
      assertThat(store.get(main, bytes("a"))).isNull();
    }
  }

  @Test
  void putIntoADroppedFamilyFails() {
    try (StorageEngine engine = new RocksDbEngineProvider().open(config().build())) {
      EngineColumnFamily doomed = engine.createColumnFamily("doomed");
      engine.dropColumnFamily(doomed);
      assertThatThrownBy(() -> engine.put(doomed, bytes("k"), bytes("v"), WriteOptions.ASYNC))
          .isInstanceOf(UnknownColumnFamilyException.class);
    }
  }

  @Test
  void familiesOnDiskAreOpenedEvenWhenNotConfigured() {
    try (KeyValueStore store = StorageEngines.open(config().columnFamilies("blocks").build())) {
      store.put(store.columnFamily("blocks"), bytes("k"), bytes("v"));
      store.createColumnFamily("later");
    }
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThat(store.columnFamilies()).extracting(ColumnFamily::name).containsExactly("default", "blocks", "later");
      assertThat(store.get(store.columnFamily("blocks"), bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void rangeDeleteAfterATransactionBeganConflictsWithItsWriteInTheRange() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("m"), bytes("old"));
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("m"), bytes("tx"));
        store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("z")));
        assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      }
      assertThat(store.get(cf, bytes("m"))).isNull();
    }
  }

  /** The written key lives only in an SST file, so only the newer range tombstone can reveal the conflict. */
  @Test
  void rangeDeleteOfAKeyOnlyOnDiskAfterATransactionBeganConflictsWithItsWrite() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("m"), bytes("old"));
      store.flush();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("m"), bytes("tx"));
        store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("z")));
        assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      }
      assertThat(store.get(cf, bytes("m"))).isNull();
    }
  }

  @Test
  void rangeDeleteFlushedAfterATransactionBeganConflictsWithItsWrite() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("m"), bytes("old"));
      store.flush();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("m"), bytes("tx"));
        store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("z")));
        store.flush();
        assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      }
      assertThat(store.get(cf, bytes("m"))).isNull();
    }
  }

  @Test
  void rangeDeleteOutsideATransactionsKeysDoesNotConflict() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("m"), bytes("tx"));
        store.deleteRange(cf, KeyRange.of(bytes("n"), bytes("z")));
        tx.commit();
      }
      assertThat(store.get(cf, bytes("m"))).isEqualTo(bytes("tx"));
    }
  }

  @Test
  void rangeDeleteBeforeATransactionBeganDoesNotConflict() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction longRunning = store.beginTransaction()) {
        store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("z")));
        try (Transaction tx = store.beginTransaction()) {
          tx.put(cf, bytes("m"), bytes("tx"));
          tx.commit();
        }
        longRunning.rollback();
      }
      assertThat(store.get(cf, bytes("m"))).isEqualTo(bytes("tx"));
    }
  }

  @Test
  void transactionCommitsAfterAFlushDuringIt() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("a"), bytes("1"));
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("b"), bytes("2"));
        store.put(cf, bytes("c"), bytes("3"));
        store.flush();
        tx.commit();
      }
      assertThat(store.get(cf, bytes("b"))).isEqualTo(bytes("2"));
    }
  }

  @Test
  void transactionIteratorSeesItsOwnEarlierWritesButNotLaterOnes() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("b"), bytes("base"));
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("a"), bytes("1"));
        try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
          tx.put(cf, bytes("c"), bytes("3"));
          tx.delete(cf, bytes("b"));
          tx.put(cf, bytes("a"), bytes("changed"));
          List<String> seen = new ArrayList<>();
          for (; it.isValid(); it.next()) {
            seen.add(new String(it.key(), StandardCharsets.UTF_8) + "=" + new String(it.value(), StandardCharsets.UTF_8));
          }
          assertThat(seen).containsExactly("a=1", "b=base");
        }
      }
    }
  }

  /** Writes reach the native transaction only at commit; its conflict check must see them all the same. */
  @Test
  void plainWriteAfterATransactionBeganConflictsWithTheTransactionsWriteOfThatKey() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("a"), bytes("tx"));
        tx.delete(cf, bytes("b"));
        store.put(cf, bytes("b"), bytes("plain"));
        assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      }
      assertThat(store.get(cf, bytes("a"))).isNull();
      assertThat(store.get(cf, bytes("b"))).isEqualTo(bytes("plain"));
    }
  }

  @Test
  void transactionMultiGetAnswersWrittenKeysFromItsWritesAndTheOthersFromItsSnapshot() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("stored"), bytes("s"));
      store.put(cf, bytes("deleted"), bytes("d"));
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("own"), bytes("o"));
        tx.delete(cf, bytes("deleted"));
        store.put(cf, bytes("later"), bytes("l"));
        List<byte[]> values = tx.multiGet(cf, List.of(bytes("own"), bytes("stored"), bytes("deleted"), bytes("later"),
            bytes("own")));
        assertThat(values).containsExactly(bytes("o"), bytes("s"), null, null, bytes("o"));
        assertThat(tx.multiGet(cf, List.of(bytes("own")))).containsExactly(bytes("o"));
        tx.commit();
      }
      assertThat(store.get(cf, bytes("own"))).isEqualTo(bytes("o"));
      assertThat(store.get(cf, bytes("deleted"))).isNull();
    }
  }

  @Test
  void transactionWithoutWritesCommitsAndChangesNothing() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("a"), bytes("1"));
      try (Transaction tx = store.beginTransaction()) {
        assertThat(tx.get(cf, bytes("a"))).isEqualTo(bytes("1"));
        store.put(cf, bytes("a"), bytes("2"));
        tx.commit();
      }
      assertThat(store.get(cf, bytes("a"))).isEqualTo(bytes("2"));
    }
  }

  @Test
  void writesWithoutWalAreReadableAndDurableAfterFlush() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"), WriteOptions.NO_WAL);
      assertThat(store.get(store.defaultColumnFamily(), bytes("k"))).isEqualTo(bytes("v"));
      store.flush();
    }
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThat(store.get(store.defaultColumnFamily(), bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void checkpointOpensAsAStoreWithTheSameData() {
    Path copy = dir.resolve("copies").resolve("cp1");
    try (KeyValueStore store = StorageEngines.open(config().path(dir.resolve("live")).columnFamilies("state").build())) {
      store.put(store.columnFamily("state"), bytes("k"), bytes("v"));
      store.checkpoint(copy);
      store.put(store.columnFamily("state"), bytes("k"), bytes("later"));
    }
    try (KeyValueStore restored = StorageEngines.open(config().path(copy).build())) {
      assertThat(restored.get(restored.columnFamily("state"), bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void readOnlyStoreOpensBesideAWriterAndRejectsWrites() {
    try (KeyValueStore writer = StorageEngines.open(config().build())) {
      writer.put(writer.defaultColumnFamily(), bytes("k"), bytes("v"));
      writer.flush();
      try (KeyValueStore reader = StorageEngines.open(config().readOnly(true).build())) {
        assertThat(reader.get(reader.defaultColumnFamily(), bytes("k"))).isEqualTo(bytes("v"));
        assertThatThrownBy(() -> reader.put(reader.defaultColumnFamily(), bytes("k"), bytes("w")))
            .isInstanceOf(ReadOnlyStoreException.class);
      }
    }
  }

  @Test
  void readOnlyOpenOfAMissingFamilyNamesIt() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    assertThatThrownBy(() -> StorageEngines.open(config().readOnly(true).columnFamilies("nope").build()))
        .hasMessageContaining("nope").hasMessageContaining("writable");
  }

  @Test
  void metricsCarryRocksDbsOwnDiskMemoryAndCacheFigures() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < 2000; i++) {
        store.put(cf, bytes("key" + i), new byte[100]);
      }
      store.flush();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 2000; i += 7) {
          store.get(cf, bytes("key" + i));
        }
      }
      StoreMetrics metrics = store.metrics();
      assertThat(metrics.diskUsageBytes()).isPositive();
      assertThat(metrics.memoryUsageBytes()).isPositive();
      assertThat(metrics.cacheHitRate()).isBetween(0.5, 1.0);
      assertThat(metrics.pendingCompactionBytes()).isNotNegative();
      assertThat(metrics.engineProperties()).containsKeys("rocksdb.live-sst-files-size", "rocksdb.num-snapshots",
          "rocksdb.block-cache-usage", "rocksdb.estimate-num-keys", "rocksdb.block.cache.hit");
    }
  }

  @Test
  void metricsOfAStoreWithoutBlockCacheReportNoHitRate() {
    try (KeyValueStore store = StorageEngines.open(config().cacheSizeBytes(0).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
      store.flush();
      store.get(store.defaultColumnFamily(), bytes("k"));
      StoreMetrics metrics = store.metrics();
      assertThat(metrics.cacheHitRate()).isNaN();
      assertThat(metrics.engineProperties()).doesNotContainKey("rocksdb.block-cache-usage");
      assertThat(metrics.diskUsageBytes()).isPositive();
    }
  }

  @Test
  void readOnlyOpenOfAnEmptyDirectoryFailsNamingItAndCreatesNothing() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    StorageConfig config = config().path(empty).readOnly(true).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(StorageException.class)
        .hasMessageContaining(empty.toString()).hasMessageContaining("read-only");
    try (Stream<Path> files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void readOnlyOpenOfAMissingDirectoryThroughTheEngineFailsAndCreatesNothing() {
    Path absent = dir.resolve("absent");
    StorageConfig config = config().path(absent).readOnly(true).build();
    assertThatThrownBy(() -> RocksDbEngine.open(config)).isInstanceOf(StorageException.class)
        .hasMessageContaining(absent.toString());
    assertThat(absent).doesNotExist();
  }

  @Test
  void temporaryReadOnlyStoreOpensEmpty() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").readOnly(true).build())) {
      assertThat(store.count(store.defaultColumnFamily(), KeyRange.all())).isZero();
    }
  }

  private static EngineBatch batchOf(EngineColumnFamily first, EngineColumnFamily second) {
    return batchOf(first, second, "a");
  }

  /** A put of {@code key} into {@code first}, then into {@code second}. */
  private static EngineBatch batchOf(EngineColumnFamily first, EngineColumnFamily second, String key) {
    return new EngineBatch() {
      @Override
      public int size() {
        return 2;
      }

      @Override
      public void forEach(Handler handler) {
        handler.put(first, bytes(key), bytes("1"));
        handler.put(second, bytes(key), bytes("2"));
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
