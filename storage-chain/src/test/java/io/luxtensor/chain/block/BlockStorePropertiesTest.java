package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * After any sequence of block imports (children of any stored block, so branches of every shape)
 * and head changes (reorgs of any depth, rewinds, to another genesis' chain), every query of the
 * store equals what a simple in-memory model of the canonical chain says, and {@code verify()} is
 * clean. Bloom sections of {@value #SECTION} blocks, so that chains of a few blocks seal sections
 * and side branches land in sealed ones.
 */
class BlockStorePropertiesTest {

  private static final int KEYS = 4;
  private static final int ADDRESSES = 3;
  private static final int TOPICS = 3;
  private static final int SECTION = 3;
  /** Signed transactions, made once: signing is the slow part, and reuse across branches is the point. */
  private static final List<Transaction> POOL = new ArrayList<>();

  static {
    for (int i = 0; i < 48; i++) {
      ChainFixture.Key from = ChainFixture.key(i % KEYS);
      Address to = i % 5 == 0 ? ChainFixture.key((i + 1) % KEYS).address() : ChainFixture.address(i % ADDRESSES);
      POOL.add(i % 2 == 0 ? ChainFixture.legacy(from, i, to, i) : ChainFixture.dynamicFee(from, i, to, i));
    }
  }

  /** One action: import a child of the {@code pick}-th stored block, or set the head to it. */
  record Step(boolean setHead, int pick, int txCount, int txStart) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 3).map(k -> k == 0),
        Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, POOL.size() - 1)).as(Step::new);
  }

  @Property(tries = 60)
  void queriesAgreeWithTheModelAfterImportsAndReorgs(@ForAll @Size(max = 30) List<@net.jqwik.api.From("steps") Step> steps) {
    try (KeyValueStore kv = StorageEngines.open(TestEngines.MEMORY.config())) {
      BlockStore store = BlockStore.open(kv, BlockStore.TX_CACHE_SIZE, SECTION);
      ChainFixture fixture = new ChainFixture(store.roots());
      Model model = new Model();
      ChainFixture.Built genesis = fixture.genesis();
      store.importBlock(genesis.block(), genesis.receipts());
      model.add(genesis, true);
      long salt = 1;
      for (Step step : steps) {
        ChainFixture.Built base = model.pick(step.pick());
        if (step.setHead()) {
          store.setHead(base.hash());
          model.head = base.hash();
        } else if (step.pick() % 11 == 10) {
          ChainFixture.Built other = fixture.block(null, List.of(), List.of(), salt++);
          store.importBlock(other.block(), other.receipts());
          model.add(other, false);
        } else {
          List<Transaction> txs = model.unusedOnPath(base.hash(), step.txStart(), step.txCount());
          List<List<Log>> logs = new ArrayList<>();
          for (int i = 0; i < txs.size(); i++) {
            int n = (step.txStart() + i) % 3;
            List<Log> txLogs = new ArrayList<>();
            for (int j = 0; j < n; j++) {
              int v = step.txStart() + i + j;
              txLogs.add(new Log(ChainFixture.address(v % ADDRESSES),
                  List.of(ChainFixture.topic(v % TOPICS), ChainFixture.topic((v + 1) % TOPICS)), new byte[] {(byte) v}));
            }
            logs.add(txLogs);
          }
          ChainFixture.Built child = fixture.block(base.block().header(), txs, logs, salt++);
          ImportResult result = store.importBlock(child.block(), child.receipts());
          boolean extendsHead = base.hash().equals(model.head);
          assertThat(result).isEqualTo(extendsHead ? ImportResult.CANONICAL : ImportResult.SIDE_BRANCH);
          model.add(child, extendsHead);
        }
        check(store, model);
      }
      assertThat(store.verify().problems()).isEmpty();
    }
  }

  private static void check(BlockStore store, Model model) {
    List<ChainFixture.Built> chain = model.canonical();
    assertThat(store.head().map(Header::hash)).contains(model.head);
    assertThat(store.bestHeight().getAsLong()).isEqualTo(chain.size() - 1L);
    assertThat(store.canonicalHash(chain.size())).isEmpty();
    Map<Hash, long[]> located = new HashMap<>();
    Map<Address, List<long[]>> byAddress = new HashMap<>();
    List<LogEntry> allLogs = new ArrayList<>();
    for (int h = 0; h < chain.size(); h++) {
      ChainFixture.Built b = chain.get(h);
      assertThat(store.canonicalHash(h)).contains(b.hash());
      int logIndex = 0;
      for (int i = 0; i < b.block().transactions().size(); i++) {
        Transaction tx = b.block().transactions().get(i);
        located.put(tx.hash(), new long[] {h, i});
        byAddress.computeIfAbsent(tx.sender(), a -> new ArrayList<>()).add(new long[] {h, i});
        Address to = tx.to().orElseThrow();
        if (!to.equals(tx.sender())) {
          byAddress.computeIfAbsent(to, a -> new ArrayList<>()).add(new long[] {h, i});
        }
        for (Log log : b.receipts().get(i).logs()) {
          allLogs.add(new LogEntry(log, b.hash(), h, tx.hash(), i, logIndex++));
        }
      }
    }
    for (Transaction tx : POOL) {
      Optional<TransactionLocation> actual = store.transaction(tx.hash());
      long[] want = located.get(tx.hash());
      if (want == null) {
        assertThat(actual).as("non-canonical %s", tx).isEmpty();
      } else {
        assertThat(actual).isPresent();
        assertThat(actual.get().height()).isEqualTo(want[0]);
        assertThat(actual.get().index()).isEqualTo((int) want[1]);
        assertThat(actual.get().blockHash()).isEqualTo(chain.get((int) want[0]).hash());
      }
    }
    Set<Address> addresses = new HashSet<>(byAddress.keySet());
    for (int i = 0; i < KEYS; i++) {
      addresses.add(ChainFixture.key(i).address());
    }
    for (Address address : addresses) {
      List<long[]> want = new ArrayList<>(byAddress.getOrDefault(address, List.of()));
      want.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]).reversed());
      List<long[]> got = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      do {
        Page<TransactionLocation> page = store.transactionsOf(address, cursor, 2);
        page.items().forEach(t -> got.add(new long[] {t.height(), t.index()}));
        cursor = page.next();
      } while (cursor.isPresent());
      assertThat(got).usingElementComparator(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]))
          .containsExactlyElementsOf(want);
    }
    long top = Math.max(0, chain.size() - 1);
    for (int a = 0; a < ADDRESSES; a++) {
      Address address = ChainFixture.address(a);
      long from = top / 3;
      List<LogEntry> want = allLogs.stream().filter(e -> e.log().address().equals(address))
          .filter(e -> e.height() >= from && e.height() <= top).toList();
      assertThat(pagedLogs(store, LogFilter.byAddress(address, from, top))).containsExactlyElementsOf(want);
    }
    for (int t = 0; t < TOPICS; t++) {
      Hash topic = ChainFixture.topic(t);
      List<LogEntry> want = allLogs.stream().filter(e -> e.log().topics().get(0).equals(topic)).toList();
      assertThat(pagedLogs(store, LogFilter.byTopic0(topic, 0, Long.MAX_VALUE))).containsExactlyElementsOf(want);
    }
  }

  private static List<LogEntry> pagedLogs(BlockStore store, LogFilter filter) {
    List<LogEntry> got = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page<LogEntry> page = store.logs(filter, cursor, 3);
      got.addAll(page.items());
      cursor = page.next();
    } while (cursor.isPresent());
    return got;
  }

  /** Every stored block by hash and the head: the canonical chain is the walk from the head. */
  private static final class Model {
    final Map<Hash, ChainFixture.Built> blocks = new HashMap<>();
    final List<ChainFixture.Built> order = new ArrayList<>();
    Hash head;

    void add(ChainFixture.Built b, boolean becomesHead) {
      blocks.put(b.hash(), b);
      order.add(b);
      if (becomesHead) {
        head = b.hash();
      }
    }

    ChainFixture.Built pick(int choice) {
      return order.get(choice % order.size());
    }

    List<ChainFixture.Built> path(Hash tip) {
      List<ChainFixture.Built> path = new ArrayList<>();
      for (ChainFixture.Built b = blocks.get(tip); b != null; b = b.block().number() == 0 ? null
          : blocks.get(b.block().header().parentHash())) {
        path.add(0, b);
      }
      return path;
    }

    List<ChainFixture.Built> canonical() {
      return path(head);
    }

    /** Up to {@code count} pool transactions from {@code start} that no block on the path to {@code tip} has. */
    List<Transaction> unusedOnPath(Hash tip, int start, int count) {
      Set<Transaction> used = new HashSet<>();
      path(tip).forEach(b -> used.addAll(b.block().transactions()));
      List<Transaction> out = new ArrayList<>();
      for (int i = 0; i < POOL.size() && out.size() < count; i++) {
        Transaction tx = POOL.get((start + i) % POOL.size());
        if (!used.contains(tx)) {
          out.add(tx);
        }
      }
      return out;
    }
  }
}
