package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the diff layers put each height: the flat tables trail the head by the configured
 * layers, a rollback within them leaves the flat tables as they are, one below them rewrites the
 * flat tables, and a reopened store reads its layers back from the stored diffs.
 */
class StateDiffLayersTest {

  private static final Address ALICE = StateStoreTest.ALICE;
  private static final Address CONTRACT = StateStoreTest.CONTRACT;
  private static final Hash SLOT = StateStoreTest.SLOT;
  private static final Address RARELY_CHANGED = StateStoreTest.address(7);

  private KeyValueStore kv;
  private StateStore state;
  private final List<Hash> roots = new ArrayList<>();

  @BeforeEach
  void open() {
    kv = StorageEngines.open(TestEngines.MEMORY.config());
    state = StateStore.open(kv, StateConfig.DEFAULT.withDiffLayers(2));
  }

  @AfterEach
  void close() {
    kv.close();
  }

  /** Heights 0 to {@code last}: at height h, Alice's balance is h + 1 and the contract's slot is h + 1. */
  private void commitUpTo(long last) {
    for (long h = state.headHeight().orElse(-1) + 1; h <= last; h++) {
      WorldState world = state.begin();
      world.setBalance(ALICE, BigInteger.valueOf(h + 1));
      world.setStorage(CONTRACT, SLOT, Words.of(h + 1));
      roots.add(world.commit(h, StateStoreTest.block(h)));
    }
  }

  private BigInteger flatBalanceOfAlice() {
    return StateStore.decodeAccount(kv.get(state.accounts, ALICE.bytes()), "flat Alice").orElseThrow().balance();
  }

  @Test
  void theFlatTablesTrailTheHeadByTheConfiguredLayers() {
    commitUpTo(4);

    assertThat(state.flatHeight()).isEqualTo(2);
    assertThat(flatBalanceOfAlice()).isEqualTo(BigInteger.valueOf(3));
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(5));
    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Words.of(5));
  }

  @Test
  void aRollbackWithinTheLayersLeavesTheFlatTablesAsTheyAre() {
    commitUpTo(4);

    state.rollbackTo(3);

    assertThat(state.flatHeight()).isEqualTo(2);
    assertThat(flatBalanceOfAlice()).isEqualTo(BigInteger.valueOf(3));
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(4));
    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Words.of(4));
    assertThat(state.headRoot()).isEqualTo(roots.get(3));
  }

  @Test
  void aRollbackToTheFlatHeightAnswersFromTheFlatTablesAgain() {
    commitUpTo(4);

    state.rollbackTo(2);

    assertThat(state.flatHeight()).isEqualTo(2);
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(3));
    assertThat(state.headRoot()).isEqualTo(roots.get(2));
  }

  @Test
  void aRollbackBelowTheLayersRewritesTheFlatTablesToTheTarget() {
    commitUpTo(4);

    state.rollbackTo(1);

    assertThat(state.flatHeight()).isEqualTo(1);
    assertThat(flatBalanceOfAlice()).isEqualTo(BigInteger.valueOf(2));
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(2));
    assertThat(state.at(0).balance(ALICE)).isEqualTo(BigInteger.ONE);
  }

  @Test
  void heightsCommittedAfterARollbackWithinTheLayersHideTheDroppedOnes() {
    commitUpTo(4);
    state.rollbackTo(2);
    WorldState world = state.begin();
    world.setStorage(CONTRACT, SLOT, Words.of(99));
    world.commit(3, StateStoreTest.block(3));

    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(3));
    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Words.of(99));
    assertThat(state.at(2).storage(CONTRACT, SLOT)).isEqualTo(Words.of(3));
  }

  @Test
  void aReopenedStoreReadsItsLayersBackFromTheStoredDiffs() {
    commitUpTo(4);

    StateStore reopened = StateStore.open(kv, StateConfig.DEFAULT.withDiffLayers(2));

    assertThat(reopened.flatHeight()).isEqualTo(2);
    assertThat(reopened.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(5));
    assertThat(reopened.at(3).storage(CONTRACT, SLOT)).isEqualTo(Words.of(4));
    reopened.rollbackTo(3);
    assertThat(reopened.headRoot()).isEqualTo(roots.get(3));
  }

  @Test
  void aReadOnlyStoreWrittenBeforeTheMetaFamilyReadsItsFlatTablesAsTheHead(@TempDir Path dir) {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).build();
    try (KeyValueStore disk = StorageEngines.open(config)) {
      state = StateStore.open(disk, StateConfig.DEFAULT.withDiffLayers(0));
      commitUpTo(2);
      // A store of that time wrote every height's trie nodes with the height.
      state.flushTries();
      disk.dropColumnFamily(disk.columnFamily(StateLayout.META));
    }
    try (KeyValueStore readOnly = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir)
        .readOnly(true).build())) {
      assertThat(readOnly.columnFamilies()).extracting(io.luxtensor.storage.ColumnFamily::name)
          .doesNotContain(StateLayout.META);
      StateStore old = StateStore.open(readOnly);

      assertThat(old.flatHeight()).isEqualTo(2);
      assertThat(old.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(3));
      assertThat(old.at(1).storage(CONTRACT, SLOT)).isEqualTo(Words.of(2));
      WorldState world = old.begin();
      world.setBalance(ALICE, BigInteger.TEN);
      assertThatThrownBy(() -> world.commit(3, StateStoreTest.block(3))).isInstanceOf(ReadOnlyStoreException.class);
    }
  }

  @Test
  void theVersionsOfFlushedLayersAreRemovedByLaterCommits() {
    for (long h = 0; h < 50; h++) {
      WorldState world = state.begin();
      world.setBalance(StateStoreTest.address((int) h + 10), BigInteger.ONE);
      world.commit(h, StateStoreTest.block(h));
    }

    assertThat(state.layers.keysHeld()).as("the two live layers' accounts and the last flushed layer's, removed"
        + " by the next commit; not one per height").isLessThanOrEqualTo(3);
  }

  @Test
  void aKeyChangedAtEveryHeightKeepsNoMoreVersionsThanTheLiveLayers() {
    for (long h = 0; h < 50; h++) {
      WorldState world = state.begin();
      world.setBalance(ALICE, BigInteger.valueOf(h + 1));
      world.commit(h, StateStoreTest.block(h));
    }

    assertThat(state.layers.versionsHeld()).as("the two live layers' versions of ALICE; flushed ones are cut off")
        .isEqualTo(2);
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(50));
    assertThat(state.at(48).account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(49));
  }

  @Test
  void theVersionsOfAFlushedLayerLargerThanABlockAreRemovedAtOnce() {
    WorldState genesis = state.begin();
    for (int slot = 0; slot < 20_000; slot++) {
      genesis.setStorage(CONTRACT, Words.of(slot), Words.of(slot + 1));
    }
    genesis.commit(0, StateStoreTest.block(0));
    commitUpTo(2);

    assertThat(state.flatHeight()).as("height 0 flushed by the commit of height 2").isEqualTo(0);
    assertThat(state.layers.keysHeld()).as("height 0's 20,000 slots do not wait for the next commit")
        .isLessThan(100);
  }

  @Test
  void readersOnOtherThreadsSeeEachKeyMoveForwardThroughTheCommittedHeightsOnly() throws Exception {
    int heights = 150;
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> readers = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int r = 0; r < 2; r++) {
        readers.add(threads.submit(() -> {
          long seen = 0;
          long seenRarely = 0;
          while (writing.get()) {
            long head = state.headHeight().orElse(-1);
            long balance = balanceOf(ALICE);
            long slot = Words.toBigInteger(state.storage(CONTRACT, SLOT)).longValueExact();
            // Height h sets these to h + 1: neither goes back, nor trails the head read before it.
            assertThat(balance).isGreaterThanOrEqualTo(Math.max(seen, head + 1));
            assertThat(slot).isGreaterThanOrEqualTo(head + 1);
            seen = balance;
            // Changed every fifth height, so read from the flat rows' cache once its layer is flushed.
            long rarely = balanceOf(RARELY_CHANGED);
            assertThat(rarely).isGreaterThanOrEqualTo(seenRarely);
            seenRarely = rarely;
          }
          return null;
        }));
      }
      for (long h = 0; h < heights; h++) {
        WorldState world = state.begin();
        world.setBalance(ALICE, BigInteger.valueOf(h + 1));
        world.setStorage(CONTRACT, SLOT, Words.of(h + 1));
        if (h % 5 == 0) {
          world.setBalance(RARELY_CHANGED, BigInteger.valueOf(h + 1));
        }
        // Enough keys that the commit loads ahead and stages its layer on the prefetch threads.
        for (int i = 0; i < 300; i++) {
          byte[] other = new byte[Address.LENGTH];
          other[0] = (byte) 0xbb;
          other[18] = (byte) (i >>> 8);
          other[19] = (byte) i;
          world.setBalance(Address.of(other), BigInteger.valueOf(h + 1));
        }
        world.commit(h, StateStoreTest.block(h));
      }
    } finally {
      writing.set(false);
      threads.shutdown();
    }
    for (Future<?> reader : readers) {
      reader.get(30, TimeUnit.SECONDS);
    }
    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(heights));
    assertThat(state.at(heights - 10).storage(CONTRACT, SLOT)).isEqualTo(Words.of(heights - 9));
  }

  private long balanceOf(Address address) {
    return state.account(address).map(account -> account.balance().longValueExact()).orElse(0L);
  }

  @Test
  void aStoreReopenedWithFewerLayersWritesTheExcessThroughOnItsNextCommit() {
    commitUpTo(4);
    state = StateStore.open(kv, StateConfig.DEFAULT.withDiffLayers(0));

    commitUpTo(5);

    assertThat(state.flatHeight()).isEqualTo(5);
    assertThat(flatBalanceOfAlice()).isEqualTo(BigInteger.valueOf(6));
  }
}
