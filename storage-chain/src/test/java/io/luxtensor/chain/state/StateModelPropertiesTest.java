package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieEntry;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The state store against a plain map model under random transfers, slot writes, code deploys,
 * account deletions, commits, world-state rollbacks, reorgs ({@code rollbackTo}), reopens and
 * pruning. After every step the head's reads, the world state's reads and every kept height's
 * reads equal the model, the head root equals a root recomputed from scratch by fresh tries over
 * the model, and every kept height's tries are complete in the node store (pruning never removed a
 * node a kept root reaches). Tries are written every 1 to 3 heights: every kept height whose trie
 * the store keeps (all of them at an interval of 1, at least the flat height's and those above it
 * otherwise) walks completely and proves its reads, a written one through the stored nodes alone,
 * and the others' proofs fail as unavailable.
 */
class StateModelPropertiesTest {

  static final int ADDRESSES = 4;
  static final int SLOTS = 3;
  static final long RETAINED = 3;
  static final List<Address> UNIVERSE = java.util.stream.IntStream.range(0, ADDRESSES).mapToObj(StateStoreTest::address).toList();
  static final List<Hash> SLOT_KEYS = List.of(Words.of(0), Words.of(1), Words.parse("0x" + "ab".repeat(32)));
  static final List<byte[]> CODES = List.of(new byte[] {0x60, 0x01}, new byte[40]);

  /** One account of the model. */
  record ModelAccount(long nonce, BigInteger balance, byte[] code, TreeMap<Hash, Hash> slots) {
    ModelAccount copy() {
      return new ModelAccount(nonce, balance, code, new TreeMap<>(slots));
    }
  }

  /** A model world: address to account, absent accounts absent. */
  static TreeMap<Address, ModelAccount> copy(TreeMap<Address, ModelAccount> world) {
    TreeMap<Address, ModelAccount> out = new TreeMap<>();
    world.forEach((a, acc) -> out.put(a, acc.copy()));
    return out;
  }

  sealed interface Op permits Transfer, SetSlot, Deploy, Delete, Commit, DropChanges, Reorg, Reopen, Prune {}

  record Transfer(int from, int to, int amount) implements Op {}

  record SetSlot(int address, int slot, int value) implements Op {}

  record Deploy(int address, int code) implements Op {}

  record Delete(int address) implements Op {}

  record Commit() implements Op {}

  record DropChanges() implements Op {}

  record Reorg(int depth) implements Op {}

  /** Reopens the store keeping {@code diffLayers} heights above its flat tables from now on. */
  record Reopen(int diffLayers) implements Op {}

  record Prune(int maxHeights) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> address = Arbitraries.integers().between(0, ADDRESSES - 1);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Combinators.combine(address, address, Arbitraries.integers().between(0, 60))
            .as(Transfer::new)),
        net.jqwik.api.Tuple.of(4, Combinators.combine(address, Arbitraries.integers().between(0, SLOTS - 1),
            Arbitraries.integers().between(0, 3)).as(SetSlot::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(address, Arbitraries.integers().between(0, CODES.size() - 1))
            .as(Deploy::new)),
        net.jqwik.api.Tuple.of(1, address.map(Delete::new)),
        net.jqwik.api.Tuple.of(5, Arbitraries.just(new Commit())),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new DropChanges())),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 4).map(Reorg::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 4).map(Reopen::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3).map(Prune::new)));
    return op.list().ofMaxSize(50);
  }

  /** The system under test with its model. */
  static final class Run {
    final KeyValueStore kv = StorageEngines.open(TestEngines.MEMORY.config());
    final KeyValueStore scratch = StorageEngines.open(TestEngines.MEMORY.config());
    StateConfig config;
    StateStore state;
    WorldState world;
    final TreeMap<Long, TreeMap<Address, ModelAccount>> committed = new TreeMap<>();
    TreeMap<Address, ModelAccount> current = new TreeMap<>();
    /** The start of the retention window at the last prune: heights below it may be on their way out. */
    long pruneHorizon = Long.MIN_VALUE;

    /**
     * A run whose store keeps {@code diffLayers} heights above its flat tables and writes tries every
     * {@code trieFlushInterval} heights.
     */
    Run(int diffLayers, int trieFlushInterval) {
      // Odd layer counts run without the trie node encodings, so that nodes come from storage.
      config = StateConfig.DEFAULT.withRetainedHeights(RETAINED).withCaches(3, 3, 16).withDiffLayers(diffLayers)
          .withCachedTrieNodeBytes(diffLayers % 2 == 0 ? 1 << 20 : 0).withTrieFlushInterval(trieFlushInterval);
      state = StateStore.open(kv, config);
      world = state.begin();
      // Genesis funds every account so that transfers mostly succeed.
      for (Address a : UNIVERSE) {
        world.setBalance(a, BigInteger.valueOf(100));
        current.put(a, new ModelAccount(0, BigInteger.valueOf(100), new byte[0], new TreeMap<>()));
      }
      world.commit(0, StateStoreTest.block(0));
      committed.put(0L, copy(current));
    }

    long head() {
      return committed.lastKey();
    }

    ModelAccount touch(Address a) {
      return current.computeIfAbsent(a, x -> new ModelAccount(0, BigInteger.ZERO, new byte[0], new TreeMap<>()));
    }

    void apply(Op op) {
      if (op instanceof Transfer t) {
        transfer(UNIVERSE.get(t.from()), UNIVERSE.get(t.to()), BigInteger.valueOf(t.amount()));
      } else if (op instanceof SetSlot s) {
        Address a = UNIVERSE.get(s.address());
        Hash value = Words.of(s.value());
        world.setStorage(a, SLOT_KEYS.get(s.slot()), value);
        ModelAccount account = touch(a);
        if (value.equals(Hash.ZERO)) {
          account.slots().remove(SLOT_KEYS.get(s.slot()));
        } else {
          account.slots().put(SLOT_KEYS.get(s.slot()), value);
        }
      } else if (op instanceof Deploy d) {
        Address a = UNIVERSE.get(d.address());
        world.setCode(a, CODES.get(d.code()));
        ModelAccount account = touch(a);
        current.put(a, new ModelAccount(account.nonce(), account.balance(), CODES.get(d.code()), account.slots()));
      } else if (op instanceof Delete d) {
        world.deleteAccount(UNIVERSE.get(d.address()));
        current.remove(UNIVERSE.get(d.address()));
      } else if (op instanceof Commit c) {
        long height = head() + 1;
        world.commit(height, StateStoreTest.block(height));
        committed.put(height, copy(current));
      } else if (op instanceof DropChanges d) {
        world.rollback();
        current = copy(committed.lastEntry().getValue());
      } else if (op instanceof Reorg r) {
        long target = Math.max(committed.firstKey(), head() - r.depth());
        if (target < pruneHorizon && config.trieFlushInterval() > 1 && !rollsBack(target)) {
          return;
        }
        state.rollbackTo(target);
        committed.tailMap(target, false).clear();
        world = state.begin();
        current = copy(committed.lastEntry().getValue());
      } else if (op instanceof Reopen r) {
        config = config.withDiffLayers(r.diffLayers());
        state = StateStore.open(kv, config);
        world = state.begin();
        current = copy(committed.lastEntry().getValue());
      } else if (op instanceof Prune p) {
        long keepFrom = head() - RETAINED;
        pruneHorizon = Math.max(pruneHorizon, keepFrom);
        int window = (int) Math.max(0, Math.min(p.maxHeights(), keepFrom - committed.firstKey()));
        int removed = state.prune(p.maxHeights());
        if (config.trieFlushInterval() == 1) {
          assertThat(removed).isEqualTo(window);
        } else {
          // It stops early only at the newest written trie before the window, which the heights above rebuild from.
          assertThat(removed).isBetween(0, window);
        }
        committed.headMap(committed.firstKey() + removed, false).clear();
        if (removed < window) {
          assertThat(writtenNodes().contains(state.at(committed.firstKey()).root())).as("trie of the oldest height").isTrue();
        }
        state.pruneTrieNodes();
      }
    }

    /**
     * Rolls back to {@code target}, a height below the retention window of a prune that may not have
     * removed it yet: true if it did, false if it failed as unavailable (no written trie at or below it
     * to rebuild its trie from), which leaves the store as it was.
     */
    boolean rollsBack(long target) {
      try {
        state.rollbackTo(target);
        return true;
      } catch (StateUnavailableException e) {
        assertThat(state.headHeight()).hasValue(head());
        return false;
      }
    }

    TrieStore writtenNodes() {
      return TrieStore.open(kv, state.nodes, 0, 0);
    }

    void transfer(Address from, Address to, BigInteger amount) {
      ModelAccount sender = current.get(from);
      BigInteger balance = sender == null ? BigInteger.ZERO : sender.balance();
      if (balance.compareTo(amount) < 0) {
        assertThatThrownBy(() -> world.transfer(from, to, amount)).isInstanceOf(InsufficientBalanceException.class);
        return;
      }
      world.transfer(from, to, amount);
      ModelAccount s = touch(from);
      current.put(from, new ModelAccount(s.nonce() + 1, s.balance().subtract(amount), s.code(), s.slots()));
      ModelAccount r = touch(to);
      current.put(to, new ModelAccount(r.nonce(), r.balance().add(amount), r.code(), r.slots()));
    }

    void check() {
      assertThat(state.headHeight()).hasValue(head());
      assertThat(state.oldestHeight()).hasValue(committed.firstKey());
      assertThat(state.headRoot()).isEqualTo(rootFromScratch(committed.lastEntry().getValue()));
      checkView(world, current);
      long lowestLayer = state.flatHeight();
      for (Map.Entry<Long, TreeMap<Address, ModelAccount>> kept : committed.entrySet()) {
        long height = kept.getKey();
        StateView view = state.at(height);
        assertThat(view.root()).isEqualTo(rootFromScratch(kept.getValue()));
        checkReads(view, kept.getValue());
        if (config.trieFlushInterval() == 1 || height >= lowestLayer) {
          assertThat(state.keepsTrieOf(height)).as("trie of height " + height).isTrue();
        }
        if (state.keepsTrieOf(height)) {
          checkTriesComplete(state.trieStore, view.root(), kept.getValue());
          checkProofs(view, kept.getValue());
        } else {
          assertThatThrownBy(() -> view.proof(UNIVERSE.get(0), List.of())).isInstanceOf(StateUnavailableException.class);
        }
        if (writtenNodes().contains(view.root())) {
          checkTriesComplete(writtenNodes(), view.root(), kept.getValue());
        }
      }
    }

    void checkProofs(StateView view, TreeMap<Address, ModelAccount> model) {
      for (Address a : UNIVERSE) {
        AccountProof proof = view.proof(a, SLOT_KEYS);
        proof.verify(view.root());
        assertThat(proof.account().isPresent()).isEqualTo(model.containsKey(a));
      }
    }

    void checkView(WorldState view, TreeMap<Address, ModelAccount> model) {
      for (Address a : UNIVERSE) {
        ModelAccount expected = model.get(a);
        assertThat(view.exists(a)).as("existence of " + a).isEqualTo(expected != null);
        assertThat(view.balance(a)).isEqualTo(expected == null ? BigInteger.ZERO : expected.balance());
        assertThat(view.nonce(a)).isEqualTo(expected == null ? 0 : expected.nonce());
        assertThat(view.code(a)).isEqualTo(expected == null ? new byte[0] : expected.code());
        for (Hash slot : SLOT_KEYS) {
          assertThat(view.storage(a, slot)).isEqualTo(expected == null ? Hash.ZERO : expected.slots().getOrDefault(slot, Hash.ZERO));
        }
      }
    }

    void checkReads(StateView view, TreeMap<Address, ModelAccount> model) {
      for (Address a : UNIVERSE) {
        ModelAccount expected = model.get(a);
        assertThat(view.account(a).isPresent()).as("existence of " + a + " at " + view.height()).isEqualTo(expected != null);
        assertThat(view.balance(a)).isEqualTo(expected == null ? BigInteger.ZERO : expected.balance());
        assertThat(view.nonce(a)).isEqualTo(expected == null ? 0 : expected.nonce());
        assertThat(view.code(a)).isEqualTo(expected == null ? new byte[0] : expected.code());
        for (Hash slot : SLOT_KEYS) {
          assertThat(view.storage(a, slot)).as("slot " + slot + " of " + a + " at " + view.height())
              .isEqualTo(expected == null ? Hash.ZERO : expected.slots().getOrDefault(slot, Hash.ZERO));
        }
      }
    }

    /** Walks every node of the state trie and of each storage trie at {@code root} through {@code nodes}. */
    void checkTriesComplete(TrieStore nodes, Hash root, TreeMap<Address, ModelAccount> model) {
      int accounts = 0;
      for (Iterator<TrieEntry> it = SecureTrie.open(nodes, root).iterator(); it.hasNext(); ) {
        Account account = Account.decode(it.next().value());
        accounts++;
        int slots = 0;
        for (Iterator<TrieEntry> s = SecureTrie.open(nodes, account.storageRoot()).iterator(); s.hasNext(); s.next()) {
          slots++;
        }
        assertThat(slots).isBetween(0, SLOTS);
      }
      assertThat(accounts).isEqualTo(model.size());
    }

    Hash rootFromScratch(TreeMap<Address, ModelAccount> model) {
      TrieStore fresh = TrieStore.open(scratch, scratch.defaultColumnFamily(), 0);
      SecureTrie accounts = SecureTrie.empty(fresh);
      model.forEach((a, acc) -> {
        SecureTrie storage = SecureTrie.empty(fresh);
        acc.slots().forEach((slot, value) -> storage.put(slot.bytes(), StateStore.trieValue(value)));
        Hash codeHash = acc.code().length == 0 ? Hash.EMPTY_CODE_HASH : Hash.keccak256(acc.code());
        accounts.put(a.bytes(), new Account(acc.nonce(), acc.balance(), storage.rootHash(), codeHash).encode());
      });
      return accounts.rootHash();
    }

    void close() {
      kv.close();
      scratch.close();
    }
  }

  @Property(tries = 60)
  void everyReadRootAndKeptHeightMatchesTheModel(@ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 0, max = 4) int diffLayers, @ForAll @IntRange(min = 1, max = 3) int trieFlushInterval) {
    Run run = new Run(diffLayers, trieFlushInterval);
    try {
      run.check();
      for (Op op : ops) {
        run.apply(op);
        run.check();
      }
    } finally {
      run.close();
    }
  }

  @Provide
  Arbitrary<List<Op>> commitsAndPrunes() {
    Arbitrary<Integer> address = Arbitraries.integers().between(0, ADDRESSES - 1);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Combinators.combine(address, Arbitraries.integers().between(0, SLOTS - 1),
            Arbitraries.integers().between(0, 2)).as(SetSlot::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(address, address, Arbitraries.integers().between(0, 30))
            .as(Transfer::new)),
        net.jqwik.api.Tuple.of(1, address.map(Delete::new)),
        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Commit())),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 2).map(Reorg::new)),
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 4).map(Prune::new)));
    return op.list().ofMinSize(10).ofMaxSize(60);
  }

  /**
   * Pruning never removes a node a kept root reaches: after commits, reorgs and prunes (identical
   * storage tries shared between contracts and between heights included), every kept height's
   * state trie and storage tries walk completely and hold what the model says.
   */
  @Property(tries = 60)
  void pruningNeverRemovesANodeAKeptRootReaches(@ForAll("commitsAndPrunes") List<Op> ops,
      @ForAll @IntRange(min = 0, max = 4) int diffLayers, @ForAll @IntRange(min = 1, max = 3) int trieFlushInterval) {
    Run run = new Run(diffLayers, trieFlushInterval);
    try {
      for (Op op : ops) {
        run.apply(op);
        if (op instanceof Prune) {
          run.check();
        }
      }
      run.apply(new Prune(Integer.MAX_VALUE));
      run.check();
      if (trieFlushInterval == 1) {
        assertThat(Arrays.asList(run.committed.keySet().toArray())).hasSizeLessThanOrEqualTo((int) RETAINED + 1);
      }
    } finally {
      run.close();
    }
  }

}
