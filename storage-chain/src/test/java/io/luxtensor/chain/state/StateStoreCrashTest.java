package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.KilledChild;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieEntry;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a JVM that commits, rolls back and prunes state heights on RocksDB, at different moments,
 * and checks after reopening that every kept height is whole (its root is the one acknowledged
 * for it, its history reads agree with its trie), the head is the last acknowledged step or the
 * one in flight, and the flat tables are exactly the content of the trie at their flat height's
 * root (the diff layers above it are checked by the history reads of every kept height).
 */
class StateStoreCrashTest {

  @ParameterizedTest(name = "killed after {0} acknowledged steps")
  @ValueSource(ints = {4, 17, 33})
  void everyHeightIsWholeOrAbsentAndFlatStateMatchesTheTrieAfterAKill(int acknowledgedSteps, @TempDir Path dir)
      throws Exception {
    Path stderr = Files.createTempFile(dir.getParent(), "crash-committer", ".log");
    Path storeDir = dir.resolve("store");
    int seen = KilledChild.acknowledgementsBeforeTheKill(command(storeDir, acknowledgedSteps), stderr, acknowledgedSteps)
        .size();
    assertThat(seen).as("steps acknowledged before the kill; child stderr: %s", Files.readString(stderr))
        .isEqualTo(acknowledgedSteps);
    // The child may have finished more steps than were read from the pipe: its ack file has them all
    // (a last line cut by the kill is not an acknowledgement).
    Map<Long, Hash> ackedRoots = new HashMap<>();
    long lastAcked = -1;
    String acks = Files.readString(dir.resolve("acks"));
    for (String line : acks.substring(0, acks.lastIndexOf('\n') + 1).split("\n")) {
      String[] parts = line.split(" ");
      lastAcked = Long.parseLong(parts[1]);
      // A rollback forgets the heights above its target; a later commit acknowledges them anew.
      long head = lastAcked;
      ackedRoots.keySet().removeIf(h -> h > head);
      ackedRoots.put(lastAcked, Hash.fromHex(parts[2]));
    }
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(storeDir).build())) {
      StateStore state = StateStore.open(kv);
      long head = state.headHeight().orElseThrow();
      long oldest = state.oldestHeight().orElseThrow();
      // The head is the last acknowledged step's, or the step in flight landed: one more height or a rollback.
      if (head == lastAcked + 1) {
        assertThat(state.committed(head)).isPresent();
      } else {
        assertThat(head).isLessThanOrEqualTo(lastAcked);
      }
      for (long h = oldest; h <= head; h++) {
        if (ackedRoots.containsKey(h) && h <= lastAcked) {
          assertThat(state.committed(h).orElseThrow().root()).as("root of height " + h).isEqualTo(ackedRoots.get(h));
        }
        assertThat(state.diff(h)).as("diff of height " + h).isPresent();
        checkHistoryAgreesWithTriesKept(state, h);
      }
      // The tries of the diff layers and the flat height, rebuilt on open from the diffs above the
      // newest written trie, are all kept; the written one is whole on disk, without the held nodes.
      long flat = state.flatHeight();
      for (long h = Math.max(flat, oldest); h <= head; h++) {
        assertThat(state.keepsTrieOf(h)).as("trie of height " + h + " (flat height " + flat + ")").isTrue();
      }
      checkTrieIsWritten(kv, state, state.committed(state.trieHeight()).orElseThrow().root());
      // The flat tables hold the flat height's state (empty below the first height), the layers the rest.
      checkFlatStateIsTheTrie(kv, state, flat < oldest ? Hash.EMPTY_TRIE_ROOT : state.committed(flat).orElseThrow().root());
      // A commit killed after its trie nodes landed and before its height did left dead nodes: the
      // prune sweeps them and no node a kept height reaches.
      state.pruneTrieNodes();
      for (long h = oldest; h <= head; h++) {
        checkHistoryAgreesWithTriesKept(state, h);
      }
      checkTrieIsWritten(kv, state, state.committed(state.trieHeight()).orElseThrow().root());
    }
    Files.deleteIfExists(stderr);
  }

  /** Walks the state trie at {@code root} and every storage trie it names through the stored nodes alone. */
  private static void checkTrieIsWritten(KeyValueStore kv, StateStore state, Hash root) {
    TrieStore stored = TrieStore.open(kv, state.nodes, 0, 0);
    for (Iterator<TrieEntry> it = SecureTrie.open(stored, root).iterator(); it.hasNext(); ) {
      Hash storageRoot = Account.decode(it.next().value()).storageRoot();
      for (Iterator<TrieEntry> slots = SecureTrie.open(stored, storageRoot).iterator(); slots.hasNext(); ) {
        slots.next();
      }
    }
  }

  private static void checkHistoryAgreesWithTriesKept(StateStore state, long height) {
    if (state.keepsTrieOf(height)) {
      checkHistoryAgreesWithTrie(state, height);
    }
  }

  private static void checkHistoryAgreesWithTrie(StateStore state, long height) {
    StateView history = state.at(height);
    StateView trie = new TrieView(state, history.root(), OptionalLong.of(height));
    for (int i = 0; i < CrashCommitter.CONTRACTS + 5; i++) {
      Address address = CrashCommitter.account(i);
      assertThat(history.account(address)).as("account " + i + " at " + height).isEqualTo(trie.account(address));
      for (int s = 0; s < 5; s++) {
        assertThat(history.storage(address, Words.of(s))).isEqualTo(trie.storage(address, Words.of(s)));
      }
    }
  }

  /** Every flat account and slot is in the trie at {@code root} with the same value, and nothing else is. */
  private static void checkFlatStateIsTheTrie(KeyValueStore kv, StateStore state, Hash root) {
    TrieStore nodes = state.trieStore;
    TreeMap<Hash, byte[]> trieAccounts = new TreeMap<>();
    for (Iterator<TrieEntry> it = SecureTrie.open(nodes, root).iterator(); it.hasNext(); ) {
      TrieEntry entry = it.next();
      trieAccounts.put(Hash.of(entry.key()), entry.value());
    }
    int flatAccounts = 0;
    try (KvIterator it = kv.iterator(state.accounts, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        flatAccounts++;
        Address address = Address.of(it.key());
        assertThat(trieAccounts.get(address.keccak256())).as("trie account of " + address).isEqualTo(it.value());
        checkSlots(kv, state, nodes, address, Account.decode(it.value()).storageRoot());
      }
    }
    assertThat(flatAccounts).isEqualTo(trieAccounts.size());
  }

  private static void checkSlots(KeyValueStore kv, StateStore state, TrieStore nodes, Address address, Hash storageRoot) {
    TreeMap<Hash, byte[]> trieSlots = new TreeMap<>();
    for (Iterator<TrieEntry> it = SecureTrie.open(nodes, storageRoot).iterator(); it.hasNext(); ) {
      TrieEntry entry = it.next();
      trieSlots.put(Hash.of(entry.key()), entry.value());
    }
    List<Hash> flatSlots = new ArrayList<>();
    try (KvIterator it = kv.iterator(state.storage, KeyRange.prefix(address.bytes()))) {
      for (; it.isValid(); it.next()) {
        Hash slot = Hash.of(java.util.Arrays.copyOfRange(it.key(), Address.LENGTH, StateLayout.SLOT_KEY_LENGTH));
        flatSlots.add(slot);
        assertThat(trieSlots.get(Hash.keccak256(slot.bytes()))).isEqualTo(StateStore.trieValue(Words.fromTrimmed(it.value())));
      }
    }
    assertThat(flatSlots).hasSize(trieSlots.size());
  }

  private static List<String> command(Path storeDir, long seed) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashCommitter.class.getName());
    command.add(storeDir.toString());
    command.add(Long.toString(seed));
    return command;
  }
}
