package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.InvalidKeyException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.UnsupportedCapabilityException;
import io.luxtensor.storage.WriteBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * The storage contract every engine must meet, as one test class an engine's test module extends,
 * giving only {@link #config(Path)}:
 *
 * <pre>{@code
 * class MyEngineContractTest extends StorageEngineContract {
 *   @Override
 *   protected StorageConfig.Builder config(Path directory) {
 *     return StorageConfig.builder().engine("my-engine").path(directory);
 *   }
 * }
 * }</pre>
 *
 * <p>It holds a model-based property (random sequences of puts, deletes, range deletes, batches,
 * reads, scans, seeks, snapshots, iterators, transactions, reopens, flushes and compactions, checked
 * step by step against a {@link java.util.TreeMap} per column family; a failure is shrunk to a
 * minimal sequence), example tests for every edge, a concurrency test and, for engines declaring
 * {@link Capability#PERSISTENT}, a kill-the-JVM crash-atomicity test. Optional features are tested
 * only where the engine declares their {@link Capability}; the core never is optional.
 *
 * <p>Depth: {@code -Djqwik.tries.default=N} (the build maps {@code -Dtck.tries=N} onto it) sets the
 * number of random sequences, {@code -Dtck.actions=N} their maximum length (default 40).
 */
public abstract class StorageEngineContract extends ContractFixture {

  private static final int MAX_ACTIONS = Integer.getInteger("tck.actions", 40);

  // ---- model-based property ----

  @Property
  void storeBehavesLikeTheSortedMapModel(@ForAll("actionSequences") ActionChain<ModelState> chain) {
    ModelState last = chain.run();
    last.checkEverything();
    last.releaseHeld();
  }

  @Provide
  ActionChainArbitrary<ModelState> actionSequences() {
    return ModelActions.chains(this, MAX_ACTIONS);
  }

  // ---- values and keys ----

  @Example
  void emptyValueIsStoredAndDistinctFromAbsent() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("empty"), new byte[0]);
    assertThat(store.get(cf, bytes("empty"))).isNotNull().isEmpty();
    assertThat(store.contains(cf, bytes("empty"))).isTrue();
    assertThat(store.get(cf, bytes("absent"))).isNull();
    assertThat(store.contains(cf, bytes("absent"))).isFalse();
  }

  @Example
  void returnedArraysBelongToTheCaller() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = bytes("k");
    byte[] value = bytes("value");
    store.put(cf, key, value);
    key[0] = 'x';
    value[0] = 'x';
    byte[] read = store.get(cf, bytes("k"));
    assertThat(text(read)).as("stored copy is independent of the caller's arrays").isEqualTo("value");
    read[0] = 'x';
    assertThat(text(store.multiGet(cf, List.of(bytes("k"))).get(0))).isEqualTo("value");
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      it.key()[0] = 'x';
      it.value()[0] = 'x';
      assertThat(text(it.key())).isEqualTo("k");
      assertThat(text(it.value())).isEqualTo("value");
    }
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("value");
  }

  @Example
  void keysSortUnsignedLexicographically() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    List<byte[]> sorted = List.of(bytes(0x00), bytes(0x00, 0x00), bytes(0x01), bytes(0x01, 0x7F), bytes(0x01, 0x80),
        bytes(0x7F), bytes(0x80), bytes(0xFF), bytes(0xFF, 0x00), bytes(0xFF, 0xFF));
    for (int i = sorted.size() - 1; i >= 0; i--) {
      store.put(cf, sorted.get(i), bytes(i));
    }
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(TckBytes.drain(it)).containsExactlyElementsOf(sorted.stream()
          .map(k -> TckBytes.describe(k, bytes(sorted.indexOf(k)))).toList());
    }
  }

  @Example
  void keyOfMaximumSizeIsStored() {
    KeyValueStore store = newStore();
    byte[] key = new byte[store.engine().maxKeySize()];
    Arrays.fill(key, (byte) 0xAB);
    store.put(store.defaultColumnFamily(), key, bytes("v"));
    assertThat(text(store.get(store.defaultColumnFamily(), key))).isEqualTo("v");
  }

  @Example
  void keyOneByteOverMaximumIsRejectedAndNothingIsWritten() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = new byte[store.engine().maxKeySize() + 1];
    assertThatThrownBy(() -> store.put(cf, key, bytes("v"))).isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining(Integer.toString(store.engine().maxKeySize()));
    assertThatThrownBy(() -> store.newBatch().put(cf, key, bytes("v"))).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.get(cf, key)).isInstanceOf(InvalidKeyException.class);
    assertThat(store.count(cf, KeyRange.all())).isZero();
  }

  @Example
  void emptyAndNullKeysAndNullValuesAreRejected() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    assertThatThrownBy(() -> store.put(cf, new byte[0], bytes("v"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> store.put(cf, null, bytes("v"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(cf, bytes("k"), null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(cf, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(cf, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.newBatch().put(cf, new byte[0], bytes("v"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.count(cf, KeyRange.all())).isZero();
  }

  // ---- column families ----

  @Example
  void unknownColumnFamilyIsRejectedWithItsName() {
    KeyValueStore store = newStore();
    assertThatThrownBy(() -> store.columnFamily("no-such-family")).isInstanceOf(UnknownColumnFamilyException.class)
        .hasMessageContaining("no-such-family")
        .satisfies(e -> assertThat(((UnknownColumnFamilyException) e).columnFamily()).isEqualTo("no-such-family"));
  }

  @Example
  void columnFamilyOfAnotherStoreIsRejected() {
    KeyValueStore store = newStore();
    KeyValueStore other = newStore();
    ColumnFamily foreign = other.defaultColumnFamily();
    assertThatThrownBy(() -> store.put(foreign, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
    assertThatThrownBy(() -> store.newBatch().put(foreign, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
  }

  @Example
  void columnFamiliesAreSeparateKeyspaces() {
    KeyValueStore store = newStore();
    store.put(store.defaultColumnFamily(), bytes("k"), bytes("in default"));
    store.put(store.columnFamily(SECOND_CF), bytes("k"), bytes("in second"));
    assertThat(text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo("in default");
    assertThat(text(store.get(store.columnFamily(SECOND_CF), bytes("k")))).isEqualTo("in second");
    assertThat(store.columnFamilies()).extracting(ColumnFamily::name).containsExactly("default", SECOND_CF);
  }

  @Example
  void droppedColumnFamilyLosesItsDataAndHandle() {
    KeyValueStore store = newStore();
    ColumnFamily extra = store.createColumnFamily("extra");
    store.put(extra, bytes("k"), bytes("v"));
    store.dropColumnFamily(extra);
    assertThatThrownBy(() -> store.put(extra, bytes("k"), bytes("v"))).isInstanceOf(UnknownColumnFamilyException.class);
    assertThatThrownBy(() -> store.columnFamily("extra")).isInstanceOf(UnknownColumnFamilyException.class);
    ColumnFamily again = store.createColumnFamily("extra");
    assertThat(store.get(again, bytes("k"))).isNull();
  }

  @Example
  void batchTouchingADroppedColumnFamilyAppliesNothing() {
    KeyValueStore store = newStore();
    ColumnFamily extra = store.createColumnFamily("extra");
    ColumnFamily cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch().put(cf, bytes("a"), bytes("1")).put(extra, bytes("b"), bytes("2"))
        .put(cf, bytes("c"), bytes("3"));
    store.dropColumnFamily(extra);
    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(UnknownColumnFamilyException.class);
    assertThat(store.get(cf, bytes("a"))).as("first put of the failed batch").isNull();
    assertThat(store.get(cf, bytes("c"))).as("last put of the failed batch").isNull();
  }

  @Example
  void defaultColumnFamilyCannotBeDropped() {
    KeyValueStore store = newStore();
    assertThatThrownBy(() -> store.dropColumnFamily(store.defaultColumnFamily())).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- batches and range deletes ----

  @Example
  void batchAppliesItsOperationsInOrder() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("revived"), bytes("old"));
    store.write(store.newBatch().put(cf, bytes("gone"), bytes("1")).delete(cf, bytes("gone"))
        .delete(cf, bytes("revived")).put(cf, bytes("revived"), bytes("new")));
    assertThat(store.get(cf, bytes("gone"))).isNull();
    assertThat(text(store.get(cf, bytes("revived")))).isEqualTo("new");
  }

  @Example
  void batchCanBeClearedAndReused() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch().put(cf, bytes("a"), bytes("1"));
    assertThat(batch.size()).isEqualTo(1);
    batch.clear();
    assertThat(batch.size()).isZero();
    batch.put(cf, bytes("b"), bytes("2"));
    store.write(batch);
    store.write(batch);
    assertThat(store.get(cf, bytes("a"))).isNull();
    assertThat(text(store.get(cf, bytes("b")))).isEqualTo("2");
  }

  @Example
  void batchCopiesItsArguments() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    byte[] key = bytes("k");
    byte[] value = bytes("v");
    WriteBatch batch = store.newBatch().put(cf, key, value);
    key[0] = 'x';
    value[0] = 'x';
    store.write(batch);
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("v");
  }

  @Example
  void deleteRangeRemovesFromInclusiveToExclusive() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(cf, bytes(k), bytes(k));
    }
    store.deleteRange(cf, bytes("b"), bytes("d"));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("a", "d");
    }
  }

  @Example
  void deleteRangeWithFromNotBelowToDeletesNothing() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("b"), bytes("b"));
    store.deleteRange(cf, bytes("c"), bytes("a"));
    store.deleteRange(cf, bytes("b"), bytes("b"));
    assertThat(store.get(cf, bytes("b"))).isNotNull();
  }

  // ---- iterators ----

  @Example
  void prefixRangeCoversExactlyThePrefixIncludingFfBytes() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (byte[] k : List.of(bytes(0x01, 0xFF), bytes(0x01, 0xFF, 0x00), bytes(0x01, 0xFF, 0xFF), bytes(0x02), bytes(0x01, 0xFE))) {
      store.put(cf, k, bytes(1));
    }
    assertThat(store.count(cf, KeyRange.prefix(bytes(0x01, 0xFF)))).isEqualTo(3);
    assertThat(store.count(cf, KeyRange.prefix(bytes(0xFF)))).isZero();
  }

  @Example
  void reverseIteratorStartsAtTheLastKeyBelowTheUpperBound() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(cf, bytes(k), bytes(k));
    }
    try (KvIterator it = store.iterator(cf, KeyRange.of(bytes("a"), bytes("d")), Direction.REVERSE)) {
      assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("c", "b", "a");
    }
    try (KvIterator it = store.iterator(cf, KeyRange.all(), Direction.REVERSE)) {
      it.seek(bytes("bb"));
      assertThat(text(it.key())).isEqualTo("b");
    }
  }

  @Example
  void iteratorDoesNotSeeWritesMadeAfterItOpened() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("c"), bytes("3"));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      store.put(cf, bytes("b"), bytes("2"));
      store.put(cf, bytes("a"), bytes("changed"));
      store.delete(cf, bytes("c"));
      assertThat(TckBytes.drain(it)).containsExactly(TckBytes.describe(bytes("a"), bytes("1")),
          TckBytes.describe(bytes("c"), bytes("3")));
    }
  }

  @Example
  void iteratorOffAnEntryRejectsKeyAndValue() {
    KeyValueStore store = newStore();
    try (KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
      assertThat(it.isValid()).isFalse();
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
    }
  }

  @Example
  void closingAStreamClosesItsIterator() {
    KeyValueStore store = newStore();
    store.put(store.defaultColumnFamily(), bytes("a"), bytes("1"));
    KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all());
    try (Stream<KeyValue> stream = it.stream()) {
      assertThat(stream.count()).isEqualTo(1);
    }
    assertThat(store.metrics().openIterators()).isZero();
    assertThatThrownBy(it::seekToFirst).isInstanceOf(StoreClosedException.class);
  }

  @Example
  void multiGetAnswersInOrderWithNullsForAbsentKeys() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("c"), bytes("3"));
    List<byte[]> values = store.multiGet(cf, List.of(bytes("c"), bytes("b"), bytes("a")));
    assertThat(values).hasSize(3);
    assertThat(text(values.get(0))).isEqualTo("3");
    assertThat(values.get(1)).isNull();
    assertThat(text(values.get(2))).isEqualTo("1");
  }

  // ---- snapshots ----

  @Example
  void snapshotDoesNotSeeLaterWrites() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    store.put(cf, bytes("b"), bytes("2"));
    try (Snapshot snapshot = store.snapshot()) {
      store.put(cf, bytes("a"), bytes("changed"));
      store.deleteRange(cf, bytes("b"), bytes("c"));
      store.put(cf, bytes("z"), bytes("new"));
      assertThat(text(snapshot.get(cf, bytes("a")))).isEqualTo("1");
      assertThat(text(snapshot.get(cf, bytes("b")))).isEqualTo("2");
      assertThat(snapshot.get(cf, bytes("z"))).isNull();
      assertThat(snapshot.count(cf, KeyRange.all())).isEqualTo(2);
      assertThat(text(store.get(cf, bytes("a")))).isEqualTo("changed");
    }
  }

  @Example
  void snapshotIteratorOutlivesLaterWritesAndClosesWithTheSnapshot() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    Snapshot snapshot = store.snapshot();
    KvIterator it = snapshot.iterator(cf, KeyRange.all());
    store.put(cf, bytes("b"), bytes("2"));
    assertThat(TckBytes.drain(it)).containsExactly(TckBytes.describe(bytes("a"), bytes("1")));
    snapshot.close();
    assertThatThrownBy(it::seekToFirst).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> snapshot.get(cf, bytes("a"))).isInstanceOf(StoreClosedException.class);
  }

  // ---- lifecycle ----

  @Example
  void closeIsIdempotentForEveryHandle() {
    KeyValueStore store = newStore();
    KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all());
    Snapshot snapshot = store.snapshot();
    it.close();
    it.close();
    snapshot.close();
    snapshot.close();
    store.close();
    store.close();
    it.close();
    snapshot.close();
    assertThat(store.isClosed()).isTrue();
  }

  @Example
  void everyCallAfterCloseThrowsStoreClosed() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.close();
    assertThatThrownBy(() -> store.get(cf, bytes("k"))).isInstanceOf(StoreClosedException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.put(cf, bytes("k"), bytes("v"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.delete(cf, bytes("k"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.iterator(cf, KeyRange.all())).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(store::snapshot).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.columnFamily("default")).isInstanceOf(StoreClosedException.class);
  }

  @Example
  void closingTheStoreClosesOpenIteratorsAndSnapshots() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    KvIterator it = store.iterator(cf, KeyRange.all());
    Snapshot snapshot = store.snapshot();
    KvIterator snapshotIterator = snapshot.iterator(cf, KeyRange.all());
    assertThat(store.metrics().openIterators()).isEqualTo(2);
    assertThat(store.metrics().openSnapshots()).isEqualTo(1);
    store.close();
    assertThatThrownBy(it::next).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(it::isValid).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(snapshotIterator::seekToFirst).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> snapshot.get(cf, bytes("a"))).isInstanceOf(StoreClosedException.class);
    assertThat(store.metrics().openIterators()).isZero();
    assertThat(store.metrics().openSnapshots()).isZero();
    assertThat(store.metrics().snapshotsClosedByStore()).isEqualTo(1);
  }

  @Example
  void readOnlyStoreRejectsEveryWrite() {
    Path directory = newDirectory();
    KeyValueStore writable = openIn(directory, false);
    writable.put(writable.defaultColumnFamily(), bytes("k"), bytes("v"));
    boolean persistent = writable.engine().supports(Capability.PERSISTENT);
    if (persistent) {
      writable.close();
    }
    KeyValueStore store = openIn(directory, true);
    ColumnFamily cf = store.defaultColumnFamily();
    assertThatThrownBy(() -> store.put(cf, bytes("k"), bytes("v"))).isInstanceOf(ReadOnlyStoreException.class)
        .hasMessageContaining("read-only");
    assertThatThrownBy(() -> store.delete(cf, bytes("k"))).isInstanceOf(ReadOnlyStoreException.class);
    assertThatThrownBy(() -> store.write(store.newBatch().put(cf, bytes("a"), bytes("b")))).isInstanceOf(ReadOnlyStoreException.class);
    assertThatThrownBy(() -> store.deleteRange(cf, bytes("a"), bytes("z"))).isInstanceOf(ReadOnlyStoreException.class);
    assertThatThrownBy(() -> store.createColumnFamily("new")).isInstanceOf(ReadOnlyStoreException.class);
    if (persistent) {
      assertThat(text(store.get(cf, bytes("k")))).isEqualTo("v");
    }
  }

  @Example
  void metricsCountReadsWritesAndLatencies() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("12345"));
    store.write(store.newBatch().put(cf, bytes("b"), bytes("1")).delete(cf, bytes("c")));
    store.get(cf, bytes("a"));
    store.multiGet(cf, List.of(bytes("a"), bytes("b")));
    var metrics = store.metrics();
    assertThat(metrics.writes()).isEqualTo(3);
    assertThat(metrics.reads()).isEqualTo(3);
    assertThat(metrics.bytesWritten()).isEqualTo(1 + 5 + 1 + 1 + 1);
    assertThat(metrics.writeLatencyP99Nanos()).isPositive().isGreaterThanOrEqualTo(metrics.writeLatencyP50Nanos());
    assertThat(metrics.readLatencyP99Nanos()).isPositive();
    assertThat(metrics.errors()).isZero();
  }

  // ---- persistence ----

  @Example
  void dataAndColumnFamiliesSurviveReopen() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.PERSISTENT);
    ColumnFamily created = store.createColumnFamily("created_at_runtime");
    store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    store.put(created, bytes("k2"), new byte[0]);
    store.put(store.defaultColumnFamily(), bytes("deleted"), bytes("x"));
    store.delete(store.defaultColumnFamily(), bytes("deleted"));
    KeyValueStore reopened = reopen(store);
    assertThat(text(reopened.get(reopened.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    assertThat(reopened.get(reopened.defaultColumnFamily(), bytes("deleted"))).isNull();
    assertThat(reopened.get(reopened.columnFamily("created_at_runtime"), bytes("k2"))).isEmpty();
  }

  @Example
  void checkpointOpensAsACopyOfTheStore() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.CHECKPOINTS);
    store.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
    Path target = newDirectory().resolve("checkpoint");
    store.checkpoint(target);
    store.put(store.defaultColumnFamily(), bytes("later"), bytes("x"));
    KeyValueStore copy = openIn(target, false);
    assertThat(text(copy.get(copy.defaultColumnFamily(), bytes("k")))).isEqualTo("v");
    assertThat(copy.get(copy.defaultColumnFamily(), bytes("later"))).isNull();
  }

  @Example
  void crashInTheMiddleOfWritesLeavesWholeBatchesAndEverySyncedOne() throws Exception {
    assumeCapability(newStore(), Capability.PERSISTENT);
    new CrashAtomicityCheck(this).killAfter(300);
  }

  // ---- transactions ----

  @Example
  void transactionsAreUnsupportedUnlessDeclared() {
    KeyValueStore store = newStore();
    if (!store.engine().supports(Capability.TRANSACTIONS)) {
      assertThatThrownBy(store::beginTransaction).isInstanceOf(UnsupportedCapabilityException.class);
    }
  }

  @Example
  void transactionReadsItsOwnWritesAndCommitsThemAtomically() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("gone"), bytes("x"));
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, bytes("a"), bytes("1"));
      tx.delete(cf, bytes("gone"));
      assertThat(text(tx.get(cf, bytes("a")))).isEqualTo("1");
      assertThat(tx.get(cf, bytes("gone"))).isNull();
      try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
        assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("a");
      }
      assertThat(store.get(cf, bytes("a"))).as("uncommitted write outside").isNull();
      tx.commit();
    }
    assertThat(text(store.get(cf, bytes("a")))).isEqualTo("1");
    assertThat(store.get(cf, bytes("gone"))).isNull();
  }

  @Example
  void conflictingTransactionFailsAndAppliesNothing() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    try (Transaction first = store.beginTransaction(); Transaction second = store.beginTransaction()) {
      first.put(cf, bytes("k"), bytes("first"));
      second.put(cf, bytes("k"), bytes("second"));
      second.put(cf, bytes("other"), bytes("second"));
      first.commit();
      assertThatThrownBy(second::commit).isInstanceOf(TransactionConflictException.class);
      assertThat(second.isActive()).isFalse();
    }
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("first");
    assertThat(store.get(cf, bytes("other"))).isNull();
  }

  @Example
  void rolledBackOrClosedTransactionDiscardsWritesAndRejectsUse() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    Transaction rolledBack = store.beginTransaction();
    rolledBack.put(cf, bytes("a"), bytes("1"));
    rolledBack.rollback();
    assertThatThrownBy(() -> rolledBack.put(cf, bytes("a"), bytes("1"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(rolledBack::commit).isInstanceOf(IllegalStateException.class);
    rolledBack.close();
    try (Transaction abandoned = store.beginTransaction()) {
      abandoned.put(cf, bytes("b"), bytes("2"));
    }
    assertThat(store.get(cf, bytes("a"))).isNull();
    assertThat(store.get(cf, bytes("b"))).isNull();
    assertThat(store.metrics().openTransactions()).isZero();
  }

  // ---- concurrency ----

  @Example
  void parallelWritersAndReadersSeeNoTornBatchAndLoseNoWrite() throws Exception {
    new ConcurrencyCheck(newStore()).writersAndReaders(2, 2, 400);
  }

  @Example
  void parallelTransactionsLoseNoIncrement() throws Exception {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    new ConcurrencyCheck(store).noLostIncrements(2, 200);
  }
}
