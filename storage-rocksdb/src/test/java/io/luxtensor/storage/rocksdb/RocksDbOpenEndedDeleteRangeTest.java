package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range delete with no upper bound ({@code KeyRange.atLeast}) removes every key from its bound to the
 * end of the family as it is when the delete applies, although RocksDB's own range delete needs an end
 * key; on its own and inside a batch.
 */
class RocksDbOpenEndedDeleteRangeTest {

  private static final byte[] HIGHEST = highest(4096);

  @TempDir
  Path dir;

  private KeyValueStore store;
  private ColumnFamily cf;

  @BeforeEach
  void open() {
    store = StorageEngines.open(config());
    cf = store.defaultColumnFamily();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private StorageConfig config() {
    return StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(1 << 20).columnFamilies("other").build();
  }

  @Test
  void removesEveryKeyFromTheBoundOnIncludingTheLargestAndKeepsTheOthers() {
    putAll(cf, "a", "m", "m\u0000", "q", "z");
    store.put(cf, HIGHEST, bytes("top"));
    store.deleteRange(cf, KeyRange.atLeast(bytes("m")));
    assertThat(keys(cf)).containsExactly("a");
  }

  @Test
  void leavesOtherFamiliesAlone() {
    ColumnFamily other = store.columnFamily("other");
    putAll(cf, "a", "b");
    putAll(other, "a", "b");
    store.deleteRange(cf, KeyRange.atLeast(bytes("a")));
    assertThat(keys(cf)).isEmpty();
    assertThat(keys(other)).containsExactly("a", "b");
  }

  @Test
  void onAnEmptyFamilyOrAboveTheLastKeyChangesNothing() {
    store.deleteRange(cf, KeyRange.atLeast(bytes("a")));
    putAll(cf, "a", "b");
    store.deleteRange(cf, KeyRange.atLeast(bytes("c")));
    assertThat(keys(cf)).containsExactly("a", "b");
  }

  @Test
  void fromAKeyOnDiskAndInTheMemtableAlikeAndStaysDeletedAfterReopen() {
    putAll(cf, "a", "b", "c");
    store.flush();
    putAll(cf, "d", "e");
    store.deleteRange(cf, KeyRange.atLeast(bytes("b")));
    store.close();
    store = StorageEngines.open(config());
    cf = store.defaultColumnFamily();
    assertThat(keys(cf)).containsExactly("a");
    store.compact(cf, KeyRange.all());
    assertThat(keys(cf)).containsExactly("a");
  }

  @Test
  void inABatchRemovesWhatTheBatchPutBeforeItAndKeepsWhatItPutAfter() {
    putAll(cf, "a", "m");
    store.write(store.newBatch()
        .put(cf, bytes("x"), bytes("before"))
        .put(cf, HIGHEST, bytes("before"))
        .deleteRange(cf, KeyRange.atLeast(bytes("b")))
        .put(cf, bytes("y"), bytes("after")));
    assertThat(keys(cf)).containsExactly("a", "y");
  }

  @Test
  void inABatchBesidePlainWritesAndBoundedDeletesOfOtherFamilies() {
    ColumnFamily other = store.columnFamily("other");
    putAll(cf, "a", "b", "c");
    putAll(other, "a", "b", "c");
    store.write(store.newBatch()
        .deleteRange(other, KeyRange.of(bytes("a"), bytes("b")))
        .deleteRange(cf, KeyRange.atLeast(bytes("b")))
        .deleteRange(other, KeyRange.atLeast(bytes("c"))));
    assertThat(keys(cf)).containsExactly("a");
    assertThat(keys(other)).containsExactly("b");
  }

  @Test
  void inABatchOnADroppedFamilyFailsWholeAndAppliesNothing() {
    ColumnFamily other = store.columnFamily("other");
    putAll(cf, "a");
    store.dropColumnFamily(other);
    assertThatThrownBy(() -> store.write(store.newBatch()
        .put(cf, bytes("b"), bytes("v"))
        .deleteRange(other, KeyRange.atLeast(bytes("a"))))).isInstanceOf(UnknownColumnFamilyException.class);
    assertThat(keys(cf)).containsExactly("a");
  }

  @Test
  void afterATransactionBeganConflictsWithItsWriteOfAKeyInTheRange() {
    putAll(cf, "m");
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, bytes("m"), bytes("tx"));
      store.deleteRange(cf, KeyRange.atLeast(bytes("a")));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
    }
    assertThat(keys(cf)).isEmpty();
  }

  private void putAll(ColumnFamily family, String... keys) {
    for (String key : keys) {
      store.put(family, bytes(key), bytes("v"));
    }
  }

  private List<String> keys(ColumnFamily family) {
    try (KvIterator it = store.iterator(family, KeyRange.all())) {
      return it.stream().map(KeyValue::key)
          .map(k -> Arrays.equals(k, HIGHEST) ? "HIGHEST" : new String(k, StandardCharsets.UTF_8)).toList();
    }
  }

  private static byte[] highest(int length) {
    byte[] key = new byte[length];
    Arrays.fill(key, (byte) 0xFF);
    return key;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
