package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LMDB's transactions beyond the shared contract: what the write log counts as a conflicting commit. */
class LmdbTransactionTest {

  @TempDir
  Path dir;

  private KeyValueStore open(StorageConfig.Builder config) {
    return StorageEngines.open(config.engine("lmdb").path(dir).mapSizeBytes(1 << 20).build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  @Test
  void rangeDeleteCommittedAfterBeginConflictsWithAWriteInsideTheRange() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction inside = store.beginTransaction(); Transaction outside = store.beginTransaction()) {
        inside.put(cf, bytes("b"), bytes("tx"));
        outside.put(cf, bytes("d"), bytes("tx"));
        store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("c")));
        assertThatThrownBy(inside::commit).isInstanceOf(TransactionConflictException.class);
        outside.commit();
      }
      assertThat(store.get(cf, bytes("b"))).isNull();
      assertThat(store.get(cf, bytes("d"))).isEqualTo(bytes("tx"));
    }
  }

  @Test
  void rangeDeleteToTheEndConflictsWithEveryKeyFromItsStart() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction before = store.beginTransaction(); Transaction after = store.beginTransaction()) {
        before.put(cf, bytes("a"), bytes("tx"));
        after.put(cf, bytes("zzz"), bytes("tx"));
        store.deleteRange(cf, KeyRange.atLeast(bytes("m")));
        before.commit();
        assertThatThrownBy(after::commit).isInstanceOf(TransactionConflictException.class);
      }
    }
  }

  @Test
  void writeToAnotherFamilyUnderTheSameKeyDoesNotConflict() {
    try (KeyValueStore store = open(StorageConfig.builder().columnFamilies("other"))) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("k"), bytes("tx"));
        store.put(store.columnFamily("other"), bytes("k"), bytes("plain"));
        tx.commit();
      }
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("tx"));
    }
  }

  @Test
  void transactionsBegunAtTheSameCommitKeepTheLogUntilTheLastEnds() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      ColumnFamily cf = store.defaultColumnFamily();
      Transaction first = store.beginTransaction();
      try (Transaction second = store.beginTransaction()) {
        first.close();
        second.put(cf, bytes("k"), bytes("tx"));
        store.put(cf, bytes("k"), bytes("plain"));
        assertThatThrownBy(second::commit).isInstanceOf(TransactionConflictException.class);
      }
      try (Transaction later = store.beginTransaction()) {
        later.put(cf, bytes("k"), bytes("later"));
        later.commit();
      }
      assertThat(store.get(cf, bytes("k"))).isEqualTo(bytes("later"));
    }
  }

  @Test
  void committedTransactionMakesAnOverlappingOneConflict() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction first = store.beginTransaction(); Transaction second = store.beginTransaction()) {
        first.delete(cf, bytes("k"));
        second.delete(cf, bytes("k"));
        first.commit();
        assertThatThrownBy(second::commit).isInstanceOf(TransactionConflictException.class)
            .hasMessageContaining("\"default\"").hasMessageContaining("retry");
      }
    }
  }

  @Test
  void commitToAFamilyDroppedMeanwhileFailsAndWritesNothing() {
    try (KeyValueStore store = open(StorageConfig.builder().columnFamilies("doomed"))) {
      ColumnFamily doomed = store.columnFamily("doomed");
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction tx = store.beginTransaction()) {
        tx.put(cf, bytes("a"), bytes("1"));
        tx.put(doomed, bytes("b"), bytes("2"));
        store.dropColumnFamily(doomed);
        assertThatThrownBy(tx::commit).isInstanceOf(UnknownColumnFamilyException.class);
      }
      assertThat(store.get(cf, bytes("a"))).isNull();
    }
  }

  @Test
  void transactionWritingToAFamilyCreatedAfterItBeganReadsItAsEmptyAndCommits() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      try (Transaction tx = store.beginTransaction()) {
        ColumnFamily late = store.createColumnFamily("late");
        store.put(late, bytes("seen"), bytes("later"));
        assertThat(tx.get(late, bytes("seen"))).isNull();
        tx.put(late, bytes("k"), bytes("tx"));
        tx.commit();
      }
      assertThat(store.get(store.columnFamily("late"), bytes("k"))).isEqualTo(bytes("tx"));
    }
  }

  @Test
  void syncedTransactionCommitThatOverflowsTheMapGrowsItAndStaysConflictChecked() {
    byte[] value = new byte[1000];
    try (KeyValueStore store = open(StorageConfig.builder().syncWrites(true))) {
      ColumnFamily cf = store.defaultColumnFamily();
      try (Transaction big = store.beginTransaction(); Transaction rival = store.beginTransaction()) {
        for (int i = 0; i < 3000; i++) {
          big.put(cf, key(i), value);
        }
        rival.put(cf, key(2999), bytes("rival"));
        big.commit();
        assertThatThrownBy(rival::commit).isInstanceOf(TransactionConflictException.class);
      }
      assertThat(store.count(cf, KeyRange.all())).isEqualTo(3000);
      assertThat(store.metrics().engineProperties().get("lmdb.map_size")).isGreaterThan(1L << 20);
    }
  }

  @Test
  void transactionWithoutWritesCommitsWithoutAWriteTransaction() {
    try (KeyValueStore store = open(StorageConfig.builder())) {
      long before = store.metrics().engineProperties().get("lmdb.last_txn_id");
      try (Transaction tx = store.beginTransaction()) {
        assertThat(tx.get(store.defaultColumnFamily(), bytes("k"))).isNull();
        tx.commit();
      }
      assertThat(store.metrics().engineProperties().get("lmdb.last_txn_id")).isEqualTo(before);
    }
  }
}
