package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieEntry;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trie nodes held with their diff layer: written only every {@link StateConfig#trieFlushInterval}
 * heights, with what the flat height's trie still reaches; rebuilt from the diffs on open and by a
 * rollback below the newest written trie; written in full by {@link StateStore#flushTries}.
 */
class StateTrieLayersTest {

  private static final Address ALICE = StateStoreTest.ALICE;
  private static final Address CONTRACT = StateStoreTest.CONTRACT;
  private static final Hash SLOT = StateStoreTest.SLOT;
  /** Two diff layers, tries written every fourth height. */
  private static final StateConfig CONFIG = StateConfig.DEFAULT.withDiffLayers(2).withTrieFlushInterval(4);

  private KeyValueStore kv;
  private StateStore state;
  private final List<Hash> roots = new ArrayList<>();

  @BeforeEach
  void open() {
    kv = StorageEngines.open(TestEngines.MEMORY.config());
    state = StateStore.open(kv, CONFIG);
  }

  @AfterEach
  void close() {
    kv.close();
  }

  /**
   * Heights up to {@code last}, each by {@link #commitHeight}. Each trie flush a commit starts is
   * waited for before the next commit, so that the written height follows the commits alone, not
   * the flushing thread's pace.
   */
  private void commitUpTo(long last) {
    for (long h = state.headHeight().orElse(-1) + 1; h <= last; h++) {
      roots.add(commitHeight(state, h));
    }
  }

  /**
   * Commits height {@code h} to {@code store}: Alice's balance h + 1, the contract's slot h + 1,
   * account 100 + h created; then waits for the trie flush it may have started.
   */
  private static Hash commitHeight(StateStore store, long h) {
    WorldState world = store.begin();
    world.setBalance(ALICE, BigInteger.valueOf(h + 1));
    world.setBalance(CONTRACT, BigInteger.ONE);
    world.setStorage(CONTRACT, SLOT, Words.of(h + 1));
    world.setBalance(StateStoreTest.address(100 + (int) h), BigInteger.ONE);
    Hash root = world.commit(h, StateStoreTest.block(h));
    store.trieHeight();
    return root;
  }

  private void assertProves(StateStore store, long height) {
    StateView view = store.at(height);
    AccountProof alice = view.proof(ALICE, List.of());
    alice.verify(roots.get((int) height));
    assertThat(alice.account().orElseThrow().balance()).isEqualTo(BigInteger.valueOf(height + 1));
    AccountProof contract = view.proof(CONTRACT, List.of(SLOT));
    contract.verify(roots.get((int) height));
    assertThat(contract.storageProofs().get(0).value()).isEqualTo(Words.of(height + 1));
  }

  private static long storedNodes(KeyValueStore store) {
    long count = 0;
    try (KvIterator it = store.iterator(store.columnFamily(StateLayout.TRIE_NODES), KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        count++;
      }
    }
    return count;
  }

  /** Walks the state trie at {@code root} and each storage trie it names through the stored nodes alone. */
  private void assertWritten(Hash root) {
    TrieStore stored = TrieStore.open(kv, state.nodes, 0, 0);
    for (Iterator<TrieEntry> it = SecureTrie.open(stored, root).iterator(); it.hasNext(); ) {
      Hash storageRoot = Account.decode(it.next().value()).storageRoot();
      for (Iterator<TrieEntry> slots = SecureTrie.open(stored, storageRoot).iterator(); slots.hasNext(); ) {
        slots.next();
      }
    }
  }

  @Test
  void theTriesAreWrittenEveryIntervalAtTheFlatHeight() {
    commitUpTo(0);
    assertThat(state.trieHeight()).as("the first height's trie is written with it").isZero();
    commitUpTo(5);
    assertThat(state.flatHeight()).isEqualTo(3);
    assertThat(state.trieHeight()).as("flat height 3 is not yet 4 past height 0").isZero();

    commitUpTo(6);

    assertThat(state.trieHeight()).isEqualTo(4);
    assertWritten(roots.get(4));
    assertThat(state.metrics().heldTrieNodes()).as("heights 5 and 6").isPositive();
  }

  @Test
  void nodesReplacedWithinTheIntervalAreNeverWritten() {
    KeyValueStore everyHeight = StorageEngines.open(TestEngines.MEMORY.config());
    try {
      StateStore written = StateStore.open(everyHeight, CONFIG.withTrieFlushInterval(1));
      commitUpTo(14);
      for (long h = 0; h <= 14; h++) {
        assertThat(commitHeight(written, h)).isEqualTo(roots.get((int) h));
      }

      assertThat(state.trieHeight()).isEqualTo(12);
      assertThat(written.trieHeight()).as("every height's trie up to there written").isGreaterThanOrEqualTo(11);
      assertThat(storedNodes(kv)).isLessThan(storedNodes(everyHeight) * 2 / 3);
    } finally {
      everyHeight.close();
    }
  }

  @Test
  void aHeightBelowTheWrittenTrieKeepsItsHistoryButProvesOnlyIfItsTrieWasWritten() {
    commitUpTo(10);
    assertThat(state.trieHeight()).isEqualTo(8);

    assertThat(state.at(5).account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(6));
    assertThatThrownBy(() -> state.at(5).proof(ALICE, List.of())).isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining("height 5").hasMessageContaining("every 4 heights");
    assertProves(state, 4);
    assertProves(state, 8);
    for (long h = 9; h <= 10; h++) {
      assertProves(state, h);
    }
  }

  @Test
  void aRollbackBelowTheWrittenTrieRebuildsTheTriesFromTheDiffs() {
    commitUpTo(12);
    assertThat(state.trieHeight()).isEqualTo(8);

    state.rollbackTo(6);

    assertThat(state.headRoot()).isEqualTo(roots.get(6));
    assertThat(state.trieHeight()).as("rebuilt from the written trie of height 4").isEqualTo(4);
    assertProves(state, 5);
    assertProves(state, 6);
    roots.subList(7, roots.size()).clear();
    commitUpTo(8);
    assertProves(state, 8);
    StateStore reopened = StateStore.open(kv, CONFIG);
    assertThat(reopened.headRoot()).isEqualTo(roots.get(8));
    assertProves(reopened, 7);
  }

  @Test
  void openingRebuildsTheHeldTriesFromTheDiffs() {
    commitUpTo(10);
    assertThat(state.trieHeight()).isEqualTo(8);
    long held = state.metrics().heldTrieNodes();

    StateStore reopened = StateStore.open(kv, CONFIG);

    assertThat(reopened.trieHeight()).isEqualTo(8);
    assertThat(reopened.metrics().heldTrieNodes()).isEqualTo(held);
    assertProves(reopened, 9);
    assertProves(reopened, 10);
    WorldState world = reopened.begin();
    world.setBalance(ALICE, BigInteger.TEN);
    WorldState same = state.begin();
    same.setBalance(ALICE, BigInteger.TEN);
    assertThat(world.commit(11, StateStoreTest.block(11))).isEqualTo(same.commit(11, StateStoreTest.block(11)));
  }

  @Test
  void aDiffThatNoLongerGivesItsHeightsRootIsReportedAsCorruptionOnOpen() {
    commitUpTo(10);
    StateDiff diff = state.diff(10).orElseThrow();
    List<StateDiff.AccountChange> forged = new ArrayList<>(diff.accounts());
    StateDiff.AccountChange alice = forged.stream().filter(c -> c.address().equals(ALICE)).findFirst().orElseThrow();
    forged.set(forged.indexOf(alice), new StateDiff.AccountChange(ALICE, alice.before(),
        alice.after().map(a -> a.withBalance(BigInteger.valueOf(999)))));
    kv.put(state.diffs, StateLayout.heightKey(10), new StateDiff(10, forged, diff.slots()).encode());

    assertThatThrownBy(() -> StateStore.open(kv, CONFIG)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("height 10").hasMessageContaining("state trie root");
  }

  @Test
  void flushingTheTriesWritesEveryHeldHeightAndTheNextOpenRebuildsNothing() {
    commitUpTo(10);
    long held = state.metrics().heldTrieNodes();

    assertThat(state.flushTries()).as("each held node written once at most").isPositive().isLessThanOrEqualTo(held);

    assertThat(state.trieHeight()).isEqualTo(10);
    assertThat(state.metrics().heldTrieNodes()).isZero();
    for (long h = 8; h <= 10; h++) {
      assertWritten(roots.get((int) h));
    }
    StateStore reopened = StateStore.open(kv, CONFIG);
    assertThat(reopened.metrics().heldTrieNodes()).isZero();
    reopened.rollbackTo(9);
    assertThat(reopened.metrics().heldTrieNodes()).as("height 9's trie is written: nothing to rebuild").isZero();
    assertProves(reopened, 9);
    assertThat(state.flushTries()).as("nothing held").isZero();
  }

  @Test
  void aCommitRefusedForItsHeightHoldsNothing() {
    commitUpTo(5);
    long held = state.metrics().heldTrieNodes();
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.TEN);

    assertThatThrownBy(() -> world.commit(7, StateStoreTest.block(7))).isInstanceOf(IllegalArgumentException.class);

    assertThat(state.metrics().heldTrieNodes()).isEqualTo(held);
  }

  @Test
  void aProofRacingTheFlushThatLetsItsTrieGoVerifiesOrIsUnavailable() throws Exception {
    commitUpTo(3);
    Hash root = roots.get(3);
    state.at(3).proof(CONTRACT, List.of(SLOT)).verify(root);
    AtomicBoolean committing = new AtomicBoolean(true);
    CountDownLatch proving = new CountDownLatch(1);
    CompletableFuture<Integer> attempts = CompletableFuture.supplyAsync(() -> {
      int attempted = 0;
      proving.countDown();
      do {
        try {
          state.at(3).proof(CONTRACT, List.of(SLOT)).verify(root);
        } catch (StateUnavailableException e) {
          // let go by a flush: the only other outcome allowed
        }
        attempted++;
      } while (committing.get());
      return attempted;
    });
    proving.await();
    try {
      commitUpTo(40);
    } finally {
      committing.set(false);
    }

    assertThat(attempts.get()).isPositive();
    assertThatThrownBy(() -> state.at(3).proof(ALICE, List.of())).isInstanceOf(StateUnavailableException.class);
  }
}
