package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Optimistic transactions on the MapDB engine: the overlay cursor and the conflict check. */
class MapDbTransactionTest {

  private KeyValueStore store;
  private ColumnFamily cf;

  @BeforeEach
  void open() {
    store = StorageEngines.open(StorageConfig.builder().engine("mapdb").build());
    cf = store.defaultColumnFamily();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> walk(KvIterator it) {
    List<String> out = new ArrayList<>();
    try (it) {
      for (; it.isValid(); it.next()) {
        out.add(s(it.key()) + "=" + s(it.value()));
      }
    }
    return out;
  }

  @Test
  void transactionIteratorLaysItsWritesOverTheStoreInBothDirections() {
    for (String k : List.of("a", "c", "e")) {
      store.put(cf, b(k), b(k));
    }
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, b("b"), b("B"));
      tx.delete(cf, b("c"));
      tx.put(cf, b("e"), b("E"));
      tx.put(cf, b("f"), b("F"));
      tx.delete(cf, b("zz"));
      assertThat(walk(tx.iterator(cf, KeyRange.all()))).containsExactly("a=a", "b=B", "e=E", "f=F");
      assertThat(walk(tx.iterator(cf, KeyRange.all(), Direction.REVERSE))).containsExactly("f=F", "e=E", "b=B", "a=a");
      try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
        it.seek(b("c"));
        assertThat(s(it.key())).isEqualTo("e");
        it.prev();
        assertThat(s(it.key())).isEqualTo("b");
        it.prev();
        assertThat(s(it.key())).isEqualTo("a");
        it.next();
        it.next();
        assertThat(s(it.value())).isEqualTo("E");
      }
      try (KvIterator it = tx.iterator(cf, KeyRange.all(), Direction.REVERSE)) {
        it.seek(b("d"));
        assertThat(s(it.key())).isEqualTo("b");
      }
    }
  }

  @Test
  void transactionIteratorDoesNotSeeWritesMadeAfterItOpened() {
    store.put(cf, b("a"), b("a"));
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, b("b"), b("B"));
      try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
        tx.put(cf, b("c"), b("C"));
        store.put(cf, b("d"), b("D"));
        assertThat(walk(it)).containsExactly("a=a", "b=B");
      }
    }
  }

  @Test
  void keyCreatedAndDeletedByAnotherWriterAfterBeginIsAConflict() {
    try (Transaction tx = store.beginTransaction()) {
      store.put(cf, b("k"), b("other"));
      store.delete(cf, b("k"));
      tx.put(cf, b("k"), b("mine"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class).hasMessageContaining("6b");
    }
    assertThat(store.get(cf, b("k"))).isNull();
  }

  @Test
  void writesToOtherKeysAreNoConflict() {
    store.put(cf, b("mine"), b("0"));
    try (Transaction tx = store.beginTransaction()) {
      byte[] seen = tx.get(cf, b("mine"));
      store.put(cf, b("theirs"), b("1"));
      tx.put(cf, b("mine"), b(s(seen) + "+1"));
      tx.commit();
    }
    assertThat(s(store.get(cf, b("mine")))).isEqualTo("0+1");
  }
}
