package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Iterators over ranges of several pages (a page of 4 entries here), where the cursor's page holds only
 * part of the range: seeks that land outside the page, turning around at page edges, and a seek that
 * finds nothing followed by a seek from the other end.
 */
class PageCursorTest {

  private static KeyValueStore store() {
    return StorageEngines.open(StorageConfig.builder().engine("postgres").option("postgres.url", SharedServer.url())
        .option("postgres.user", PostgresServer.SUPERUSER).option("postgres.fetch_size", "4").build());
  }

  private static byte[] key(int i) {
    return String.format("k%03d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Integer> forward(KvIterator it, int limit) {
    List<Integer> seen = new ArrayList<>();
    for (; it.isValid() && seen.size() < limit; it.next()) {
      seen.add(Integer.parseInt(new String(it.key(), StandardCharsets.UTF_8).substring(1)));
    }
    return seen;
  }

  @Test
  void multiPageRangeReadsEveryKeyBothWaysAndSeeksAcrossPages() {
    try (KeyValueStore store = store()) {
      ColumnFamily cf = store.defaultColumnFamily();
      WriteBatch batch = store.newBatch();
      for (int i = 10; i < 40; i += 2) {
        batch.put(cf, key(i), key(i));
      }
      store.write(batch);
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        assertThat(forward(it, 100)).hasSize(15).startsWith(10, 12, 14, 16, 18).endsWith(38);
        it.seekToLast();
        List<Integer> backward = new ArrayList<>();
        for (; it.isValid(); it.prev()) {
          backward.add(Integer.parseInt(new String(it.key(), StandardCharsets.UTF_8).substring(1)));
        }
        assertThat(backward).hasSize(15).startsWith(38, 36).endsWith(12, 10);
        it.seek(key(25));
        assertThat(forward(it, 3)).containsExactly(26, 28, 30);
        it.seek(key(11));
        it.next();
        it.prev();
        it.prev();
        assertThat(forward(it, 2)).containsExactly(10, 12);
      }
    }
  }

  @Test
  void seekThatFindsNothingBelowThenSeekToFirstFindsTheRange() {
    try (KeyValueStore store = store()) {
      ColumnFamily cf = store.defaultColumnFamily();
      WriteBatch batch = store.newBatch();
      for (int i = 10; i < 30; i++) {
        batch.put(cf, key(i), key(i));
      }
      store.write(batch);
      try (KvIterator it = store.iterator(cf, KeyRange.all(), io.luxtensor.storage.Direction.REVERSE)) {
        it.seek(key(5)); // reverse: the last key <= k005, and there is none
        assertThat(it.isValid()).isFalse();
        it.seekToFirst(); // the smallest key, whatever the direction
        assertThat(new String(it.key(), StandardCharsets.UTF_8)).isEqualTo("k010");
      }
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        it.seek(key(50));
        assertThat(it.isValid()).isFalse();
        it.seekToLast();
        assertThat(new String(it.key(), StandardCharsets.UTF_8)).isEqualTo("k029");
      }
    }
  }
}
