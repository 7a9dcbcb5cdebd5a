package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.state.StateDiff;
import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.Words;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Exports the state of one committed height as a manifest and a stream of chunks.
 *
 * <p>{@link #open} takes a snapshot of the key-value store, so the export reads one consistent
 * state while the node goes on committing, rolling back or pruning; it then lists the height's
 * accounts, sorts them by secure-trie key (Keccak-256 of the address), cuts them into chunks of
 * about {@code targetChunkBytes} and hashes each chunk for the {@link #manifest()}. A chunk holds
 * whole accounts, each with all its storage slots and its code, and the proof nodes of its range's
 * two ends, so that a receiver verifies it on its own against the state root. An account's storage
 * is never split, so a chunk holding an account with more storage than the target is larger.
 *
 * <p>{@link #writeChunk} rebuilds a chunk from the store snapshot on each call (chunks are not
 * kept in memory) and may be called from several threads at once, in any order, any number of
 * times. Memory: about 80 bytes per account for the sorted key list, plus one chunk per call.
 * Close the exporter to release the store snapshot; the caller owns and closes the store.
 */
public final class SnapshotExporter implements AutoCloseable {

  /** Chunk size aimed at when none is given. */
  public static final int DEFAULT_CHUNK_BYTES = 1 << 20;

  private static final byte[] FULL_FIRST = new byte[32];
  private static final byte[] FULL_LAST = filled();

  private final Snapshot view;
  private final StateLayout.Families families;
  private final long height;
  private final byte[] root;
  /** keccak(address) ‖ address of every account at the height, ascending. */
  private final byte[][] keys;
  /** The height the flat tables hold; heights above it are in the stored diffs only. */
  private final long flatHeight;
  /** Accounts whose value at the height differs from the flat table: their value then (empty: absent). */
  private final Map<Address, byte[]> accountOverrides;
  /** Above the flat height: per account, the slots whose value differs from the flat table (empty: unset). */
  private final Map<Address, Map<ByteKey, byte[]>> slotOverrides = new HashMap<>();
  /** Per chunk: the first account index (inclusive) and last (exclusive). */
  private final int[] starts;
  private final SnapshotManifest manifest;
  /** The held trie nodes of the state store, or null when the key-value store alone is read. */
  private final Function<Hash, byte[]> heldNodes;
  /**
   * The proof nodes the manifest's chunks need, kept as planning meets them: a held node may be let
   * go by the state store while chunks are still written.
   */
  private final Map<ByteKey, byte[]> proofNodes = new ConcurrentHashMap<>();

  private SnapshotExporter(KeyValueStore kv, long height, int targetChunkBytes, Function<Hash, byte[]> heldNodes) {
    this.families = StateLayout.Families.open(kv);
    this.height = height;
    this.heldNodes = heldNodes;
    this.view = kv.snapshot();
    try {
      byte[] rootValue = view.get(families.roots(), StateLayout.heightKey(height));
      if (rootValue == null) {
        throw new SnapshotException("height " + height + " is not a committed height kept in this store; export a"
            + " height between the oldest kept and the head");
      }
      if (rootValue.length != StateLayout.ROOT_VALUE_LENGTH) {
        throw new CorruptionException("StateRoots entry of height " + height + " has " + rootValue.length + " bytes");
      }
      root = StateLayout.root(rootValue).bytes();
      if (!Arrays.equals(root, Hash.EMPTY_TRIE_ROOT.bytes()) && node(root) == null) {
        throw new SnapshotException(heldNodes == null
            ? "the trie of height " + height + " is not written to the store (the state store holds the tries above"
                + " its newest written one in memory): open the exporter on the StateStore, or call"
                + " StateStore.flushTries() before"
            : "the trie of height " + height + " is not kept: below the newest written trie, the state store keeps"
                + " only the tries it wrote (every StateConfig.trieFlushInterval heights)");
      }
      Hash blockHash = StateLayout.blockHash(rootValue);
      flatHeight = flatHeight();
      accountOverrides = height == flatHeight ? Map.of()
          : height < flatHeight ? accountOverridesFromHistory() : overridesFromDiffs();
      keys = sortedKeys();
      List<Integer> chunkStarts = new ArrayList<>();
      List<ChunkRange> ranges = new ArrayList<>();
      plan(targetChunkBytes, chunkStarts, ranges);
      starts = new int[chunkStarts.size() + 1];
      for (int i = 0; i < chunkStarts.size(); i++) {
        starts[i] = chunkStarts.get(i);
      }
      starts[chunkStarts.size()] = keys.length;
      manifest = new SnapshotManifest(height, Hash.of(root), blockHash, ranges);
    } catch (RuntimeException e) {
      view.close();
      throw e;
    }
  }

  /** {@link #open(KeyValueStore, long, int)} with {@link #DEFAULT_CHUNK_BYTES}. */
  public static SnapshotExporter open(KeyValueStore kv, long height) {
    return open(kv, height, DEFAULT_CHUNK_BYTES);
  }

  /**
   * Plans the export of {@code height} from the state store kept in {@code kv}, with no state store
   * open on it (a store at rest, or another process's): reads and hashes every chunk once to build
   * the manifest. The height's trie must be written to the store ({@link StateStore#flushTries}).
   *
   * @throws SnapshotException if {@code height} is not a kept committed height, or its trie is not written
   * @throws IllegalArgumentException if {@code targetChunkBytes} is not positive
   */
  public static SnapshotExporter open(KeyValueStore kv, long height, int targetChunkBytes) {
    Objects.requireNonNull(kv, "kv");
    return new SnapshotExporter(kv, height, checkedChunkBytes(targetChunkBytes), null);
  }

  /** {@link #open(StateStore, long, int)} with {@link #DEFAULT_CHUNK_BYTES}. */
  public static SnapshotExporter open(StateStore state, long height) {
    return open(state, height, DEFAULT_CHUNK_BYTES);
  }

  /**
   * Plans the export of {@code height} from {@code state}'s key-value store, taking the trie nodes
   * the state store holds in memory where the store lacks them: any kept height whose trie the state
   * store keeps can be exported while it goes on committing.
   *
   * @throws SnapshotException if {@code height} is not a kept committed height
   * @throws IllegalArgumentException if {@code targetChunkBytes} is not positive
   */
  public static SnapshotExporter open(StateStore state, long height, int targetChunkBytes) {
    Objects.requireNonNull(state, "state");
    return new SnapshotExporter(state.keyValueStore(), height, checkedChunkBytes(targetChunkBytes),
        state::heldTrieNode);
  }

  private static int checkedChunkBytes(int targetChunkBytes) {
    if (targetChunkBytes <= 0) {
      throw new IllegalArgumentException("targetChunkBytes must be positive, got " + targetChunkBytes);
    }
    return targetChunkBytes;
  }

  /** The manifest: height, root, block hash, and every chunk's range and hash. */
  public SnapshotManifest manifest() {
    return manifest;
  }

  /**
   * Writes chunk {@code index} to {@code out} (not closed, not flushed beyond the chunk).
   *
   * @throws IllegalArgumentException if {@code index} is not a chunk of the manifest
   * @throws CorruptionException if the rebuilt chunk no longer hashes to the manifest's entry
   */
  public void writeChunk(int index, OutputStream out) throws IOException {
    out.write(chunkBytes(index));
  }

  /** The bytes of chunk {@code index}, checked against the manifest. */
  byte[] chunkBytes(int index) {
    if (index < 0 || index >= manifest.chunks().size()) {
      throw new IllegalArgumentException("chunk " + index + " is not in the manifest (it has "
          + manifest.chunks().size() + " chunks)");
    }
    ChunkRange range = manifest.chunks().get(index);
    byte[] bytes = chunk(index, starts[index], starts[index + 1], range.first().bytes(), range.last().bytes()).encode();
    if (!Arrays.equals(SnapshotManifest.sha256(bytes), range.sha256().bytes())) {
      throw new CorruptionException("chunk " + index + " of height " + height + " reads differently than when the"
          + " manifest was made; the store snapshot changed under the export");
    }
    return bytes;
  }

  /** Releases the store snapshot; idempotent. */
  @Override
  public void close() {
    view.close();
  }

  // ---- planning ------------------------------------------------------------------------------

  private void plan(int target, List<Integer> chunkStarts, List<ChunkRange> ranges) {
    byte[] first = FULL_FIRST;
    int start = 0;
    long size = 0;
    List<Chunk.AccountData> accounts = new ArrayList<>();
    Map<ByteKey, byte[]> codes = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      size += add(i, accounts, codes);
      if (size >= target && i + 1 < keys.length) {
        byte[] last = Arrays.copyOf(keys[i], 32);
        addChunk(chunkStarts, ranges, start, i + 1, chunk(ranges.size(), first, last, accounts, codes));
        first = SnapshotManifest.successor(last);
        start = i + 1;
        size = 0;
        accounts = new ArrayList<>();
        codes = new LinkedHashMap<>();
      }
    }
    addChunk(chunkStarts, ranges, start, keys.length, chunk(ranges.size(), first, FULL_LAST, accounts, codes));
  }

  private static void addChunk(List<Integer> chunkStarts, List<ChunkRange> ranges, int from, int to, Chunk chunk) {
    byte[] bytes = chunk.encode();
    chunkStarts.add(from);
    ranges.add(new ChunkRange(chunk.index(), Hash.of(chunk.first()), Hash.of(chunk.last()), bytes.length,
        Hash.of(SnapshotManifest.sha256(bytes)), to - from));
  }

  // ---- reading the height --------------------------------------------------------------------

  private Chunk chunk(int index, int from, int to, byte[] first, byte[] last) {
    List<Chunk.AccountData> accounts = new ArrayList<>(to - from);
    Map<ByteKey, byte[]> codes = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      add(i, accounts, codes);
    }
    return chunk(index, first, last, accounts, codes);
  }

  /** Adds account {@code i} with its slots, and its code if new to {@code codes}; returns the bytes it adds. */
  private long add(int i, List<Chunk.AccountData> accounts, Map<ByteKey, byte[]> codes) {
    Address address = address(i);
    byte[] account = accountAt(address);
    Account decoded = Account.decode(account);
    List<Chunk.Slot> slots = slotsAt(address);
    accounts.add(new Chunk.AccountData(address, account, slots));
    long size = Address.LENGTH + 8L + account.length;
    for (Chunk.Slot slot : slots) {
      size += 33 + slot.value().length;
    }
    ByteKey codeHash = new ByteKey(decoded.codeHash().bytes());
    if (decoded.hasCode() && !codes.containsKey(codeHash)) {
      byte[] code = view.get(families.code(), codeHash.bytes());
      if (code == null) {
        throw new CorruptionException("code " + decoded.codeHash() + " of account " + address + " is missing from"
            + " StateCode; restore the store from a backup");
      }
      codes.put(codeHash, code);
      size += 4 + code.length;
    }
    return size;
  }

  private Chunk chunk(int index, byte[] first, byte[] last, List<Chunk.AccountData> accounts, Map<ByteKey, byte[]> codes) {
    List<byte[]> proof = new ArrayList<>();
    if (!Arrays.equals(first, FULL_FIRST) || !Arrays.equals(last, FULL_LAST)) {
      Map<ByteKey, byte[]> nodes = new LinkedHashMap<>();
      for (byte[] node : RangeProof.prove(root, first, this::node)) {
        nodes.put(new ByteKey(Keccak256.hash(node)), node);
      }
      for (byte[] node : RangeProof.prove(root, last, this::node)) {
        nodes.put(new ByteKey(Keccak256.hash(node)), node);
      }
      proof.addAll(nodes.values());
    }
    return new Chunk(index, first, last, proof, accounts, new ArrayList<>(codes.values()));
  }

  private byte[] node(byte[] hash) {
    ByteKey key = new ByteKey(hash);
    byte[] kept = proofNodes.get(key);
    if (kept != null) {
      return kept;
    }
    byte[] node = view.get(families.nodes(), hash);
    if (node == null && heldNodes != null) {
      node = heldNodes.apply(Hash.of(hash));
    }
    if (node != null) {
      proofNodes.put(key, node);
    }
    return node;
  }

  private Address address(int i) {
    return Address.of(Arrays.copyOfRange(keys[i], 32, 32 + Address.LENGTH));
  }

  /** The account's RLP at the height; it exists there. */
  private byte[] accountAt(Address address) {
    byte[] value = accountOverrides.get(address);
    if (value == null) {
      value = view.get(families.accounts(), address.bytes());
    }
    if (value == null || value.length == 0) {
      throw new CorruptionException("account " + address + " vanished from the store snapshot");
    }
    return value;
  }

  /** The account's non-zero slots at the height, in slot order. */
  private List<Chunk.Slot> slotsAt(Address address) {
    TreeMap<ByteKey, byte[]> slots = new TreeMap<>();
    try (KvIterator it = view.iterator(families.storage(), KeyRange.prefix(address.bytes()))) {
      for (; it.isValid(); it.next()) {
        slots.put(new ByteKey(Arrays.copyOfRange(it.key(), Address.LENGTH, StateLayout.SLOT_KEY_LENGTH)), it.value());
      }
    }
    Map<ByteKey, byte[]> layered = slotOverrides.getOrDefault(address, Map.of());
    layered.forEach((slot, value) -> {
      if (value.length == 0) {
        slots.remove(slot);
      } else {
        slots.put(slot, value);
      }
    });
    if (height < flatHeight) {
      // Per slot, the first history entry above the height holds its value at the height.
      byte[] previous = null;
      try (KvIterator it = view.iterator(families.storageHistory(), KeyRange.prefix(address.bytes()))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          byte[] slot = Arrays.copyOfRange(key, Address.LENGTH, StateLayout.SLOT_KEY_LENGTH);
          if (previous != null && Arrays.equals(previous, slot)) {
            continue;
          }
          if (StateLayout.height(key) <= height) {
            continue;
          }
          previous = slot;
          if (it.value().length == 0) {
            slots.remove(new ByteKey(slot));
          } else {
            slots.put(new ByteKey(slot), it.value());
          }
        }
      }
    }
    List<Chunk.Slot> out = new ArrayList<>(slots.size());
    slots.forEach((slot, value) -> out.add(new Chunk.Slot(slot.bytes(), value)));
    return out;
  }

  /** The flat tables' height: the meta row, or the head if there is none. */
  private long flatHeight() {
    byte[] stored = families.meta() == null ? null : view.get(families.meta(), StateLayout.FLAT_HEIGHT);
    if (stored != null) {
      if (stored.length != StateLayout.HEIGHT_LENGTH) {
        throw new CorruptionException("the flat-height row has " + stored.length + " bytes, expected 8");
      }
      return StateLayout.height(stored);
    }
    try (KvIterator last = view.iterator(families.roots(), KeyRange.all(), io.luxtensor.storage.Direction.REVERSE)) {
      return StateLayout.height(last.key());
    }
  }

  /**
   * Above the flat height: the after values of the stored diffs from the flat height up to the
   * height, the newest change of each key winning; fills {@link #slotOverrides}, returns the accounts.
   */
  private Map<Address, byte[]> overridesFromDiffs() {
    Map<Address, byte[]> overrides = new HashMap<>();
    for (long h = flatHeight + 1; h <= height; h++) {
      byte[] stored = view.get(families.diffs(), StateLayout.heightKey(h));
      if (stored == null) {
        throw new CorruptionException("state diff of kept height " + h + " missing; restore the store from a backup");
      }
      StateDiff diff;
      try {
        diff = StateDiff.decode(stored);
      } catch (RlpException | IllegalArgumentException e) {
        throw new CorruptionException("state diff of height " + h + " is corrupt: " + e.getMessage(), e);
      }
      for (StateDiff.AccountChange change : diff.accounts()) {
        overrides.put(change.address(), change.after().map(Account::encode).orElse(new byte[0]));
      }
      for (StateDiff.SlotChange change : diff.slots()) {
        slotOverrides.computeIfAbsent(change.address(), a -> new HashMap<>())
            .put(new ByteKey(change.slot().bytes()), Words.trimmed(change.after()));
      }
    }
    return overrides;
  }

  /** Below the flat height: per account changed above the height, its value then: the first history entry above it. */
  private Map<Address, byte[]> accountOverridesFromHistory() {
    Map<Address, byte[]> overrides = new HashMap<>();
    try (KvIterator it = view.iterator(families.accountHistory(), KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        byte[] key = it.key();
        Address address = Address.of(Arrays.copyOf(key, Address.LENGTH));
        if (!overrides.containsKey(address) && StateLayout.height(key) > height) {
          overrides.put(address, it.value());
        }
      }
    }
    return overrides;
  }

  /** keccak(address) ‖ address of every account existing at the height, ascending. */
  private byte[][] sortedKeys() {
    List<byte[]> out = new ArrayList<>();
    try (KvIterator it = view.iterator(families.accounts(), KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        Address address = Address.of(it.key());
        byte[] override = accountOverrides.get(address);
        if (override == null || override.length > 0) {
          out.add(key(address));
        }
      }
    }
    for (Map.Entry<Address, byte[]> entry : accountOverrides.entrySet()) {
      if (entry.getValue().length > 0 && view.get(families.accounts(), entry.getKey().bytes()) == null) {
        out.add(key(entry.getKey()));
      }
    }
    byte[][] sorted = out.toArray(new byte[0][]);
    Arrays.sort(sorted, Arrays::compareUnsigned);
    return sorted;
  }

  private static byte[] key(Address address) {
    byte[] key = Arrays.copyOf(Keccak256.hash(address.bytes()), 32 + Address.LENGTH);
    System.arraycopy(address.bytes(), 0, key, 32, Address.LENGTH);
    return key;
  }

  private static byte[] filled() {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) 0xff);
    return out;
  }
}
