package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.StoreMetrics;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every native object is released: counts and native properties return to their baseline. */
class RocksDbResourceTest {

  private static final int ROUNDS = 100_000;

  @TempDir
  Path dir;

  @Test
  void hundredThousandIteratorsAndSnapshotsLeaveNothingOpen() {
    try (KeyValueStore store = openWithFlushedData()) {
      ColumnFamily cf = store.defaultColumnFamily();
      openAndCloseIteratorsAndSnapshots(store, cf, 1_000); // warm the cache so the baseline is stable
      StoreMetrics before = store.metrics();

      openAndCloseIteratorsAndSnapshots(store, cf, ROUNDS);

      StoreMetrics after = store.metrics();
      assertThat(after.iteratorsOpened() - before.iteratorsOpened()).isEqualTo(2L * ROUNDS);
      assertThat(after.openIterators()).isZero();
      assertThat(after.openSnapshots()).isZero();
      assertThat(after.engineProperties().get("rocksdb.num-snapshots")).isZero();
      assertThat(after.engineProperties().get("rocksdb.block-cache-pinned-usage"))
          .isEqualTo(before.engineProperties().get("rocksdb.block-cache-pinned-usage"));
      assertThat(after.engineProperties().get("rocksdb.num-live-versions"))
          .isEqualTo(before.engineProperties().get("rocksdb.num-live-versions"));
    }
  }

  @Test
  void transactionsWithIteratorsLeaveNothingOpen() {
    try (KeyValueStore store = openWithFlushedData()) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < 20_000; i++) {
        try (Transaction tx = store.beginTransaction()) {
          tx.put(cf, bytes("tx"), bytes("v"));
          try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
            assertThat(it.isValid()).isTrue();
          }
          if (i % 2 == 0) {
            tx.commit();
          }
        }
      }
      StoreMetrics metrics = store.metrics();
      assertThat(metrics.openTransactions()).isZero();
      assertThat(metrics.openIterators()).isZero();
      assertThat(metrics.engineProperties().get("rocksdb.num-snapshots")).isZero();
    }
  }

  @Test
  void openIteratorsAndSnapshotsShowInTheNativeProperties() {
    try (KeyValueStore store = openWithFlushedData()) {
      ColumnFamily cf = store.defaultColumnFamily();
      long pinnedBefore = store.metrics().engineProperties().get("rocksdb.block-cache-pinned-usage");
      List<AutoCloseable> open = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        open.add(store.snapshot());
        KvIterator it = store.iterator(cf, KeyRange.all());
        open.add(it);
      }
      StoreMetrics during = store.metrics();
      assertThat(during.openSnapshots()).isEqualTo(100);
      assertThat(during.openIterators()).isEqualTo(100);
      assertThat(during.engineProperties().get("rocksdb.num-snapshots")).isEqualTo(100);
      assertThat(during.engineProperties().get("rocksdb.block-cache-pinned-usage")).isGreaterThan(pinnedBefore);
    }
  }

  @Test
  void closingTheStoreWithOpenIteratorsSnapshotsAndTransactionsIsSafe() {
    KeyValueStore store = openWithFlushedData();
    ColumnFamily cf = store.defaultColumnFamily();
    KvIterator iterator = store.iterator(cf, KeyRange.all());
    Snapshot snapshot = store.snapshot();
    KvIterator snapshotIterator = snapshot.iterator(cf, KeyRange.all());
    Transaction transaction = store.beginTransaction();
    transaction.put(cf, bytes("pending"), bytes("x"));
    KvIterator transactionIterator = transaction.iterator(cf, KeyRange.all());

    store.close();

    StoreMetrics metrics = store.metrics();
    assertThat(metrics.openIterators()).isZero();
    assertThat(metrics.openSnapshots()).isZero();
    assertThat(metrics.openTransactions()).isZero();
    assertThatThrownBy(iterator::next).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> snapshot.get(cf, bytes("k"))).isInstanceOf(StoreClosedException.class);
    iterator.close();
    snapshotIterator.close();
    transactionIterator.close();
    snapshot.close();
    transaction.close();
    try (KeyValueStore reopened = StorageEngines.open(store.config())) {
      assertThat(reopened.get(reopened.defaultColumnFamily(), bytes("pending"))).isNull();
      assertThat(reopened.count(reopened.defaultColumnFamily(), KeyRange.all())).isEqualTo(1000);
    }
  }

  @Test
  void temporaryStoreDirectoryIsDeletedOnClose() throws IOException {
    Set<Path> before = temporaryStoreDirectories();
    Set<Path> created;
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").cacheSizeBytes(1 << 20).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
      store.flush();
      created = new HashSet<>(temporaryStoreDirectories());
      created.removeAll(before);
      assertThat(created).hasSize(1);
    }
    assertThat(created).allSatisfy(directory -> assertThat(Files.exists(directory)).isFalse());
  }

  private static Set<Path> temporaryStoreDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(p -> p.getFileName().toString().startsWith("luxtensor-rocksdb-")).collect(Collectors.toSet());
    }
  }

  private KeyValueStore openWithFlushedData() {
    KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(8 << 20).build());
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < 1000; i++) {
      batch.put(store.defaultColumnFamily(), bytes(String.format("k%05d", i)), new byte[100]);
    }
    store.write(batch);
    store.flush();
    return store;
  }

  private static void openAndCloseIteratorsAndSnapshots(KeyValueStore store, ColumnFamily cf, int rounds) {
    byte[] probe = bytes("k00500");
    for (int i = 0; i < rounds; i++) {
      try (KvIterator it = store.iterator(cf, KeyRange.atLeast(probe))) {
        assertThat(it.isValid()).isTrue();
      }
      try (Snapshot snapshot = store.snapshot(); KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
        assertThat(it.isValid()).isTrue();
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
