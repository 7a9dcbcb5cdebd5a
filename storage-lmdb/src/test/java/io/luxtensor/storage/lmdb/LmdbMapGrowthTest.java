package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growth of the map while other threads read: every remap must wait for running native calls, and
 * snapshots and iterators opened before it must keep reading their own data after it.
 */
class LmdbMapGrowthTest {

  private static final int BATCHES = 40;
  private static final int PER_BATCH = 250;

  @TempDir
  Path dir;

  private static byte[] key(int batch, int i) {
    return ByteBuffer.allocate(8).putInt(batch).putInt(i).array();
  }

  private static byte[] value(int batch) {
    byte[] value = new byte[400];
    ByteBuffer.wrap(value).putInt(batch);
    return value;
  }

  @Test
  void readersOnSnapshotsAndIteratorsStayConsistentWhileWritersGrowTheMap() throws Exception {
    StorageConfig config = StorageConfig.builder().engine("lmdb").path(dir).mapSizeBytes(1 << 20).build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      long initialMap = store.metrics().engineProperties().get("lmdb.map_size");
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?> writer = pool.submit(() -> {
          for (int b = 0; b < BATCHES; b++) {
            WriteBatch batch = store.newBatch();
            for (int i = 0; i < PER_BATCH; i++) {
              batch.put(cf, key(b, i), value(b));
            }
            store.write(batch);
          }
          writing.set(false);
          return null;
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          boolean slowIterator = r == 0;
          readers.add(pool.submit(() -> {
            int checks = 0;
            do {
              if (slowIterator) {
                checkSlowIterator(store, cf);
              } else {
                checkSnapshot(store, cf);
              }
              checks++;
            } while (writing.get());
            return checks;
          }));
        }
        writer.get(2, TimeUnit.MINUTES);
        for (Future<Integer> reader : readers) {
          assertThat(reader.get(2, TimeUnit.MINUTES)).isPositive();
        }
      } finally {
        writing.set(false);
        pool.shutdownNow();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      }
      assertThat(store.count(cf, KeyRange.all())).isEqualTo((long) BATCHES * PER_BATCH);
      assertThat(store.metrics().engineProperties().get("lmdb.map_size")).isGreaterThan(initialMap * 2);
    }
  }

  /** Every batch a snapshot sees is whole, in count and in content. */
  private static void checkSnapshot(KeyValueStore store, ColumnFamily cf) {
    try (Snapshot snapshot = store.snapshot()) {
      long total = snapshot.count(cf, KeyRange.all());
      assertThat(total % PER_BATCH).as("entries seen by a snapshot come in whole batches").isZero();
      int batches = (int) (total / PER_BATCH);
      for (int b = 0; b < batches; b++) {
        assertThat(ByteBuffer.wrap(snapshot.get(cf, key(b, PER_BATCH - 1))).getInt()).isEqualTo(b);
      }
    }
  }

  /** An iterator that yields between steps, so remaps happen while it is positioned. */
  private static void checkSlowIterator(KeyValueStore store, ColumnFamily cf) {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      long seen = 0;
      for (; it.isValid(); it.next()) {
        int batch = ByteBuffer.wrap(it.key()).getInt();
        assertThat(ByteBuffer.wrap(it.value()).getInt()).isEqualTo(batch);
        if (++seen % 50 == 0) {
          Thread.yield();
        }
      }
      assertThat(seen % PER_BATCH).isZero();
    }
  }
}
