package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A count is one query whatever the range's size: on the store, in a snapshot (its view), and in a
 * transaction (its snapshot with its own uncommitted writes and deletes). Pages of 4 entries here, so
 * a count that walked the range would send hundreds of page queries; the engine's
 * {@code postgres.read_queries} counts what is sent.
 */
class PostgresCountTest {

  private static final int KEYS = 1000;

  private KeyValueStore store;
  private ColumnFamily cf;

  @BeforeEach
  void open() {
    store = StorageEngines.open(StorageConfig.builder().engine("postgres").option("postgres.url", SharedServer.url())
        .option("postgres.user", PostgresServer.SUPERUSER).option("postgres.fetch_size", "4").build());
    cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < KEYS; i++) {
      batch.put(cf, key(i), key(i));
    }
    store.write(batch);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] key(int i) {
    return String.format("k%04d", i).getBytes(StandardCharsets.UTF_8);
  }

  private long queries() {
    return store.metrics().engineProperties().get("postgres.read_queries");
  }

  /** The result of {@code count}, asserting that it sent exactly one query. */
  private long inOneQuery(LongSupplier count) {
    long before = queries();
    long result = count.getAsLong();
    assertThat(queries() - before).as("queries sent by the count").isEqualTo(1);
    return result;
  }

  @Test
  void countOnTheStoreIsOneQueryForAnyBounds() {
    assertThat(inOneQuery(() -> store.count(cf, KeyRange.all()))).isEqualTo(KEYS);
    assertThat(inOneQuery(() -> store.count(cf, KeyRange.of(key(100), key(350))))).isEqualTo(250);
    assertThat(inOneQuery(() -> store.count(cf, KeyRange.atLeast(key(900))))).isEqualTo(100);
    assertThat(inOneQuery(() -> store.count(cf, KeyRange.below(key(10))))).isEqualTo(10);
    assertThat(inOneQuery(() -> store.count(cf, KeyRange.prefix(key(12).clone())))).isEqualTo(1);
  }

  @Test
  void countInASnapshotIsOneQueryOnTheSnapshotsView() {
    try (Snapshot snapshot = store.snapshot()) {
      store.delete(cf, key(0));
      store.put(cf, key(KEYS), key(KEYS));
      assertThat(inOneQuery(() -> snapshot.count(cf, KeyRange.all()))).isEqualTo(KEYS);
      assertThat(inOneQuery(() -> snapshot.count(cf, KeyRange.below(key(500))))).isEqualTo(500);
    }
    assertThat(store.count(cf, KeyRange.all())).isEqualTo(KEYS);
  }

  @Test
  void countInATransactionIsOneQueryThatAddsItsOwnWritesAndDeletes() {
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, key(5), key(5)); // overwrites a key: no change
      tx.put(cf, bytes("k0005a"), key(5)); // a new key: one more
      tx.delete(cf, key(6)); // deletes a key: one fewer
      tx.delete(cf, bytes("k0006a")); // deletes an absent key: no change
      tx.put(cf, bytes("k0007a"), key(7));
      tx.delete(cf, bytes("k0007a")); // a new key deleted again: no change
      tx.delete(cf, key(8));
      tx.put(cf, key(8), key(8)); // deleted and written again: no change
      tx.put(cf, key(KEYS), key(KEYS)); // a new key outside the ranges below but in all()
      store.delete(cf, key(9)); // committed after the transaction began: not seen
      assertThat(inOneQuery(() -> tx.count(cf, KeyRange.below(key(100))))).isEqualTo(100);
      assertThat(inOneQuery(() -> tx.count(cf, KeyRange.of(key(6), key(7))))).isZero();
      assertThat(inOneQuery(() -> tx.count(cf, KeyRange.all()))).isEqualTo(KEYS + 1);
      assertThat(inOneQuery(() -> tx.count(cf, KeyRange.atLeast(key(200))))).isEqualTo(KEYS - 200 + 1);
      tx.rollback();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
