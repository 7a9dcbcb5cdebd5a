package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.InvalidKeyException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.ReadAhead;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbEngineTest {

  @TempDir
  Path dir;

  private StorageConfig.Builder config(Path path) {
    return StorageConfig.builder().engine("lmdb").path(path).mapSizeBytes(1 << 20);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putLong(i).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static long mapSize(KeyValueStore store) {
    return store.metrics().engineProperties().get("lmdb.map_size");
  }

  @Test
  void providerIsFoundByNameWithItsCapabilities() {
    assertThat(StorageEngines.available()).anySatisfy(info -> {
      assertThat(info.name()).isEqualTo("lmdb");
      assertThat(info.priority()).isEqualTo(300);
      assertThat(info.maxKeySize()).isEqualTo(511);
      assertThat(info.capabilities()).containsExactlyInAnyOrder(
          Capability.TRANSACTIONS, Capability.SERIALIZABLE_TRANSACTIONS, Capability.CHECKPOINTS,
          Capability.PERSISTENT, Capability.MULTI_PROCESS);
      assertThat(info.version()).startsWith("lmdbjava ");
    });
  }

  @Test
  void fullMapGrowsAndTheWriteIsRetried() {
    byte[] value = new byte[1000];
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      long initial = mapSize(store);
      for (int batch = 0; batch < 8; batch++) {
        WriteBatch b = store.newBatch();
        for (int i = 0; i < 1000; i++) {
          b.put(cf, key(batch * 1000 + i), value);
        }
        store.write(b);
      }
      assertThat(mapSize(store)).isGreaterThanOrEqualTo(initial * 8);
      assertThat(store.count(cf, KeyRange.all())).isEqualTo(8000);
      var metrics = store.metrics();
      assertThat(metrics.engineProperties()).containsEntry("lmdb.entries", 8000L);
      assertThat(metrics.engineProperties().get("lmdb.map_used_bytes")).isBetween(8_000_000L, mapSize(store));
      assertThat(metrics.diskUsageBytes()).isGreaterThanOrEqualTo(8_000_000L);
    }
  }

  @Test
  void fullMapWithGrowthDisabledThrowsStorageFullAndLosesNothingCommitted() {
    StorageConfig cfg = config(dir).option("lmdb.grow", "false").build();
    byte[] value = new byte[1000];
    try (KeyValueStore store = StorageEngines.open(cfg)) {
      ColumnFamily cf = store.defaultColumnFamily();
      int committed = 0;
      StorageFullException full = null;
      while (full == null) {
        WriteBatch b = store.newBatch();
        for (int i = 0; i < 100; i++) {
          b.put(cf, key(committed + i), value);
        }
        try {
          store.write(b);
          committed += 100;
        } catch (StorageFullException e) {
          full = e;
        }
      }
      assertThat(full).hasMessageContaining("map is full").hasCauseInstanceOf(org.lmdbjava.Env.MapFullException.class);
      assertThat(committed).isPositive();
      assertThat(store.count(cf, KeyRange.all())).isEqualTo(committed);
      assertThat(store.get(cf, key(committed))).isNull();
      store.delete(cf, key(0));
      assertThat(store.get(cf, key(0))).isNull();
    }
    try (KeyValueStore reopened = StorageEngines.open(cfg)) {
      assertThat(reopened.get(reopened.defaultColumnFamily(), key(1))).isEqualTo(value);
    }
  }

  @Test
  void valuesOfEverySizeRoundTripIncludingOnesLargerThanTheWriterBuffer() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      int[] sizes = {0, 1, 4096, 4097, 100_000, (1 << 20) + 1, 3 << 20};
      for (int size : sizes) {
        byte[] value = new byte[size];
        new Random(size).nextBytes(value);
        store.put(cf, key(size), value);
        assertThat(store.get(cf, key(size))).isEqualTo(value);
      }
      assertThat(store.get(cf, key(4096))).hasSize(4096);
    }
  }

  @Test
  void keysUpTo511BytesAreStoredAndLongerOnesRejected() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      byte[] longest = new byte[511];
      Arrays.fill(longest, (byte) 0xFF);
      store.put(cf, longest, bytes("v"));
      assertThat(store.get(cf, longest)).isEqualTo(bytes("v"));
      assertThatThrownBy(() -> store.put(cf, new byte[512], bytes("v")))
          .isInstanceOf(InvalidKeyException.class);
    }
  }

  @Test
  void checkpointOpensAsAStoreWithTheSameData() {
    Path copy = dir.resolve("copy");
    try (KeyValueStore store = StorageEngines.open(config(dir.resolve("main")).columnFamilies("blocks").build())) {
      store.put(store.columnFamily("blocks"), bytes("b1"), bytes("block one"));
      store.checkpoint(copy);
      store.put(store.columnFamily("blocks"), bytes("b2"), bytes("after checkpoint"));
    }
    try (KeyValueStore restored = StorageEngines.open(config(copy).build())) {
      ColumnFamily blocks = restored.columnFamily("blocks");
      assertThat(restored.get(blocks, bytes("b1"))).isEqualTo(bytes("block one"));
      assertThat(restored.get(blocks, bytes("b2"))).isNull();
    }
  }

  @Test
  void oneThreadHoldsManySnapshotsEachSeeingItsOwnVersion() {
    int count = 300;
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      List<Snapshot> snapshots = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        store.put(cf, bytes("k"), key(i));
        snapshots.add(store.snapshot());
      }
      for (int i = 0; i < count; i++) {
        assertThat(snapshots.get(i).get(cf, bytes("k"))).isEqualTo(key(i));
      }
      snapshots.forEach(Snapshot::close);
      assertThat(store.metrics().openSnapshots()).isZero();
    }
  }

  @Test
  void closedSnapshotsAndIteratorsGiveBackTheirReaderSlots() {
    StorageConfig cfg = config(dir).option("lmdb.max_readers", "8").build();
    try (KeyValueStore store = StorageEngines.open(cfg)) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("k"), bytes("v"));
      for (int i = 0; i < 500; i++) {
        try (Snapshot snapshot = store.snapshot();
            KvIterator fromSnapshot = snapshot.iterator(cf, KeyRange.all());
            KvIterator live = store.iterator(cf, KeyRange.all())) {
          assertThat(fromSnapshot.value()).isEqualTo(live.value());
        }
      }
      List<Snapshot> held = new ArrayList<>();
      assertThatThrownBy(() -> {
        for (int i = 0; i < 9; i++) {
          held.add(store.snapshot());
        }
      }).isInstanceOf(StorageException.class).hasMessageContaining("lmdb.max_readers");
      held.forEach(Snapshot::close);
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void snapshotIsReadableFromAnotherThread() throws Exception {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("k"), bytes("old"));
      try (Snapshot snapshot = store.snapshot()) {
        store.put(cf, bytes("k"), bytes("new"));
        byte[] seen = CompletableFuture.supplyAsync(() -> snapshot.get(cf, bytes("k"))).get();
        assertThat(seen).isEqualTo(bytes("old"));
      }
    }
  }

  @Test
  void reopenRestoresEveryColumnFamilyIncludingOnesCreatedAtRunTime() {
    try (KeyValueStore store = StorageEngines.open(config(dir).columnFamilies("configured").build())) {
      ColumnFamily runtime = store.createColumnFamily("runtime");
      store.put(runtime, bytes("k"), bytes("v"));
      ColumnFamily gone = store.createColumnFamily("gone");
      store.put(gone, bytes("k"), bytes("v"));
      store.dropColumnFamily(gone);
    }
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      assertThat(store.columnFamilies()).extracting(ColumnFamily::name)
          .containsExactly("default", "configured", "runtime");
      assertThat(store.get(store.columnFamily("runtime"), bytes("k"))).isEqualTo(bytes("v"));
    }
  }

  @Test
  void writesThroughADroppedFamilyFailAndApplyNothing() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      ColumnFamily doomed = store.createColumnFamily("doomed");
      WriteBatch batch = store.newBatch().put(cf, bytes("a"), bytes("1")).put(doomed, bytes("b"), bytes("2"));
      store.dropColumnFamily(doomed);
      assertThatThrownBy(() -> store.write(batch)).isInstanceOf(UnknownColumnFamilyException.class);
      assertThat(store.get(cf, bytes("a"))).isNull();
      ColumnFamily again = store.createColumnFamily("doomed");
      assertThat(store.count(again, KeyRange.all())).isZero();
    }
  }

  @Test
  void iteratorOverAFamilyDroppedUnderItFailsWithUnknownColumnFamily() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily doomed = store.createColumnFamily("doomed");
      store.put(doomed, bytes("a"), bytes("1"));
      store.put(doomed, bytes("b"), bytes("2"));
      try (KvIterator it = store.iterator(doomed, KeyRange.all())) {
        assertThat(it.key()).isEqualTo(bytes("a"));
        store.dropColumnFamily(doomed);
        assertThatThrownBy(it::next).isInstanceOf(UnknownColumnFamilyException.class).hasMessageContaining("doomed");
      }
    }
  }

  @Test
  void snapshotReadsAFamilyCreatedAfterItAsEmpty() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      try (Snapshot snapshot = store.snapshot()) {
        ColumnFamily later = store.createColumnFamily("later");
        store.put(later, bytes("k"), bytes("v"));
        assertThat(snapshot.get(later, bytes("k"))).isNull();
        assertThat(snapshot.count(later, KeyRange.all())).isZero();
      }
    }
  }

  @Test
  void iteratorKeepsItsPositionAndViewWhileTheMapGrows() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < 100; i++) {
        store.put(cf, key(i * 2), key(i));
      }
      long initial = mapSize(store);
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        for (int i = 0; i < 50; i++) {
          it.next();
        }
        WriteBatch big = store.newBatch();
        for (int i = 0; i < 5000; i++) {
          big.put(cf, key(i * 2 + 1), new byte[1000]);
        }
        store.write(big);
        assertThat(mapSize(store)).isGreaterThan(initial);
        List<byte[]> rest = new ArrayList<>();
        while (it.isValid()) {
          assertThat(it.value()).hasSize(8);
          rest.add(it.key());
          it.next();
        }
        assertThat(rest).hasSize(50).first().isEqualTo(key(100));
      }
    }
  }

  @Test
  void iteratorReadingAheadKeepsItsPositionAndViewWhileTheMapGrows() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < 200; i++) {
        store.put(cf, key(i * 2), key(i));
      }
      long initial = mapSize(store);
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        for (int i = 0; i < 70; i++) { // keys and values read: the walk reads ahead, mid-batch now
          assertThat(it.key()).isEqualTo(key(i * 2));
          assertThat(it.value()).isEqualTo(key(i));
          it.next();
        }
        WriteBatch big = store.newBatch();
        for (int i = 0; i < 5000; i++) {
          big.put(cf, key(i * 2 + 1), new byte[1000]);
        }
        store.write(big);
        assertThat(mapSize(store)).isGreaterThan(initial);
        for (int i = 70; i < 200; i++) {
          assertThat(it.key()).isEqualTo(key(i * 2));
          assertThat(it.value()).isEqualTo(key(i));
          it.next();
        }
        assertThat(it.isValid()).isFalse();
      }
    }
  }

  @Test
  void engineReadAheadStopsOnTheFirstKeyPastItsBoundAndStepsOnFromThere() {
    try (StorageEngine engine = new LmdbEngineProvider().open(config(dir).build())) {
      EngineColumnFamily cf = engine.columnFamilies().get(0);
      for (int i = 0; i < 100; i++) {
        engine.put(cf, key(i), key(i * 3), WriteOptions.ASYNC);
      }
      try (EngineCursor cursor = engine.cursor(cf, Bounds.all())) {
        cursor.seek(key(10));
        ReadAhead batch = new ReadAhead(true, key(20), 64);
        batch.reset(64, true);
        cursor.readAhead(batch);
        assertThat(batch.size()).isEqualTo(9);
        for (int i = 0; i < 9; i++) {
          assertThat(batch.key(i)).isEqualTo(key(11 + i));
          assertThat(batch.value(i)).isEqualTo(key((11 + i) * 3));
        }
        assertThat(cursor.isValid()).isTrue();
        assertThat(cursor.key()).isEqualTo(key(20));
        cursor.next();
        assertThat(cursor.key()).isEqualTo(key(21));
      }
    }
  }

  @Test
  void engineReadAheadBackwardFillsItsLimitAndLeavesTheCursorOnTheLastEntry() {
    try (StorageEngine engine = new LmdbEngineProvider().open(config(dir).build())) {
      EngineColumnFamily cf = engine.columnFamilies().get(0);
      for (int i = 0; i < 100; i++) {
        engine.put(cf, key(i), key(i * 3), WriteOptions.ASYNC);
      }
      try (EngineCursor cursor = engine.cursor(cf, Bounds.all())) {
        cursor.seek(key(50));
        ReadAhead batch = new ReadAhead(false, null, 64);
        batch.reset(5, false);
        cursor.readAhead(batch);
        assertThat(batch.isFull()).isTrue();
        assertThat(batch.key(4)).isEqualTo(key(45));
        assertThat(batch.value(4)).isNull();
        assertThat(cursor.key()).isEqualTo(key(45));
        assertThat(cursor.value()).isEqualTo(key(45 * 3));
        cursor.prev();
        assertThat(cursor.key()).isEqualTo(key(44));
        batch.reset(64, true);
        cursor.readAhead(batch);
        assertThat(batch.size()).isEqualTo(44);
        assertThat(batch.key(43)).isEqualTo(key(0));
        assertThat(cursor.isValid()).isFalse();
      }
    }
  }

  @Test
  void deleteRangeRemovesExactlyTheRangeAcrossManyPages() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      WriteBatch batch = store.newBatch();
      for (int i = 0; i < 20_000; i++) {
        batch.put(cf, key(i), new byte[20]);
      }
      store.write(batch);
      store.deleteRange(cf, KeyRange.of(key(1000), key(19_000)));
      assertThat(store.count(cf, KeyRange.all())).isEqualTo(2000);
      assertThat(store.get(cf, key(999))).isNotNull();
      assertThat(store.get(cf, key(1000))).isNull();
      assertThat(store.get(cf, key(18_999))).isNull();
      assertThat(store.get(cf, key(19_000))).isNotNull();
    }
  }

  @Test
  void reverseIterationAndSeekForPrevLandOnTheRightKeys() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (String k : List.of("a", "c", "e")) {
        store.put(cf, bytes(k), bytes(k));
      }
      try (KvIterator it = store.iterator(cf, KeyRange.all(), Direction.REVERSE)) {
        assertThat(it.key()).isEqualTo(bytes("e"));
        it.seek(bytes("d"));
        assertThat(it.key()).isEqualTo(bytes("c"));
        it.seek(bytes("c"));
        assertThat(it.key()).isEqualTo(bytes("c"));
        it.seek(bytes("f"));
        assertThat(it.key()).isEqualTo(bytes("e"));
        it.seek(bytes("0"));
        assertThat(it.isValid()).isFalse();
      }
      try (KvIterator it = store.iterator(cf, KeyRange.of(bytes("b"), bytes("e")), Direction.REVERSE)) {
        assertThat(it.key()).isEqualTo(bytes("c"));
        it.prev();
        assertThat(it.isValid()).isFalse();
      }
    }
  }

  /** Range bounds are not keys: empty ones, and ones longer than any key, bound exactly. */
  @Test
  void rangeBoundsMayBeEmptyOrLongerThanAnyKey() {
    byte[] longest = new byte[511];
    Arrays.fill(longest, (byte) 'm');
    byte[] pastLongest = Arrays.copyOf(longest, 600); // longest followed by zeros: just above it
    byte[] belowLongest = Arrays.copyOf(longest, 600);
    belowLongest[510] = 'l'; // "mm…ml" then zeros: below longest, above everything smaller
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (byte[] k : List.of(bytes("a"), bytes("m"), longest, bytes("n"))) {
        store.put(cf, k, k);
      }
      assertThat(keys(store, cf, KeyRange.atLeast(new byte[0]), Direction.FORWARD))
          .containsExactly(bytes("a"), bytes("m"), longest, bytes("n"));
      assertThat(keys(store, cf, KeyRange.atLeast(pastLongest), Direction.FORWARD)).containsExactly(bytes("n"));
      assertThat(keys(store, cf, KeyRange.atLeast(belowLongest), Direction.FORWARD)).containsExactly(longest, bytes("n"));
      assertThat(keys(store, cf, KeyRange.of(bytes("b"), pastLongest), Direction.REVERSE)).containsExactly(longest, bytes("m"));
      assertThat(keys(store, cf, KeyRange.of(bytes("b"), belowLongest), Direction.REVERSE)).containsExactly(bytes("m"));
      assertThat(store.count(cf, KeyRange.of(new byte[0], pastLongest))).isEqualTo(3);
      store.deleteRange(cf, KeyRange.of(belowLongest, pastLongest));
      assertThat(keys(store, cf, KeyRange.all(), Direction.FORWARD)).containsExactly(bytes("a"), bytes("m"), bytes("n"));
      store.deleteRange(cf, KeyRange.atLeast(new byte[0]));
      assertThat(store.count(cf, KeyRange.all())).isZero();
    }
  }

  /** The API checks seek targets as keys; the engine's cursor takes any target, as range bounds need. */
  @Test
  void engineCursorSeeksToTargetsOfAnyLength() {
    byte[] longest = new byte[511];
    Arrays.fill(longest, (byte) 'm');
    byte[] pastLongest = Arrays.copyOf(longest, 600);
    try (StorageEngine engine = new LmdbEngineProvider().open(config(dir).build())) {
      EngineColumnFamily cf = engine.columnFamilies().get(0);
      for (byte[] k : List.of(bytes("a"), longest, bytes("n"))) {
        engine.put(cf, k, k, WriteOptions.ASYNC);
      }
      try (EngineCursor cursor = engine.cursor(cf, Bounds.all())) {
        cursor.seek(pastLongest);
        assertThat(cursor.key()).isEqualTo(bytes("n"));
        cursor.seekForPrev(pastLongest);
        assertThat(cursor.key()).isEqualTo(longest);
        cursor.seek(new byte[0]);
        assertThat(cursor.key()).isEqualTo(bytes("a"));
        cursor.seekForPrev(new byte[0]);
        assertThat(cursor.isValid()).isFalse();
      }
    }
  }

  private static List<byte[]> keys(KeyValueStore store, ColumnFamily cf, KeyRange range, Direction direction) {
    List<byte[]> keys = new ArrayList<>();
    try (KvIterator it = store.iterator(cf, range, direction)) {
      for (; it.isValid(); it.next()) {
        keys.add(it.key());
      }
    }
    return keys;
  }

  @Test
  void metricsWorkWhileEveryReaderSlotIsTaken() {
    StorageConfig cfg = config(dir).option("lmdb.max_readers", "4").build();
    try (KeyValueStore store = StorageEngines.open(cfg)) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("k"), bytes("v"));
      List<Snapshot> held = new ArrayList<>();
      try {
        assertThatThrownBy(() -> {
          for (int i = 0; i < 5; i++) {
            held.add(store.snapshot());
          }
        }).isInstanceOf(StorageException.class).hasMessageContaining("lmdb.max_readers");
        var metrics = store.metrics();
        assertThat(metrics.openSnapshots()).isEqualTo(held.size());
        assertThat(metrics.engineProperties()).containsEntry("lmdb.entries", -1L).containsKey("lmdb.map_size");
      } finally {
        held.forEach(Snapshot::close);
      }
      assertThat(store.metrics().engineProperties()).containsEntry("lmdb.entries", 1L);
    }
  }

  @Test
  void readOnlyOpenOfAMissingPathFailsNamingItAndCreatesNothing() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> StorageEngines.open(config(missing).readOnly(true).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
    assertThatThrownBy(() -> new LmdbEngineProvider().open(config(missing).readOnly(true).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void readOnlyOpenOfADirectoryWithoutAStoreFailsAndCreatesNothing() {
    assertThatThrownBy(() -> StorageEngines.open(config(dir).readOnly(true).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining(dir.toString());
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void syncedWritesUseLmdbsOrderedCommitAndAsyncWritesStayAsync() {
    assertThat(LmdbDurability.Binding.LMDBJAVA.setFlags()).as("mdb_env_set_flags reachable in lmdbjava").isNotNull();
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, bytes("synced"), bytes("1"), WriteOptions.SYNC);
      store.put(cf, bytes("async"), bytes("2"), WriteOptions.ASYNC);
      store.write(store.newBatch().put(cf, bytes("batch"), bytes("3")), WriteOptions.SYNC);
    }
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThat(store.multiGet(cf, List.of(bytes("synced"), bytes("async"), bytes("batch"))))
          .containsExactly(bytes("1"), bytes("2"), bytes("3"));
    }
  }

  @Test
  void unknownLmdbOptionIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> StorageEngines.open(config(dir).option("lmdb.grwo", "false").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lmdb.grwo").hasMessageContaining("lmdb.grow").hasMessageContaining("lmdb.max_readers");
  }

  @Test
  void readOnlyStoreReadsAndRejectsWrites() {
    try (KeyValueStore store = StorageEngines.open(config(dir).build())) {
      store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    }
    try (KeyValueStore store = StorageEngines.open(config(dir).readOnly(true).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("v"));
      assertThatThrownBy(() -> store.put(cf, bytes("k"), bytes("w"))).isInstanceOf(ReadOnlyStoreException.class);
    }
  }

  @Test
  void missingStoreIsNotCreatedWhenCreateIfMissingIsOff() {
    assertThatThrownBy(() -> StorageEngines.open(config(dir.resolve("none")).createIfMissing(false).build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("no LMDB store");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void secondOpenInTheSameProcessFailsUntilTheFirstCloses() {
    StorageConfig cfg = config(dir).build();
    try (KeyValueStore store = StorageEngines.open(cfg)) {
      assertThatThrownBy(() -> StorageEngines.open(cfg))
          .isInstanceOf(StorageException.class).hasMessageContaining("already open in this process");
      assertThat(store.isClosed()).isFalse();
    }
    StorageEngines.open(cfg).close();
  }

  @Test
  void temporaryStoreDirectoryIsDeletedOnClose() {
    LmdbEngine engine = (LmdbEngine) new LmdbEngineProvider().open(StorageConfig.builder().mapSizeBytes(1 << 20).build());
    Path directory = engine.directory();
    assertThat(directory.resolve(LmdbPaths.DATA_FILE)).exists();
    engine.close();
    assertThat(directory).doesNotExist();
  }

  @Test
  void closingWithOpenIteratorsAndSnapshotsReleasesThem() {
    KeyValueStore store = StorageEngines.open(config(dir).build());
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("k"), bytes("v"));
    Snapshot snapshot = store.snapshot();
    KvIterator fromSnapshot = snapshot.iterator(cf, KeyRange.all());
    KvIterator live = store.iterator(cf, KeyRange.all());
    store.close();
    assertThat(store.isClosed()).isTrue();
    fromSnapshot.close();
    live.close();
    try (KeyValueStore reopened = StorageEngines.open(config(dir).build())) {
      assertThat(reopened.get(reopened.defaultColumnFamily(), bytes("k"))).isEqualTo(bytes("v"));
    }
  }
}
