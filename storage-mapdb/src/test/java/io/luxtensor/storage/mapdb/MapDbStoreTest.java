package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MapDB engine through the public API: ordering, isolation, persistence, configuration errors. */
class MapDbStoreTest {

  @TempDir
  Path dir;

  private KeyValueStore open(Path path) {
    return StorageEngines.open(StorageConfig.builder().engine("mapdb").path(path).build());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static List<String> keysHex(KvIterator it) {
    List<String> keys = new ArrayList<>();
    try (it) {
      while (it.isValid()) {
        keys.add(io.luxtensor.storage.Keys.toHex(it.key()));
        it.next();
      }
    }
    return keys;
  }

  @Test
  void keysSortUnsignedLexicographically() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (byte[] key : List.of(bytes(0xFF), bytes(0x80), bytes(0x7F), bytes(0x01, 0x80), bytes(0x01, 0x7F), bytes(0x01), bytes(0x00))) {
        store.put(cf, key, b("v"));
      }
      assertThat(keysHex(store.iterator(cf, KeyRange.all())))
          .containsExactly("00", "01", "017f", "0180", "7f", "80", "ff");
      assertThat(keysHex(store.iterator(cf, KeyRange.all(), Direction.REVERSE)))
          .containsExactly("ff", "80", "7f", "0180", "017f", "01", "00");
    }
  }

  @Test
  void snapshotKeepsItsViewWhileWritersChangeEverything() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, b("a"), b("1"));
      store.put(cf, b("b"), b("2"));
      store.put(cf, b("c"), b("3"));
      try (Snapshot snapshot = store.snapshot()) {
        store.put(cf, b("a"), b("changed"));
        store.delete(cf, b("b"));
        store.deleteRange(cf, KeyRange.of(b("c"), b("d")));
        store.put(cf, b("z"), b("new"));
        assertThat(snapshot.get(cf, b("a"))).isEqualTo(b("1"));
        assertThat(snapshot.get(cf, b("b"))).isEqualTo(b("2"));
        assertThat(snapshot.get(cf, b("z"))).isNull();
        assertThat(snapshot.multiGet(cf, List.of(b("a"), b("c"), b("z")))).containsExactly(b("1"), b("3"), null);
        assertThat(keysHex(snapshot.iterator(cf, KeyRange.all()))).containsExactly("61", "62", "63");
        assertThat(keysHex(store.iterator(cf, KeyRange.all()))).containsExactly("61", "7a");
        assertThat(store.get(cf, b("a"))).isEqualTo(b("changed"));
      }
    }
  }

  @Test
  void iteratorSeesTheDataAsOfItsCreation() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < 100; i++) {
        store.put(cf, b(String.format("k%03d", i)), b("v" + i));
      }
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        store.deleteRange(cf, KeyRange.of(b("k000"), b("k050")));
        store.put(cf, b("k050"), b("new"));
        store.put(cf, b("k0505"), b("inserted"));
        List<KeyValue> seen = it.stream().toList();
        assertThat(seen).hasSize(100);
        assertThat(seen.get(50).value()).isEqualTo(b("v50"));
      }
      assertThat(store.count(cf, KeyRange.all())).isEqualTo(51);
    }
  }

  @Test
  void cursorMovesBothWaysAndSeeksToNeighbours() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (String k : List.of("b", "d", "f")) {
        store.put(cf, b(k), b(k));
      }
      store.put(cf, b("e"), b("e"));
      store.delete(cf, b("e"));
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        it.seek(b("c"));
        assertThat(it.key()).isEqualTo(b("d"));
        it.next();
        assertThat(it.key()).isEqualTo(b("f"));
        it.prev();
        assertThat(it.key()).isEqualTo(b("d"));
        it.prev();
        assertThat(it.key()).isEqualTo(b("b"));
        it.prev();
        assertThat(it.isValid()).isFalse();
        it.seekToLast();
        assertThat(it.key()).isEqualTo(b("f"));
      }
      try (KvIterator it = store.iterator(cf, KeyRange.all(), Direction.REVERSE)) {
        it.seek(b("e"));
        assertThat(it.key()).isEqualTo(b("d"));
        it.next();
        assertThat(it.key()).isEqualTo(b("b"));
      }
    }
  }

  @Test
  void dataFamiliesAndSequenceSurviveReopen() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily extra = store.createColumnFamily("extra");
      ColumnFamily gone = store.createColumnFamily("gone");
      store.put(store.defaultColumnFamily(), b("k"), b("v1"));
      store.put(store.defaultColumnFamily(), b("k"), b("v2"));
      store.put(extra, b("x"), b("y"));
      store.put(gone, b("g"), b("g"));
      store.dropColumnFamily(gone);
    }
    try (KeyValueStore store = open(dir)) {
      assertThat(store.columnFamilies()).extracting(ColumnFamily::name).containsExactly("default", "extra");
      assertThat(store.get(store.defaultColumnFamily(), b("k"))).isEqualTo(b("v2"));
      try (Snapshot snapshot = store.snapshot()) {
        store.put(store.defaultColumnFamily(), b("k"), b("v3"));
        assertThat(snapshot.get(store.defaultColumnFamily(), b("k"))).isEqualTo(b("v2"));
        assertThat(snapshot.get(store.columnFamily("extra"), b("x"))).isEqualTo(b("y"));
      }
      ColumnFamily again = store.createColumnFamily("gone");
      assertThat(store.get(again, b("g"))).isNull();
    }
  }

  @Test
  void batchOnADroppedFamilyFailsWholeAndWritesNothing() {
    try (KeyValueStore store = open(dir)) {
      ColumnFamily cf = store.createColumnFamily("temp");
      var batch = store.newBatch().put(store.defaultColumnFamily(), b("a"), b("1")).put(cf, b("b"), b("2"));
      store.dropColumnFamily(cf);
      assertThatThrownBy(() -> store.write(batch, WriteOptions.SYNC)).isInstanceOf(UnknownColumnFamilyException.class);
      assertThat(store.get(store.defaultColumnFamily(), b("a"))).isNull();
    }
  }

  @Test
  void unknownEngineOptionIsRejectedNamingTheKnownOnes() {
    StorageConfig config = StorageConfig.builder().engine("mapdb").path(dir).option("mapdb.nodesize", "64").build();
    assertThatThrownBy(() -> StorageEngines.open(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapdb.nodesize")
        .hasMessageContaining("mapdb.node_size");
  }

  @Test
  void readOnlyStoreReadsExistingDataAndRejectsWrites() {
    try (KeyValueStore store = open(dir)) {
      store.put(store.defaultColumnFamily(), b("k"), b("v"));
    }
    StorageConfig config = StorageConfig.builder().engine("mapdb").path(dir).readOnly(true).build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThat(store.get(store.defaultColumnFamily(), b("k"))).isEqualTo(b("v"));
      assertThatThrownBy(() -> store.put(store.defaultColumnFamily(), b("k"), b("w"))).isInstanceOf(ReadOnlyStoreException.class);
    }
  }

  @Test
  void readOnlyOpenOfAMissingStoreFailsNamingThePath() {
    Path missing = dir.resolve("missing");
    StorageConfig config = StorageConfig.builder().engine("mapdb").path(missing).readOnly(true).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(StorageException.class).hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void secondOpenOfTheSameStoreFailsNamingTheFile() {
    try (KeyValueStore holder = open(dir)) {
      assertThat(holder.engine().name()).isEqualTo("mapdb");
      assertThatThrownBy(() -> open(dir)).isInstanceOf(StorageException.class)
          .hasMessageContaining(dir.resolve("mapdb.db").toString()).hasMessageContaining("locked");
    }
  }

  @Test
  void corruptStoreFileIsReportedAsCorruption() throws Exception {
    try (KeyValueStore store = open(dir)) {
      store.put(store.defaultColumnFamily(), b("k"), b("v"));
    }
    Path file = dir.resolve("mapdb.db");
    byte[] content = Files.readAllBytes(file);
    for (int i = 0; i < Math.min(content.length, 4096); i++) {
      content[i] = (byte) 0x5A;
    }
    Files.write(file, content);
    assertThatThrownBy(() -> open(dir)).isInstanceOf(CorruptionException.class).hasMessageContaining(file.toString());
  }

  @Test
  void valueDamagedOnDiskIsReportedAsCorruptionNotReturned() throws Exception {
    byte[] marker = b("a value whose bytes are easy to find in the file");
    try (KeyValueStore store = open(dir)) {
      store.put(store.defaultColumnFamily(), b("k"), marker);
    }
    Path file = dir.resolve("mapdb.db");
    byte[] content = Files.readAllBytes(file);
    int at = indexOf(content, marker);
    assertThat(at).as("the value is stored uncompressed").isNotNegative();
    content[at + 10] ^= 0x01;
    Files.write(file, content);
    // The value shares its page with MapDB's catalog, so the open itself may be what finds the damage.
    assertThatThrownBy(() -> {
      try (KeyValueStore store = open(dir)) {
        store.get(store.defaultColumnFamily(), b("k"));
      }
    }).isInstanceOf(CorruptionException.class).hasMessageContaining("checksum");
    assertThatThrownBy(() -> {
      try (KeyValueStore store = open(dir)) {
        store.iterator(store.defaultColumnFamily(), KeyRange.all()).close();
      }
    }).isInstanceOf(CorruptionException.class).hasMessageContaining("checksum");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void temporaryReadOnlyStoreOpensEmptyAndRejectsWrites() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("mapdb").readOnly(true).build())) {
      assertThat(store.get(store.defaultColumnFamily(), b("k"))).isNull();
      assertThatThrownBy(() -> store.put(store.defaultColumnFamily(), b("k"), b("v"))).isInstanceOf(ReadOnlyStoreException.class);
    }
  }

  @Test
  void temporaryStoreWorksWithoutAPath() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("mapdb").build())) {
      store.put(store.defaultColumnFamily(), b("k"), b("v"));
      try (Snapshot snapshot = store.snapshot()) {
        store.delete(store.defaultColumnFamily(), b("k"));
        assertThat(snapshot.get(store.defaultColumnFamily(), b("k"))).isEqualTo(b("v"));
      }
      assertThat(store.get(store.defaultColumnFamily(), b("k"))).isNull();
    }
  }
}
