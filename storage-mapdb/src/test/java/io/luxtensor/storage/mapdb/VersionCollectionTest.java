package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine below the decorator: old versions exist exactly as long as a reader needs them. */
class VersionCollectionTest {

  private MapDbEngine engine;
  private EngineColumnFamily cf;

  @BeforeEach
  void open() {
    // A temporary store: the same MapDB transactional store and version layer, without an fsync per commit.
    engine = MapDbEngine.open(StorageConfig.builder().engine("mapdb").build());
    cf = engine.columnFamilies().get(0);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private int versions(String key) {
    byte[] chain = ((MapDbColumnFamily) cf).tree.get(b(key));
    return chain == null ? 0 : VersionChain.versionCount(chain);
  }

  @Test
  void overwritesKeepOneVersionWhenNoReaderIsOpen() {
    for (int i = 0; i < 20; i++) {
      engine.put(cf, b("k"), b("v" + i), WriteOptions.ASYNC);
    }
    engine.flush();
    assertThat(versions("k")).isEqualTo(1);
    assertThat(engine.pendingGarbage()).isZero();
  }

  @Test
  void oldVersionsLiveWhileASnapshotNeedsThemAndGoWhenItCloses() {
    engine.put(cf, b("k"), b("before"), WriteOptions.ASYNC);
    EngineSnapshot snapshot = engine.snapshot();
    for (int i = 0; i < 10; i++) {
      engine.put(cf, b("k"), b("after" + i), WriteOptions.ASYNC);
    }
    assertThat(snapshot.get(cf, b("k"))).isEqualTo(b("before"));
    assertThat(versions("k")).as("the snapshot's version and the newest").isEqualTo(2);

    snapshot.close();

    assertThat(versions("k")).isEqualTo(1);
    assertThat(engine.get(cf, b("k"))).isEqualTo(b("after9"));
    assertThat(engine.pendingGarbage()).isZero();
  }

  @Test
  void deletedKeysLeaveTheTreeOnceTheLastCursorThatSawThemCloses() {
    for (int i = 0; i < 10; i++) {
      engine.put(cf, b("k" + i), b("v"), WriteOptions.ASYNC);
    }
    EngineCursor cursor = engine.cursor(cf, KeyRange.all());
    engine.write(batchDeletingRange(), WriteOptions.ASYNC);
    assertThat(((MapDbColumnFamily) cf).tree).hasSize(10);
    List<String> seen = new ArrayList<>();
    for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
      seen.add(new String(cursor.key(), StandardCharsets.UTF_8));
    }
    assertThat(seen).hasSize(10);

    cursor.close();

    assertThat(((MapDbColumnFamily) cf).tree).isEmpty();
  }

  @Test
  void droppedFamilyTreeIsClearedOnlyAfterItsOpenCursorCloses() {
    EngineColumnFamily extra = engine.createColumnFamily("extra");
    engine.put(extra, b("x"), b("y"), WriteOptions.ASYNC);
    EngineCursor cursor = engine.cursor(extra, KeyRange.all());
    engine.dropColumnFamily(extra);
    cursor.seekToFirst();
    assertThat(cursor.key()).isEqualTo(b("x"));

    cursor.close();

    assertThat(((MapDbColumnFamily) extra).tree).isEmpty();
  }

  @Test
  void cursorWalksCorrectlyWhenKeysUnderItAreCollectedAndTheirSpaceReused() {
    for (int i = 0; i < 64; i++) {
      engine.put(cf, b(String.format("k%02d", i)), b("v" + i), WriteOptions.ASYNC);
    }
    EngineSnapshot older = engine.snapshot();
    for (int i = 0; i < 64; i += 2) {
      engine.delete(cf, b(String.format("k%02d", i)), WriteOptions.ASYNC);
    }
    EngineCursor cursor = engine.cursor(cf, KeyRange.all());
    cursor.seekToFirst();
    // Closing the older snapshot lets the collector remove the deleted keys, some of them in the
    // tree node the cursor is on; new writes then reuse the space they held.
    older.close();
    for (int i = 0; i < 64; i++) {
      engine.put(cf, b(String.format("z%02d", i)), b("reused" + i), WriteOptions.ASYNC);
    }
    List<String> seen = new ArrayList<>();
    for (; cursor.isValid(); cursor.next()) {
      seen.add(new String(cursor.key(), StandardCharsets.UTF_8) + "=" + new String(cursor.value(), StandardCharsets.UTF_8));
    }
    cursor.close();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i < 64; i += 2) {
      expected.add(String.format("k%02d", i) + "=v" + i);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void snapshotCostDoesNotGrowWithTheStoreSize() {
    double small = nanosPerSnapshot();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      keys.add(b(String.format("key-%08d", i)));
    }
    engine.write(new io.luxtensor.storage.spi.EngineBatch() {
      @Override
      public int size() {
        return keys.size();
      }

      @Override
      public void forEach(Handler handler) {
        keys.forEach(k -> handler.put(cf, k, new byte[100]));
      }
    }, WriteOptions.ASYNC);
    double large = nanosPerSnapshot();
    // A copy or a scan would cost ~10^5 times more at 100,000 keys; a factor of 10 absorbs timer noise.
    assertThat(large).isLessThan(Math.max(small, 1_000) * 10);
  }

  /** The best of several rounds of taking and closing 2,000 snapshots. */
  private double nanosPerSnapshot() {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 2_000; i++) {
        engine.snapshot().close();
      }
      best = Math.min(best, (System.nanoTime() - start) / 2_000.0);
    }
    return best;
  }

  private io.luxtensor.storage.spi.EngineBatch batchDeletingRange() {
    return new io.luxtensor.storage.spi.EngineBatch() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void forEach(Handler handler) {
        handler.deleteRange(cf, b("k"), b("l"));
      }
    };
  }
}
