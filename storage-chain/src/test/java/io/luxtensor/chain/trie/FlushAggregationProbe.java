package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How many trie nodes a flush of k diff layers at once would write, against what the k blocks
 * wrote: the measurement behind the "nodes written with their layer" design in
 * {@code docs/state.md}. Nodes are keyed by hash and every block replaces the nodes on the paths it
 * changes, so of the nodes k consecutive blocks write, only those still reachable from the state at
 * the k-th block would have to reach the disk if the layers kept their nodes in memory until then.
 *
 * <p>The blocks have {@code StateBenchmark}'s shape: 2,000 distinct slots over 2,000 contracts of
 * 50 slots, 2,000 changed accounts in all (the contracts whose storage changed among them), over a
 * state trie of {@code accounts} accounts, in secure tries. Nodes live in a map, not an engine, so
 * that every node a commit writes is seen. A plain main (it counts, it does not time), e.g.
 * {@code java -Xmx16g -cp ... io.luxtensor.chain.trie.FlushAggregationProbe 1000000 128}.
 */
public final class FlushAggregationProbe {

  private static final int CONTRACTS = 2_000;
  private static final int SLOTS_PER_CONTRACT = 50;
  private static final int BLOCK_SLOTS = 2_000;
  private static final int BLOCK_ACCOUNTS = 2_000;

  private FlushAggregationProbe() {}

  public static void main(String[] args) {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    RecordingStorage storage = new RecordingStorage();
    TrieStore store = new TrieStore(storage, 10_000, 0);
    Random random = new Random(42);
    // Commits stage their nodes into a batch; the recording storage keeps them, and no batch is written.
    try (KeyValueStore batches = StorageEngines.open(StorageConfig.inMemory())) {
      Hash[] storageRoots = new Hash[CONTRACTS];
      BigInteger[] balances = new BigInteger[accounts];
      Arrays.fill(balances, BigInteger.ONE);
      Hash root = load(store, batches, accounts, storageRoots);
      List<Map<NodeId, byte[]>> written = new ArrayList<>();
      List<List<Hash>> rootsAfter = new ArrayList<>();
      for (int block = 0; block < blocks; block++) {
        storage.recording = new HashMap<>();
        WriteBatch batch = batches.newBatch();
        root = commitBlock(store, batch, root, storageRoots, balances, random);
        written.add(storage.recording);
        List<Hash> roots = new ArrayList<>(List.of(storageRoots));
        roots.add(root);
        rootsAfter.add(roots);
      }
      report(written, rootsAfter);
    }
  }

  private static Hash load(TrieStore store, KeyValueStore batches, int accounts, Hash[] storageRoots) {
    for (int contract = 0; contract < CONTRACTS; contract++) {
      SecureTrie slots = SecureTrie.empty(store);
      for (int slot = 0; slot < SLOTS_PER_CONTRACT; slot++) {
        slots.put(slotKey(slot), slotValue(slot + 1));
      }
      storageRoots[contract] = slots.commit(batches.newBatch());
    }
    SecureTrie state = SecureTrie.empty(store);
    for (int i = 0; i < accounts; i++) {
      state.put(address(i), account(i, BigInteger.ONE, storageRoots).encode());
    }
    return state.commit(batches.newBatch());
  }

  private static Hash commitBlock(TrieStore store, WriteBatch batch, Hash root, Hash[] storageRoots,
      BigInteger[] balances, Random random) {
    Map<Integer, SecureTrie> changedStorage = new HashMap<>();
    Set<Long> slots = new HashSet<>();
    while (slots.size() < BLOCK_SLOTS) {
      int contract = random.nextInt(Math.min(CONTRACTS, balances.length));
      int slot = random.nextInt(SLOTS_PER_CONTRACT * 2);
      if (slots.add((long) contract << 32 | slot)) {
        changedStorage.computeIfAbsent(contract, c -> SecureTrie.open(store, storageRoots[c]))
            .put(slotKey(slot), slotValue(random.nextInt(1 << 20) + 1));
      }
    }
    SecureTrie state = SecureTrie.open(store, root);
    Set<Integer> changed = new HashSet<>();
    for (Map.Entry<Integer, SecureTrie> contract : changedStorage.entrySet()) {
      storageRoots[contract.getKey()] = contract.getValue().commit(batch);
      changed.add(contract.getKey());
    }
    while (changed.size() < BLOCK_ACCOUNTS) {
      int account = random.nextInt(balances.length);
      if (changed.add(account)) {
        balances[account] = balances[account].add(BigInteger.ONE);
      }
    }
    for (int account : changed) {
      state.put(address(account), account(account, balances[account], storageRoots).encode());
    }
    return state.commit(batch);
  }

  private static void report(List<Map<NodeId, byte[]>> written, List<List<Hash>> rootsAfter) {
    int blocks = written.size();
    long all = written.stream().mapToLong(Map::size).sum();
    System.out.printf(Locale.ROOT, "%d blocks, %,.0f nodes written a block%n%n", blocks, all / (double) blocks);
    System.out.println("| layers flushed at once (k) | nodes a flush writes, of those the k blocks wrote | a block |");
    System.out.println("|---:|---:|---:|");
    for (int k = 1; k <= blocks; k *= 2) {
      long writes = 0;
      long reachable = 0;
      for (int start = 0; start + k <= blocks; start += k) {
        Map<NodeId, byte[]> window = new HashMap<>();
        for (int block = start; block < start + k; block++) {
          window.putAll(written.get(block));
          writes += written.get(block).size();
        }
        Set<NodeId> seen = new HashSet<>();
        for (Hash root : rootsAfter.get(start + k - 1)) {
          walkWithin(new NodeId(root.bytes()), window, seen);
        }
        reachable += seen.size();
      }
      System.out.printf(Locale.ROOT, "| %d | %.1f%% | %,.0f |%n", k, 100.0 * reachable / writes,
          reachable / (double) (blocks / k * k));
    }
  }

  /**
   * Adds to {@code seen} the nodes of {@code window} reachable from {@code id} through nodes of
   * {@code window}: a node written before the window refers to none written in it.
   */
  private static void walkWithin(NodeId id, Map<NodeId, byte[]> window, Set<NodeId> seen) {
    byte[] rlp = window.get(id);
    if (rlp != null && seen.add(id)) {
      forEachReference(NodeCodec.decode(rlp, id.bytes()), reference -> walkWithin(reference.id, window, seen));
    }
  }

  private static void forEachReference(Node node, Consumer<HashNode> action) {
    if (node instanceof HashNode reference) {
      action.accept(reference);
    } else if (node instanceof BranchNode branch) {
      for (Node child : branch.children) {
        if (child != null) {
          forEachReference(child, action);
        }
      }
    } else if (node instanceof ExtensionNode extension) {
      forEachReference(extension.child, action);
    }
  }

  private static Account account(int index, BigInteger balance, Hash[] storageRoots) {
    Account account = Account.EMPTY.withBalance(balance);
    return index < storageRoots.length ? account.withStorageRoot(storageRoots[index]) : account;
  }

  private static byte[] address(int index) {
    return Arrays.copyOf(Keccak256.hash(new byte[] {(byte) index, (byte) (index >> 8), (byte) (index >> 16)}), 20);
  }

  private static byte[] slotKey(int slot) {
    byte[] key = new byte[32];
    key[30] = (byte) (slot >> 8);
    key[31] = (byte) slot;
    return key;
  }

  private static byte[] slotValue(int value) {
    return StateLayout.storageTrieValue(RlpEncoder.unsignedBytes(value));
  }

  /** Nodes in a map; what each commit stages is also recorded in {@link #recording}. */
  private static final class RecordingStorage implements NodeStorage {

    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    /** What commits stage from now on; null while the state is loaded. */
    Map<NodeId, byte[]> recording;

    @Override
    public byte[] get(byte[] hash) {
      return nodes.get(new NodeId(hash));
    }

    @Override
    public void putAll(List<byte[]> hashes, List<byte[]> rlps) {
      for (int i = 0; i < hashes.size(); i++) {
        nodes.put(new NodeId(hashes.get(i)), rlps.get(i));
      }
    }

    @Override
    public void stage(WriteBatch batch, List<byte[]> hashes, List<byte[]> rlps) {
      putAll(hashes, rlps);
      for (int i = 0; recording != null && i < hashes.size(); i++) {
        recording.put(new NodeId(hashes.get(i)), rlps.get(i));
      }
    }

    @Override
    public void deleteAll(List<byte[]> hashes) {
      hashes.forEach(hash -> nodes.remove(new NodeId(hash)));
    }

    @Override
    public void forEachHash(Consumer<byte[]> action) {
      throw new UnsupportedOperationException("the probe never prunes");
    }

    @Override
    public NodeMarks marks() {
      throw new UnsupportedOperationException("the probe never prunes");
    }
  }
}
