package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnsupportedCapabilityException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The examples of {@link StorageEngineContract} about transaction isolation: write skew commits at
 * {@link Isolation#SNAPSHOT} and is refused at {@link Isolation#SERIALIZABLE}; a serializable
 * transaction conflicts when a key it read, an absent key it looked up or a range it iterated changed
 * before its commit, and only then; and a property that every committed history of random
 * interleaved serializable transactions equals running them one by one in commit order (see
 * {@link SerializableHistory}). Serializable tests run only where the engine declares
 * {@link Capability#SERIALIZABLE_TRANSACTIONS}. Not extended directly: engines extend
 * {@link StorageEngineContract}.
 */
public abstract class IsolationExamples extends KeyValueExamples {

  /** Whether the engine declares serializable transactions; asked once per property. */
  private Boolean serializable;

  @Example
  void serializableTransactionsAreUnsupportedUnlessDeclared() {
    KeyValueStore store = newStore();
    if (!store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS)) {
      assertThatThrownBy(() -> store.beginTransaction(Isolation.SERIALIZABLE))
          .isInstanceOf(UnsupportedCapabilityException.class);
    } else {
      assertThat(store.engine().supports(Capability.TRANSACTIONS)).as("serializable implies transactions").isTrue();
    }
    assertThatThrownBy(() -> store.beginTransaction(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void writeSkewCommitsBothAtSnapshotIsolation() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    assertThat(writeSkew(store, Isolation.SNAPSHOT)).containsExactly("committed", "committed");
    ColumnFamily cf = store.defaultColumnFamily();
    assertThat(text(store.get(cf, bytes("x")))).isEqualTo("0");
    assertThat(text(store.get(cf, bytes("y")))).isEqualTo("0");
  }

  @Example
  void writeSkewRejectsTheSecondCommitWhenSerializable() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.SERIALIZABLE_TRANSACTIONS);
    assertThat(writeSkew(store, Isolation.SERIALIZABLE)).containsExactly("committed", "conflict");
    ColumnFamily cf = store.defaultColumnFamily();
    assertThat(text(store.get(cf, bytes("x")))).isEqualTo("0");
    assertThat(text(store.get(cf, bytes("y")))).as("the refused transaction wrote nothing").isEqualTo("1");
  }

  /**
   * The classic write skew: x = y = 1, each transaction reads both and, seeing their sum at 2, moves
   * one of them to 0; serially the second would see 1 and leave its key alone.
   */
  private static List<String> writeSkew(KeyValueStore store, Isolation isolation) {
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("x"), bytes("1"));
    store.put(cf, bytes("y"), bytes("1"));
    try (Transaction first = store.beginTransaction(isolation); Transaction second = store.beginTransaction(isolation)) {
      for (Transaction tx : List.of(first, second)) {
        int sum = Integer.parseInt(text(tx.get(cf, bytes("x")))) + Integer.parseInt(text(tx.get(cf, bytes("y"))));
        assertThat(sum).isEqualTo(2);
      }
      first.put(cf, bytes("x"), bytes("0"));
      second.put(cf, bytes("y"), bytes("0"));
      return List.of(outcome(first), outcome(second));
    }
  }

  private static String outcome(Transaction tx) {
    try {
      tx.commit();
      return "committed";
    } catch (TransactionConflictException e) {
      assertThat(tx.isActive()).isFalse();
      return "conflict";
    }
  }

  @Example
  void serializableTransactionConflictsWhenAnAbsentKeyItReadIsCreated() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.SERIALIZABLE_TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      assertThat(tx.get(cf, bytes("missing"))).isNull();
      store.put(cf, bytes("missing"), bytes("now here"));
      tx.put(cf, bytes("elsewhere"), bytes("v"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
    }
    assertThat(store.get(cf, bytes("elsewhere"))).isNull();
  }

  @Example
  void serializableTransactionConflictsWhenAKeyAppearsInARangeItIterated() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.SERIALIZABLE_TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("c"), bytes("3"));
    try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      try (KvIterator it = tx.iterator(cf, KeyRange.of(bytes("a"), bytes("d")))) {
        assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("a", "c");
      }
      store.put(cf, bytes("b"), bytes("2"));
      tx.put(cf, bytes("z"), bytes("count=2"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
    }
    assertThat(store.get(cf, bytes("z"))).isNull();
  }

  @Example
  void serializableTransactionCommitsWhenOnlyKeysItNeverReadChanged() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.SERIALIZABLE_TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("read"), bytes("1"));
    try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      assertThat(text(tx.get(cf, bytes("read")))).isEqualTo("1");
      store.put(cf, bytes("unread"), bytes("x"));
      tx.put(cf, bytes("written"), bytes("2"));
      tx.commit();
    }
    assertThat(text(store.get(cf, bytes("written")))).isEqualTo("2");
  }

  @Example
  void serializableTransactionStillConflictsOnAKeyItOnlyWrote() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.SERIALIZABLE_TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      tx.put(cf, bytes("k"), bytes("from transaction"));
      store.put(cf, bytes("k"), bytes("plain"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
    }
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("plain");
  }

  // ---- model-based property ----

  @Property
  void serializableHistoriesEqualTheirCommitOrder(@ForAll("serializableSchedules") SerializableHistory.Schedule schedule) {
    if (!declaresSerializable()) {
      return; // serializableTransactionsAreUnsupportedUnlessDeclared covers such engines
    }
    try (KeyValueStore store = newStore()) {
      new SerializableHistory(store).run(schedule);
    }
  }

  @Provide
  Arbitrary<SerializableHistory.Schedule> serializableSchedules() {
    return SerializableHistory.schedules();
  }

  private boolean declaresSerializable() {
    if (serializable == null) {
      serializable = engineInfo().supports(Capability.SERIALIZABLE_TRANSACTIONS);
    }
    return serializable;
  }
}
