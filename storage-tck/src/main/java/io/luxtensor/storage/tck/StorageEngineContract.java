package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.UnsupportedCapabilityException;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteLimitExceededException;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * minimal sequence), example tests for every edge, concurrency tests (among them writes racing
 * readers that open and close) and, for engines declaring {@link Capability#PERSISTENT}, tests that
 * run in child JVMs: kills at random moments (while a store is created, reopened and written), and
 * single-bit flips in every file of a closed store. Optional features are tested only where the
 * engine declares their {@link Capability}; the core never is optional.
 *
 * <p>What a kill and a flip may do: after a kill at any moment the store opens without an exception,
 * every batch is all there or absent, and every synced batch is there. After a flipped bit the store
 * reads back correctly or throws a {@link StorageException} (a {@code CorruptionException} by
 * preference) at open or read; it never returns wrong data, throws anything else, crashes or hangs.
 *
 * <p>Depth: {@code -Djqwik.tries.default=N} (the build maps {@code -Dtck.tries=N} onto it) sets the
 * number of random sequences, {@code -Dtck.actions=N} their maximum length (default 40), and
 * {@code -Dtck.kills=N} the kills per engine (default 30: a third while creating a store, the rest
 * while reopening and writing).
 */
public abstract class StorageEngineContract extends IsolationExamples {

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
    assertThatThrownBy(() -> store.deleteRange(cf, KeyRange.of(bytes("a"), bytes("z")))).isInstanceOf(ReadOnlyStoreException.class);
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
  void checkpointIsRefusedUnlessDeclaredAndNeverOverwrites() {
    KeyValueStore store = newStore();
    Path existing = newDirectory();
    if (store.engine().supports(Capability.CHECKPOINTS)) {
      assertThatThrownBy(() -> store.checkpoint(existing)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already exists");
    } else {
      assertThatThrownBy(() -> store.checkpoint(existing.resolve("copy"))).isInstanceOf(UnsupportedCapabilityException.class);
    }
  }

  @Example
  void writesWithEveryDurabilityOptionAreVisible() {
    KeyValueStore store = newStore();
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("synced"), bytes("1"), WriteOptions.SYNC);
    store.write(store.newBatch().put(cf, bytes("async"), bytes("2")), WriteOptions.ASYNC);
    if (store.engine().supports(Capability.DISABLE_WAL)) {
      store.put(cf, bytes("no-wal"), bytes("3"), WriteOptions.NO_WAL);
      assertThat(text(store.get(cf, bytes("no-wal")))).isEqualTo("3");
    } else {
      assertThatThrownBy(() -> store.put(cf, bytes("no-wal"), bytes("3"), WriteOptions.NO_WAL))
          .isInstanceOf(UnsupportedCapabilityException.class);
    }
    assertThat(text(store.get(cf, bytes("synced")))).isEqualTo("1");
    assertThat(text(store.get(cf, bytes("async")))).isEqualTo("2");
  }

  @Example
  void failedEngineCallsAreCountedAsErrors() {
    KeyValueStore store = newStore();
    ColumnFamily extra = store.createColumnFamily("extra");
    WriteBatch batch = store.newBatch().put(extra, bytes("k"), bytes("v"));
    store.dropColumnFamily(extra);
    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(UnknownColumnFamilyException.class);
    assertThat(store.metrics().errors()).isEqualTo(1);
    assertThat(store.metrics().writes()).isZero();
  }

  @Example
  void killDuringStoreCreationLeavesAStoreThatOpens() throws Exception {
    assumeCapability(newStore(), Capability.PERSISTENT);
    new CrashAtomicityCheck(this).killsWhileCreating(CrashAtomicityCheck.KILLS / 3);
  }

  @Example
  void killsDuringReopenAndWritesLeaveWholeBatchesAndEverySyncedOne() throws Exception {
    assumeCapability(newStore(), Capability.PERSISTENT);
    int kills = CrashAtomicityCheck.KILLS - CrashAtomicityCheck.KILLS / 3;
    new CrashAtomicityCheck(this).killsWhileReopeningAndWriting(kills, 10);
  }

  @Example
  void flippedBitInAnyFileIsReadCorrectlyOrReportedNeverReturnedWrong() throws Exception {
    assumeCapability(newStore(), Capability.PERSISTENT);
    new CorruptionCheck(this).flipBitsInEveryFile(3);
  }

  @Example
  void readOnlyOpenWhereNoStoreExistsFailsNamingThePathAndCreatesNothing() throws Exception {
    assumeCapability(newStore(), Capability.PERSISTENT);
    Path missing = newDirectory().resolve("no-store");
    assertThatThrownBy(() -> openIn(missing, true)).isInstanceOf(StorageException.class)
        .hasMessageContaining(missing.toString());
    assertThat(missing).as("a read-only open creates nothing").doesNotExist();
    Path empty = newDirectory();
    assertThatThrownBy(() -> openIn(empty, true)).isInstanceOf(StorageException.class)
        .hasMessageContaining(empty.toString());
    try (Stream<Path> created = Files.list(empty)) {
      assertThat(created).as("files a read-only open created in an empty directory").isEmpty();
    }
  }

  // ---- range bounds ----

  @Example
  void emptyRangeBoundsSelectFromTheStartOrNothing() {
    new RangeBoundsCheck(newStore()).emptyBounds();
  }

  @Example
  void rangeBoundsLongerThanTheMaxKeySizeSelectTheRightKeys() {
    new RangeBoundsCheck(newStore()).boundsLongerThanTheLongestKey();
  }

  @Example
  void prefixLongerThanTheMaxKeySizeSelectsOnlyKeysStartingWithIt() {
    new RangeBoundsCheck(newStore()).prefixLongerThanTheLongestKey();
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
      assertThat(tx.count(cf, KeyRange.all())).as("count in the transaction").isEqualTo(1);
      assertThat(store.get(cf, bytes("a"))).as("uncommitted write outside").isNull();
      tx.commit();
    }
    assertThat(text(store.get(cf, bytes("a")))).isEqualTo("1");
    assertThat(store.get(cf, bytes("gone"))).isNull();
  }

  @Example
  void transactionIteratorDoesNotSeeTheTransactionsLaterWrites() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    store.put(cf, bytes("a"), bytes("1"));
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, bytes("b"), bytes("2"));
      try (KvIterator it = tx.iterator(cf, KeyRange.all())) {
        tx.put(cf, bytes("c"), bytes("3"));
        tx.delete(cf, bytes("a"));
        assertThat(it.stream().map(e -> text(e.key())).toList()).containsExactly("a", "b");
      }
    }
  }

  @Example
  void plainWriteAfterATransactionBeganMakesItsCommitConflict() {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, bytes("k"), bytes("from transaction"));
      store.put(cf, bytes("k"), bytes("plain"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
    }
    assertThat(text(store.get(cf, bytes("k")))).isEqualTo("plain");
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
    assertThatThrownBy(() -> rolledBack.put(cf, bytes("a"), bytes("1"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(rolledBack::commit).isInstanceOf(StoreClosedException.class);
    rolledBack.close();
    Transaction abandoned = store.beginTransaction();
    abandoned.put(cf, bytes("b"), bytes("2"));
    abandoned.close();
    assertThatThrownBy(() -> abandoned.get(cf, bytes("b"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(abandoned::commit).isInstanceOf(StoreClosedException.class);
    assertThat(store.get(cf, bytes("a"))).isNull();
    assertThat(store.get(cf, bytes("b"))).isNull();
    assertThat(store.metrics().openTransactions()).isZero();
  }

  @Example
  void transactionOverItsByteLimitFailsAndWritesNothing() {
    KeyValueStore store = newStore(b -> b.maxTransactionBytes(64));
    assumeCapability(store, Capability.TRANSACTIONS);
    ColumnFamily cf = store.defaultColumnFamily();
    try (Transaction tx = store.beginTransaction()) {
      tx.put(cf, bytes("a"), new byte[40]);
      assertThatThrownBy(() -> tx.put(cf, bytes("b"), new byte[40]))
          .isInstanceOfSatisfying(WriteLimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(64);
            assertThat(e.bytes()).isEqualTo(82);
          });
      assertThat(tx.isActive()).isFalse();
      assertThatThrownBy(tx::commit).isInstanceOf(StoreClosedException.class);
    }
    assertThat(store.get(cf, bytes("a"))).isNull();
    assertThat(store.get(cf, bytes("b"))).isNull();
  }

  // ---- concurrency ----

  @Example
  void snapshotClosedWhileOthersReadThroughItGivesRightDataOrStoreClosed() throws Exception {
    new CloseRaceCheck(newStore()).snapshotClosedUnderReaders(20);
  }

  @Example
  void iteratorClosedFromAnotherThreadGivesRightDataOrStoreClosed() throws Exception {
    new CloseRaceCheck(newStore()).iteratorClosedUnderItsReader(20);
  }

  @Example
  void transactionClosedFromAnotherThreadGivesRightDataOrStoreClosed() throws Exception {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    new CloseRaceCheck(store).transactionClosedUnderItsUser(20);
  }

  @Example
  void storeClosedWhileOthersReadThroughItGivesRightDataOrStoreClosed() throws Exception {
    for (int round = 0; round < 10; round++) {
      new CloseRaceCheck(newStore()).storeClosedUnderReaders();
    }
  }

  @Example
  void parallelWritersAndReadersSeeNoTornBatchAndLoseNoWrite() throws Exception {
    new ConcurrencyCheck(newStore()).writersAndReaders(2, 2, 400);
  }

  @Example
  void writesNeverFailWhileSnapshotsOpenAndClose() throws Exception {
    new WritesRacingReadersCheck(newStore()).run(WritesRacingReadersCheck.SNAPSHOTS, 1, 2, 2_000);
  }

  @Example
  void writesNeverFailWhileIteratorsOpenAndClose() throws Exception {
    new WritesRacingReadersCheck(newStore()).run(WritesRacingReadersCheck.ITERATORS, 1, 2, 2_000);
  }

  @Example
  void parallelTransactionsLoseNoIncrement() throws Exception {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    new ConcurrencyCheck(store).noLostIncrements(2, 200);
  }

  @Example
  void plainWritesRacingTransactionsAreNeverOverwrittenUnseen() throws Exception {
    KeyValueStore store = newStore();
    assumeCapability(store, Capability.TRANSACTIONS);
    new ConcurrencyCheck(store).plainWritesSurviveRacingTransactions(200);
  }
}
