package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
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
    EngineCursor cursor = engine.cursor(cf, Bounds.all());
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
    EngineCursor cursor = engine.cursor(extra, Bounds.all());
    engine.dropColumnFamily(extra);
    cursor.seekToFirst();
    assertThat(cursor.key()).isEqualTo(b("x"));

    cursor.close();

    assertThat(((MapDbColumnFamily) extra).tree).isEmpty();
  }

  @Test
  void droppedFamilyIsClearedOneBoundedStepPerCommitAndWhollyByFlush() {
    EngineColumnFamily extra = engine.createColumnFamily("extra");
    fill(extra, 3 * VersionCollector.BUDGET + 10);
    long commitsBefore = engine.commits();

    engine.dropColumnFamily(extra);

    assertThat(((MapDbColumnFamily) extra).tree).as("one step, riding on the next commit")
        .hasSize(2 * VersionCollector.BUDGET + 10);
    engine.flush();
    assertThat(((MapDbColumnFamily) extra).tree).isEmpty();
    assertThat(engine.commits() - commitsBefore).as("the drop, then one commit per step, the first step riding on the first").isEqualTo(1 + 3);
    assertThat(engine.pendingGarbage()).isZero();
  }

  @Test
  void compactCommitsOnceEveryChunkOfKeys() {
    fill(cf, 2 * MapDbEngine.COMPACT_CHUNK + 1);
    long commitsBefore = engine.commits();

    engine.compact(cf, Bounds.all());

    assertThat(engine.commits() - commitsBefore).isEqualTo(3);
  }

  private void fill(EngineColumnFamily family, int keys) {
    engine.write(new io.luxtensor.storage.spi.EngineBatch() {
      @Override
      public int size() {
        return keys;
      }

      @Override
      public void forEach(Handler handler) {
        for (int i = 0; i < keys; i++) {
          handler.put(family, b(String.format("key-%06d", i)), b("v"));
        }
      }
    }, WriteOptions.ASYNC);
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
    EngineCursor cursor = engine.cursor(cf, Bounds.all());
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
  void snapshotOfALargeStoreCopiesNothingAndKeepsOnlyTheVersionsItsWritersDisplace() {
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
    long versionsBefore = totalVersions();

    EngineSnapshot snapshot = engine.snapshot();
    // The work a snapshot does is one reader registration: no entry of the store is copied or touched.
    assertThat(engine.stats().properties()).containsEntry("mapdb.open_readers", 1L);
    assertThat(totalVersions()).isEqualTo(versionsBefore);
    engine.put(cf, b("key-00000007"), b("new"), WriteOptions.ASYNC);

    assertThat(totalVersions()).as("one extra version, for the one key written after the snapshot").isEqualTo(100_001);
    assertThat(snapshot.get(cf, b("key-00000007"))).isEqualTo(new byte[100]);
    snapshot.close();
  }

  private long totalVersions() {
    long total = 0;
    for (byte[] chain : ((MapDbColumnFamily) cf).tree.values()) {
      total += VersionChain.versionCount(chain);
    }
    return total;
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
