package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static io.luxtensor.storage.encryption.Stores.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation: a new data key at once, old values re-encrypted in the background, nothing lost or unreadable. */
class RotationTest {

  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir
  Path dir;

  private static String key(int writer, int i) {
    return String.format("w%d-%05d", writer, i);
  }

  /** The ids of the data keys the raw values of every user family carry. */
  private java.util.Set<Integer> rawKeyIds() {
    java.util.Set<Integer> ids = new java.util.TreeSet<>();
    try (KeyValueStore raw = StorageEngines.open(Stores.rocks(dir).build())) {
      for (ColumnFamily cf : raw.columnFamilies()) {
        if (cf.name().equals(EncryptedEngine.RESERVED_FAMILY)) {
          continue;
        }
        try (KvIterator it = raw.iterator(cf, KeyRange.all())) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            ids.add(ValueCipher.keyId(cf.name(), it.value()));
          }
        }
      }
    }
    return ids;
  }

  @Test
  void rotationUnderConcurrentWritesLosesNothingAndLeavesOnlyTheNewKey() throws Exception {
    int writers = 3;
    int keysPerWriter = 400;
    Map<String, String> expected = new java.util.concurrent.ConcurrentHashMap<>();
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).columnFamilies("second")
        .option("encryption.rotationStepEntries", "16").build())) {
      ColumnFamily second = store.columnFamily("second");
      for (int i = 0; i < 2_000; i++) {
        store.put(i % 2 == 0 ? store.defaultColumnFamily() : second, bytes("old-" + i), bytes("value-" + i));
      }
      EncryptionControl control = EncryptedStores.control(store);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean rotating = new AtomicBoolean(true);
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          start.await();
          Map<String, String> mine = new HashMap<>();
          int rounds = 0;
          // Overwrite and delete this writer's keys until the rotation is over, then one more round.
          while (rotating.get() || rounds < 2) {
            for (int i = 0; i < keysPerWriter; i++) {
              String k = key(writer, i);
              if ((i + rounds) % 7 == 0) {
                store.delete(second, bytes(k));
                mine.remove(k);
              } else {
                String v = k + "@" + rounds;
                if (i % 3 == 0) {
                  store.write(store.newBatch().put(second, bytes(k), bytes(v)));
                } else {
                  store.put(second, bytes(k), bytes(v));
                }
                mine.put(k, v);
              }
            }
            rounds++;
          }
          expected.putAll(mine);
          return rounds;
        }));
      }
      start.countDown();
      control.rotate();
      assertThat(control.status().currentKeyId()).isEqualTo(2);
      assertThat(control.awaitRotation(PATIENCE)).isTrue();
      rotating.set(false);
      for (Future<Integer> f : done) {
        assertThat(f.get()).isGreaterThanOrEqualTo(2);
      }
      pool.shutdown();
      assertThat(control.status().retiredKeyIds()).isEmpty();
      assertThat(control.status().valuesReencrypted()).isGreaterThanOrEqualTo(2_000);
      for (int i = 0; i < 2_000; i++) {
        assertThat(text(store.get(i % 2 == 0 ? store.defaultColumnFamily() : second, bytes("old-" + i))))
            .isEqualTo("value-" + i);
      }
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < keysPerWriter; i++) {
          assertThat(text(store.get(second, bytes(key(w, i))))).isEqualTo(expected.get(key(w, i)));
        }
      }
    }
    assertThat(rawKeyIds()).containsExactly(2);
    try (KeyValueStore reopened = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      assertThat(EncryptedStores.control(reopened).status().retiredKeyIds()).isEmpty();
      assertThat(text(reopened.get(reopened.defaultColumnFamily(), bytes("old-0")))).isEqualTo("value-0");
    }
  }

  @Test
  void snapshotTakenBeforeARotationStaysReadableAfterIt() throws Exception {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedMemory().build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("before"));
      try (Snapshot snapshot = store.snapshot()) {
        EncryptionControl control = EncryptedStores.control(store);
        control.rotate();
        store.put(store.defaultColumnFamily(), bytes("k2"), bytes("after"));
        assertThat(control.awaitRotation(PATIENCE)).isTrue();
        assertThat(text(snapshot.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("before");
        assertThat(text(store.get(store.defaultColumnFamily(), bytes("k2")))).isEqualTo("after");
      }
    }
  }

  @Test
  void openTransactionUnderTheOldKeyHoldsTheOldKeyUntilItCloses() throws Exception {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      EncryptionControl control = EncryptedStores.control(store);
      store.put(store.defaultColumnFamily(), bytes("plain"), bytes("p"));
      Transaction transaction = store.beginTransaction();
      transaction.put(store.defaultColumnFamily(), bytes("tx"), bytes("written under key 1"));
      control.rotate();
      // The rotation cannot drop key 1 while a transaction that writes under it is open.
      assertThat(control.awaitRotation(Duration.ofMillis(300))).isFalse();
      assertThat(control.status().retiredKeyIds()).containsExactly(1);
      transaction.commit();
      transaction.close();
      assertThat(control.awaitRotation(PATIENCE)).isTrue();
    }
    assertThat(rawKeyIds()).containsExactly(2);
    try (KeyValueStore reopened = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      assertThat(text(reopened.get(reopened.defaultColumnFamily(), bytes("tx")))).isEqualTo("written under key 1");
    }
  }

  @Test
  void rotationInterruptedByCloseResumesAtTheNextOpen() throws Exception {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1)
        .option("encryption.rotationStepEntries", "1").build())) {
      for (int i = 0; i < 3_000; i++) {
        store.put(store.defaultColumnFamily(), bytes("k" + i), bytes("v" + i));
      }
      EncryptedStores.rotate(store);
    }
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      EncryptionControl control = EncryptedStores.control(store);
      assertThat(control.status().currentKeyId()).isEqualTo(2);
      assertThat(control.awaitRotation(PATIENCE)).isTrue();
      for (int i = 0; i < 3_000; i++) {
        assertThat(text(store.get(store.defaultColumnFamily(), bytes("k" + i)))).isEqualTo("v" + i);
      }
    }
    assertThat(rawKeyIds()).containsExactly(2);
  }

  @Test
  void rotationIsRefusedOnReadOnlyAndClosedStores() throws Exception {
    StorageEngines.open(Stores.encryptedRocks(dir, 1).build()).close();
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).readOnly(true).build())) {
      assertThatThrownBy(() -> EncryptedStores.rotate(store)).isInstanceOf(ReadOnlyStoreException.class);
      assertThatThrownBy(() -> EncryptedStores.rewrap(store, KeySource.keyFile(TestKeys.keyFile(2))))
          .isInstanceOf(ReadOnlyStoreException.class);
    }
    KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build());
    EncryptionControl control = EncryptedStores.control(store);
    store.close();
    assertThatThrownBy(control::rotate).isInstanceOf(StoreClosedException.class);
    assertThat(control.awaitRotation(Duration.ZERO)).isTrue();
  }

  @Test
  void storeWithoutTheEncryptionLayerHasNoControl() {
    try (KeyValueStore store = StorageEngines.open(Stores.rocks(dir).build())) {
      assertThatThrownBy(() -> EncryptedStores.control(store)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not encrypted");
    }
  }
}
