package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.InvalidProofException;
import io.luxtensor.chain.trie.MissingNodeException;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store's behaviour, once writing every height through to the flat tables and once
 * with the default diff layers above them: both must read, commit and roll back the same.
 */
@ParameterizedClass(name = "{0} diff layers")
@ValueSource(ints = {0, 128})
class StateStoreTest {

  @Parameter
  int diffLayers;

  static final Address ALICE = address(1);
  static final Address BOB = address(2);
  static final Address CONTRACT = address(3);
  static final Hash SLOT = Words.of(7);

  private KeyValueStore kv;
  private StateStore state;

  static Address address(int n) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) 0xaa;
    bytes[19] = (byte) n;
    return Address.of(bytes);
  }

  static Hash block(long height) {
    return Words.of(1_000_000 + height);
  }

  @BeforeEach
  void open() {
    kv = StorageEngines.open(TestEngines.MEMORY.config());
    state = StateStore.open(kv, config());
  }

  /** The default config with this run's diff layers. */
  /** With diff layers, the default caches; without, no trie node cache, so every node comes from storage. */
  /** Tries written at every height, as these tests count nodes; {@code StateTrieLayersTest} holds them longer. */
  private StateConfig config() {
    StateConfig config = StateConfig.DEFAULT.withDiffLayers(diffLayers).withTrieFlushInterval(1);
    return diffLayers > 0 ? config : config.withCaches(config.cachedAccounts(), config.cachedSlots(), 0)
        .withCachedTrieNodeBytes(0);
  }

  @AfterEach
  void close() {
    kv.close();
  }

  private Hash commitGenesis() {
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.valueOf(100));
    world.setCode(CONTRACT, new byte[] {0x60, 0x00});
    world.setStorage(CONTRACT, SLOT, Words.of(42));
    return world.commit(0, block(0));
  }

  @Test
  void worldStateReadsItsOwnUncommittedWrites() {
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.TEN);
    world.setStorage(CONTRACT, SLOT, Words.of(5));

    assertThat(world.balance(ALICE)).isEqualTo(BigInteger.TEN);
    assertThat(world.storage(CONTRACT, SLOT)).isEqualTo(Words.of(5));
    assertThat(state.account(ALICE)).isEmpty();
  }

  @Test
  void transferMovesBalanceAndIncrementsTheSenderNonce() {
    commitGenesis();
    WorldState world = state.begin();

    world.transfer(ALICE, BOB, BigInteger.valueOf(30));

    assertThat(world.balance(ALICE)).isEqualTo(BigInteger.valueOf(70));
    assertThat(world.balance(BOB)).isEqualTo(BigInteger.valueOf(30));
    assertThat(world.nonce(ALICE)).isEqualTo(1);
  }

  @Test
  void transferOfMoreThanTheBalanceFailsAndChangesNothing() {
    commitGenesis();
    WorldState world = state.begin();

    assertThatThrownBy(() -> world.transfer(ALICE, BOB, BigInteger.valueOf(101)))
        .isInstanceOf(InsufficientBalanceException.class).hasMessageContaining("balance is 100");
    assertThat(world.hasChanges()).isFalse();
  }

  @Test
  void transferWithAStaleNonceFails() {
    commitGenesis();
    WorldState world = state.begin();
    world.transfer(ALICE, BOB, BigInteger.ONE, 0);

    assertThatThrownBy(() -> world.transfer(ALICE, BOB, BigInteger.ONE, 0)).isInstanceOf(InvalidNonceException.class);
  }

  @Test
  void rollbackDropsUncommittedChanges() {
    commitGenesis();
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.ONE);

    world.rollback();

    assertThat(world.balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
    assertThat(world.commit(1, block(1))).isEqualTo(state.at(0).root());
  }

  @Test
  void commitReturnsTheRootOfAFreshTrieOverTheAccounts() {
    Hash root = commitGenesis();
    Account contract = state.account(CONTRACT).orElseThrow();

    SecureTrie storage = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
    storage.put(SLOT.bytes(), StateStore.trieValue(Words.of(42)));
    SecureTrie accounts = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
    accounts.put(ALICE.bytes(), Account.EMPTY.withBalance(BigInteger.valueOf(100)).encode());
    accounts.put(CONTRACT.bytes(), contract.encode());

    assertThat(contract.storageRoot()).isEqualTo(storage.rootHash());
    assertThat(contract.codeHash()).isEqualTo(Hash.keccak256(new byte[] {0x60, 0x00}));
    assertThat(root).isEqualTo(accounts.rootHash());
  }

  @Test
  void aCommitLargeEnoughToPrefetchItsPathsHasTheRootOfAFreshTrie() {
    int count = TriePrefetcher.MIN_KEYS;
    WorldState world = state.begin();
    for (int i = 0; i < count; i++) {
      world.setBalance(address(i), BigInteger.ONE);
    }
    world.setStorage(CONTRACT, SLOT, Words.of(1));
    world.commit(0, block(0));
    for (int i = 0; i < count; i++) {
      world.setBalance(address(i), BigInteger.TWO);
    }
    world.setStorage(CONTRACT, SLOT, Words.of(2));

    Hash root = world.commit(1, block(1));

    SecureTrie storage = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
    storage.put(SLOT.bytes(), StateStore.trieValue(Words.of(2)));
    SecureTrie accounts = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
    for (int i = 0; i < count; i++) {
      Account account = Account.EMPTY.withBalance(BigInteger.TWO);
      accounts.put(address(i).bytes(), (address(i).equals(CONTRACT) ? account.withStorageRoot(storage.rootHash())
          : account).encode());
    }
    assertThat(root).isEqualTo(accounts.rootHash());
  }

  /** Contract {@code n} of a commit large enough to prepare its storage tries on other threads. */
  private static Address contract(int n) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) 0xcc;
    bytes[18] = (byte) (n >>> 8);
    bytes[19] = (byte) n;
    return Address.of(bytes);
  }

  private static final int PREPARED_CONTRACTS = TriePrefetcher.MIN_KEYS / 2;

  /** Genesis: every contract with slots 1 and 2 set. */
  private Hash commitContracts(WorldState world) {
    for (int i = 0; i < PREPARED_CONTRACTS; i++) {
      world.setBalance(contract(i), BigInteger.ONE);
      world.setStorage(contract(i), Words.of(1), Words.of(i + 1));
      world.setStorage(contract(i), Words.of(2), Words.of(i + 2));
    }
    return world.commit(0, block(0));
  }

  @Test
  void aCommitWhoseStorageTriesArePreparedOnOtherThreadsHasTheRootOfAFreshTrie() {
    WorldState world = state.begin();
    commitContracts(world);
    for (int i = 0; i < PREPARED_CONTRACTS; i++) {
      world.setStorage(contract(i), Words.of(1), Words.of(1_000 + i));
      world.setStorage(contract(i), Words.of(2), Hash.ZERO);
    }

    Hash root = world.commit(1, block(1));

    SecureTrie accounts = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
    for (int i = 0; i < PREPARED_CONTRACTS; i++) {
      SecureTrie storage = SecureTrie.open(state.trieStore, Hash.EMPTY_TRIE_ROOT);
      storage.put(Words.of(1).bytes(), StateStore.trieValue(Words.of(1_000 + i)));
      accounts.put(contract(i).bytes(), Account.EMPTY.withBalance(BigInteger.ONE).withStorageRoot(storage.rootHash()).encode());
    }
    assertThat(root).isEqualTo(accounts.rootHash());
    List<StateDiff.SlotChange> slots = state.diff(1).orElseThrow().slots();
    assertThat(slots).hasSize(2 * PREPARED_CONTRACTS);
    assertThat(slots.get(0)).isEqualTo(new StateDiff.SlotChange(contract(0), Words.of(1), Words.of(1), Words.of(1_000)));
    assertThat(slots.get(1)).isEqualTo(new StateDiff.SlotChange(contract(0), Words.of(2), Words.of(2), Hash.ZERO));
  }

  @Test
  void aCommitChangingHalfTheAccountsAndSlotsUnderEachNodeKeepsTheOtherHalfAsTheyWere() {
    int contracts = 4 * PREPARED_CONTRACTS;
    WorldState genesis = state.begin();
    for (int i = 0; i < contracts; i++) {
      genesis.setBalance(contract(i), BigInteger.ONE);
      genesis.setStorage(contract(i), Words.of(i % 16), Words.of(i + 1));
      genesis.setStorage(contract(i), Words.of(16 + i % 16), Words.of(i + 2));
    }
    genesis.commit(0, block(0));
    WorldState world = state.begin();
    for (int i = 0; i < contracts; i += 2) {
      world.setBalance(contract(i), BigInteger.TWO);
      world.setStorage(contract(i), Words.of(i % 16), Words.of(1_000 + i));
    }

    Hash root = world.commit(1, block(1));

    try (KeyValueStore fresh = StorageEngines.open(TestEngines.MEMORY.config())) {
      WorldState same = StateStore.open(fresh, config()).begin();
      for (int i = 0; i < contracts; i++) {
        boolean changed = i % 2 == 0;
        same.setBalance(contract(i), changed ? BigInteger.TWO : BigInteger.ONE);
        same.setStorage(contract(i), Words.of(i % 16), Words.of(changed ? 1_000 + i : i + 1));
        same.setStorage(contract(i), Words.of(16 + i % 16), Words.of(i + 2));
      }
      assertThat(root).isEqualTo(same.commit(0, block(0)));
    }
  }

  @Test
  void aCommitWhoseWriteFailsChangesNoReadAndTheNextCommitOfThatHeightSucceeds() {
    AtomicBoolean failWrites = new AtomicBoolean();
    KeyValueStore failing = failingWritesWhen(failWrites::get);
    StateStore store = StateStore.open(failing, config());
    WorldState genesis = store.begin();
    genesis.setBalance(address(1), BigInteger.ONE);
    genesis.commit(0, block(0));
    WorldState refused = store.begin();
    refused.setBalance(address(5), BigInteger.TEN);
    failWrites.set(true);

    assertThatThrownBy(() -> refused.commit(1, block(1))).isInstanceOf(StorageException.class)
        .hasMessageContaining("injected");
    failWrites.set(false);
    assertThat(store.headHeight()).hasValue(0);
    assertThat(store.account(address(5))).isEmpty();
    WorldState next = store.begin();
    next.setBalance(address(2), BigInteger.TWO);
    next.commit(1, block(1));

    assertThat(store.account(address(5))).as("the refused height's versions never count").isEmpty();
    assertThat(store.at(1).account(address(5))).isEmpty();
    assertThat(store.account(address(2)).orElseThrow().balance()).isEqualTo(BigInteger.TWO);
  }

  /** The test's store, through which each {@code write} first asks {@code fail} whether to throw instead. */
  private KeyValueStore failingWritesWhen(BooleanSupplier fail) {
    return (KeyValueStore) Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("write") && fail.getAsBoolean()) {
            throw new StorageException("injected write failure");
          }
          try {
            return method.invoke(kv, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void theNodesOfAFirstHeightWhoseBatchFailsAreUnreachableAndTheNextPruneSweepsThem() {
    AtomicInteger writesUntilFailure = new AtomicInteger(Integer.MAX_VALUE);
    KeyValueStore failing = failingWritesWhen(() -> writesUntilFailure.decrementAndGet() == 0);
    StateStore store = StateStore.open(failing, config());
    // The first height's trie nodes land ahead of it; its own batch fails.
    writesUntilFailure.set(2);

    assertThatThrownBy(() -> commitContracts(store.begin())).isInstanceOf(StorageException.class)
        .hasMessageContaining("injected");
    writesUntilFailure.set(Integer.MAX_VALUE);
    assertThat(store.headHeight()).isEmpty();
    assertThat(store.pruneTrieNodes()).as("the refused height's nodes, written ahead of it").isPositive();
    assertThat(store.pruneTrieNodes()).isZero();
    Hash genesis = commitContracts(store.begin());
    assertThat(store.at(0).root()).isEqualTo(genesis);
    assertThat(store.pruneTrieNodes()).as("nothing dead after a commit that landed").isZero();
  }

  @Test
  void aLaterCommitWhoseBatchFailsWritesNoTrieNodesAndHoldsNone() {
    AtomicInteger writesUntilFailure = new AtomicInteger(Integer.MAX_VALUE);
    KeyValueStore failing = failingWritesWhen(() -> writesUntilFailure.decrementAndGet() == 0);
    StateStore store = StateStore.open(failing, config().withDiffLayers(0));
    Hash genesis = commitContracts(store.begin());
    long held = store.metrics().heldTrieNodes();
    WorldState refused = store.begin();
    refused.setBalance(address(5), BigInteger.TEN);
    refused.setStorage(contract(1), Words.of(1), Words.of(99));
    writesUntilFailure.set(1);

    assertThatThrownBy(() -> refused.commit(1, block(1))).isInstanceOf(StorageException.class)
        .hasMessageContaining("injected");
    writesUntilFailure.set(Integer.MAX_VALUE);
    assertThat(store.headRoot()).isEqualTo(genesis);
    assertThat(store.committed(1)).isEmpty();
    assertThat(store.metrics().heldTrieNodes()).isEqualTo(held);
    assertThat(store.pruneTrieNodes()).as("nothing written for the refused height").isZero();
    WorldState next = store.begin();
    next.setStorage(contract(1), Words.of(1), Words.of(99));
    next.commit(1, block(1));
    assertThat(store.storage(contract(1), Words.of(1))).isEqualTo(Words.of(99));
  }

  @Test
  void aStorageTrieThatFailsToPrepareOnAnotherThreadFailsTheCommitWithTheStoresErrorAndWritesNothing() {
    Hash genesis = commitContracts(state.begin());
    Hash lostRoot = state.account(contract(7)).orElseThrow().storageRoot();
    kv.delete(state.nodes, lostRoot.bytes());
    StateStore reopened = StateStore.open(kv, config());
    WorldState world = reopened.begin();
    for (int i = 0; i < PREPARED_CONTRACTS; i++) {
      world.setStorage(contract(i), Words.of(1), Words.of(1_000 + i));
    }

    assertThatThrownBy(() -> world.commit(1, block(1))).isInstanceOf(MissingNodeException.class)
        .hasMessageContaining(lostRoot.toHex());
    assertThat(reopened.headHeight()).hasValue(0);
    assertThat(reopened.headRoot()).isEqualTo(genesis);
    assertThat(reopened.committed(1)).isEmpty();
  }

  @Test
  void aSecondWorldStateCannotCommitAfterTheHeadMoved() {
    commitGenesis();
    WorldState first = state.begin();
    WorldState second = state.begin();
    first.setBalance(BOB, BigInteger.ONE);
    first.commit(1, block(1));
    second.setBalance(BOB, BigInteger.TWO);

    assertThatThrownBy(() -> second.commit(2, block(2))).isInstanceOf(StateConflictException.class);
  }

  @Test
  void commitRejectsAHeightThatDoesNotFollowTheHead() {
    commitGenesis();

    assertThatThrownBy(() -> state.begin().commit(5, block(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next height is 1");
  }

  @Test
  void olderHeightsReadAsTheyWereCommitted() {
    commitGenesis();
    WorldState world = state.begin();
    world.transfer(ALICE, BOB, BigInteger.valueOf(40));
    world.setStorage(CONTRACT, SLOT, Hash.ZERO);
    world.commit(1, block(1));
    world.setStorage(CONTRACT, SLOT, Words.of(9));
    world.commit(2, block(2));

    assertThat(state.at(0).balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
    assertThat(state.at(0).account(BOB)).isEmpty();
    assertThat(state.at(0).storage(CONTRACT, SLOT)).isEqualTo(Words.of(42));
    assertThat(state.at(1).storage(CONTRACT, SLOT)).isEqualTo(Hash.ZERO);
    assertThat(state.at(2).storage(CONTRACT, SLOT)).isEqualTo(Words.of(9));
    assertThat(state.at(1).balance(BOB)).isEqualTo(BigInteger.valueOf(40));
  }

  @Test
  void aThreadThatReadHistoryBeforeACommitSeesTheCommitsHistoryAfterIt() {
    commitGenesis();
    WorldState world = state.begin();
    world.setStorage(CONTRACT, SLOT, Words.of(43));
    world.commit(1, block(1));
    world.setBalance(ALICE, BigInteger.ONE);
    world.commit(2, block(2));
    StateView one = state.at(1);
    assertThat(one.balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
    assertThat(one.storage(CONTRACT, SLOT)).isEqualTo(Words.of(43));

    world.setBalance(ALICE, BigInteger.TWO);
    world.setStorage(CONTRACT, SLOT, Words.of(44));
    world.commit(3, block(3));

    assertThat(state.at(2).balance(ALICE)).isEqualTo(BigInteger.ONE);
    assertThat(state.at(2).storage(CONTRACT, SLOT)).isEqualTo(Words.of(43));
    assertThat(one.balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
  }

  @Test
  void aHeightsDiffListsBeforeAndAfterOfEveryChange() {
    commitGenesis();
    WorldState world = state.begin();
    world.setStorage(CONTRACT, SLOT, Words.of(43));
    world.commit(1, block(1));

    StateDiff diff = state.diff(1).orElseThrow();

    assertThat(diff.slots()).containsExactly(new StateDiff.SlotChange(CONTRACT, SLOT, Words.of(42), Words.of(43)));
    assertThat(diff.accounts()).hasSize(1);
    assertThat(diff.accounts().get(0).before().orElseThrow().storageRoot())
        .isNotEqualTo(diff.accounts().get(0).after().orElseThrow().storageRoot());
  }

  @Test
  void rollbackToRestoresStateAndRootExactlyAndCommitsContinueOnTop() {
    Hash genesis = commitGenesis();
    WorldState world = state.begin();
    world.transfer(ALICE, BOB, BigInteger.valueOf(10));
    world.deleteAccount(CONTRACT);
    world.commit(1, block(1));
    world.setStorage(BOB, SLOT, Words.of(1));
    world.commit(2, block(2));

    state.rollbackTo(0);

    assertThat(state.headRoot()).isEqualTo(genesis);
    assertThat(state.headHeight()).hasValue(0);
    assertThat(state.account(BOB)).isEmpty();
    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Words.of(42));
    assertThat(state.diff(1)).isEmpty();
    WorldState next = state.begin();
    next.setBalance(BOB, BigInteger.ONE);
    next.commit(1, block(1));
    assertThat(state.at(1).balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
  }

  @Test
  void rollbackRestoresAKeyChangedAtSeveralUndoneHeightsToItsValueAtTheTarget() {
    commitGenesis();
    for (long h = 1; h <= 4; h++) {
      WorldState world = state.begin();
      world.setBalance(ALICE, BigInteger.valueOf(100 + h));
      world.setStorage(CONTRACT, SLOT, Words.of(42 + h));
      world.commit(h, block(h));
    }
    Hash atTwo = state.committed(2).orElseThrow().root();

    state.rollbackTo(2);

    assertThat(state.account(ALICE).orElseThrow().balance()).isEqualTo(BigInteger.valueOf(102));
    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Words.of(44));
    assertThat(state.headRoot()).isEqualTo(atTwo);
    assertThat(state.at(1).balance(ALICE)).isEqualTo(BigInteger.valueOf(101));
  }

  @Test
  void rollbackLeavesNoHistoryOfTheUndoneHeightsToMisreadOlderHeights() {
    commitGenesis();
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.valueOf(7));
    world.setStorage(CONTRACT, SLOT, Words.of(8));
    world.commit(1, block(1));
    state.rollbackTo(0);
    WorldState next = state.begin();
    next.setBalance(BOB, BigInteger.ONE);
    next.commit(1, block(1));
    next.setBalance(BOB, BigInteger.TWO);
    next.commit(2, block(2));

    assertThat(state.at(1).balance(ALICE)).isEqualTo(BigInteger.valueOf(100));
    assertThat(state.at(1).storage(CONTRACT, SLOT)).isEqualTo(Words.of(42));
    assertThat(state.diff(1).orElseThrow().accounts()).extracting(StateDiff.AccountChange::address).containsExactly(BOB);
  }

  @Test
  void deletingAnAccountWipesItsStorageAndRecreatingStartsEmpty() {
    commitGenesis();
    WorldState world = state.begin();
    world.deleteAccount(CONTRACT);
    world.setBalance(CONTRACT, BigInteger.ONE);
    world.commit(1, block(1));

    assertThat(state.storage(CONTRACT, SLOT)).isEqualTo(Hash.ZERO);
    assertThat(state.account(CONTRACT).orElseThrow().storageRoot()).isEqualTo(Hash.EMPTY_TRIE_ROOT);
    assertThat(state.account(CONTRACT).orElseThrow().codeHash()).isEqualTo(Hash.EMPTY_CODE_HASH);
    assertThat(state.at(0).storage(CONTRACT, SLOT)).isEqualTo(Words.of(42));
  }

  @Test
  void proofsVerifyAgainstTheRootAloneAndFailForAnotherValue() {
    Hash root = commitGenesis();

    AccountProof proof = state.head().proof(CONTRACT, List.of(SLOT, Words.of(8)));
    proof.verify(root);
    AccountProof absent = state.head().proof(BOB, List.of(SLOT));
    absent.verify(root);
    AccountProof forged = new AccountProof(CONTRACT, proof.account(), proof.accountProof(),
        List.of(new AccountProof.StorageProof(SLOT, Words.of(41), proof.storageProofs().get(0).proof())));

    assertThat(proof.storageProofs().get(0).value()).isEqualTo(Words.of(42));
    assertThat(proof.storageProofs().get(1).value()).isEqualTo(Hash.ZERO);
    assertThat(absent.account()).isEmpty();
    assertThatThrownBy(() -> forged.verify(root)).isInstanceOf(InvalidProofException.class);
    assertThatThrownBy(() -> proof.verify(Hash.keccak256(new byte[] {1}))).isInstanceOf(InvalidProofException.class);
  }

  @Test
  void pruneRemovesHeightsOutsideTheWindowAndTheirNodesButKeepsTheWindowReadable() {
    state = StateStore.open(kv, config().withRetainedHeights(2));
    WorldState world = state.begin();
    for (int h = 0; h < 8; h++) {
      world.setBalance(ALICE, BigInteger.valueOf(h));
      world.setStorage(CONTRACT, SLOT, Words.of(h + 1));
      world.commit(h, block(h));
    }
    Hash oldRoot = state.at(0).root();

    assertThat(state.prune(3)).isEqualTo(3);
    assertThat(state.prune(100)).isEqualTo(2);
    long deletedNodes = state.pruneTrieNodes();

    assertThat(state.oldestHeight()).hasValue(5);
    assertThatThrownBy(() -> state.at(4)).isInstanceOf(StateUnavailableException.class);
    assertThat(deletedNodes).isPositive();
    assertThatThrownBy(() -> state.at(oldRoot)).isInstanceOf(StateUnavailableException.class);
    for (int h = 5; h < 8; h++) {
      assertThat(state.at(h).storage(CONTRACT, SLOT)).isEqualTo(Words.of(h + 1));
      state.at(h).proof(CONTRACT, List.of(SLOT)).verify(state.at(h).root());
    }
  }

  @Test
  void aViewOfAPrunedHeightStopsAnswering() {
    state = StateStore.open(kv, config().withRetainedHeights(0));
    WorldState world = state.begin();
    world.setBalance(ALICE, BigInteger.ONE);
    world.commit(0, block(0));
    StateView view = state.at(0);
    world.setBalance(ALICE, BigInteger.TWO);
    world.commit(1, block(1));
    state.prune(1);

    assertThatThrownBy(() -> view.balance(ALICE)).isInstanceOf(StateUnavailableException.class)
        .hasMessageContaining("[1, 1]");
  }

  @Test
  void cacheCountsHitsMissesAndEvictions() {
    state = StateStore.open(kv, config().withCaches(2, 2, 100));
    commitGenesis();
    state.clearCaches();
    state.account(ALICE);
    state.account(ALICE);
    state.account(BOB);
    state.account(CONTRACT);
    state.account(address(9));

    StateMetrics.CacheMetrics accounts = state.metrics().accounts();

    assertThat(accounts.hits()).isGreaterThanOrEqualTo(1);
    assertThat(accounts.misses()).isGreaterThanOrEqualTo(4);
    assertThat(accounts.hitRate()).isBetween(0.0, 1.0);
    assertThat(accounts.size()).isLessThanOrEqualTo(4);
  }

  @Test
  void aCorruptFlatAccountIsReportedAsCorruption() {
    commitGenesis();
    Address untouched = Address.fromHex("0x00000000000000000000000000000000000000dd");
    kv.put(state.accounts, untouched.bytes(), new byte[] {1, 2, 3});
    StateStore reopened = StateStore.open(kv, config());

    assertThatThrownBy(() -> reopened.account(untouched)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("flat account");
  }

  @Test
  void viewsOutsideTheKeptHeightsAreUnavailable() {
    commitGenesis();

    assertThatThrownBy(() -> state.at(1)).isInstanceOf(StateUnavailableException.class);
    assertThatThrownBy(() -> state.at(Hash.keccak256(new byte[] {7}))).isInstanceOf(StateUnavailableException.class);
    assertThatThrownBy(() -> state.rollbackTo(3)).isInstanceOf(StateUnavailableException.class);
  }

  @Test
  void pruningTrieNodesGivesTheirBlobFilesSpaceBackOnRocksDb(@TempDir Path dir) {
    try (KeyValueStore disk = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      StateStore onDisk = StateStore.open(disk, config().withRetainedHeights(1));
      WorldState world = onDisk.begin();
      for (int h = 0; h < 6; h++) {
        for (int n = 0; n < 300; n++) {
          byte[] address = new byte[Address.LENGTH];
          address[0] = (byte) n;
          address[1] = (byte) (n >> 8);
          world.setBalance(Address.of(address), BigInteger.valueOf(1_000 * h + n + 1));
        }
        world.commit(h, block(h));
        disk.flush(); // each height's nodes into blob files
      }
      while (onDisk.prune(16) > 0) {
        // bounded steps
      }
      long blobBytes = engineProperty(disk, "rocksdb.live-blob-file-size");

      assertThat(onDisk.pruneTrieNodes()).isPositive();
      assertThat(engineProperty(disk, "rocksdb.live-blob-file-size")).isLessThan(blobBytes / 2);
      assertThat(engineProperty(disk, "rocksdb.live-blob-file-garbage-size")).isZero();
      onDisk.at(5).proof(ALICE, List.of()).verify(onDisk.headRoot()); // the kept trie is whole
    }
  }

  private static long engineProperty(KeyValueStore store, String name) {
    return store.metrics().engineProperties().get(name);
  }

  @Test
  void stateSurvivesAReopenOfAPersistentStore(@TempDir Path dir) {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).build();
    Hash root;
    try (KeyValueStore disk = StorageEngines.open(config)) {
      StateStore onDisk = StateStore.open(disk, config());
      WorldState world = onDisk.begin();
      world.setBalance(ALICE, BigInteger.valueOf(5));
      world.setStorage(CONTRACT, SLOT, Words.of(6));
      world.commit(10, block(10));
      world.setBalance(ALICE, BigInteger.valueOf(7));
      root = world.commit(11, block(11));
    }
    try (KeyValueStore disk = StorageEngines.open(config)) {
      StateStore reopened = StateStore.open(disk, config());

      assertThat(reopened.headHeight()).hasValue(11);
      assertThat(reopened.oldestHeight()).hasValue(10);
      assertThat(reopened.headRoot()).isEqualTo(root);
      assertThat(reopened.at(10).balance(ALICE)).isEqualTo(BigInteger.valueOf(5));
      assertThat(reopened.storage(CONTRACT, SLOT)).isEqualTo(Words.of(6));
      assertThat(reopened.committed(11).map(StateStore.CommittedHeight::blockHash)).isEqualTo(Optional.of(block(11)));
    }
  }
}
