package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Imports a state snapshot into an empty state store, chunk by chunk, in any order, resuming
 * after a crash.
 *
 * <p>Each chunk is checked when it arrives, before anything of it is written: its bytes against
 * the manifest's length and SHA-256, then on its own against the manifest's state root — every
 * account's storage rebuilds to the account's storage root, every code hashes to the account's
 * code hash, and the range proof shows its accounts are exactly the state trie's leaves in its
 * key range ({@link RangeProof}). A chunk that fails any check throws
 * {@link InvalidChunkException} naming it and leaves the store untouched. A chunk that passes is
 * written in one atomic batch: flat accounts, slots and code, the trie nodes on the paths to its
 * accounts (state trie and storage tries), and the mark that it is done, so a crash leaves each
 * chunk whole or absent and {@link #open} with the same manifest resumes with the chunks still
 * missing.
 *
 * <p>When the last chunk lands, the import completes in one more batch: the height's root and
 * block hash go into {@code StateRoots} (with an empty diff) and the progress rows are removed.
 * Completion needs no further check of the root: the manifest's ranges cover the key space, and
 * each chunk proved that it holds exactly the trie's leaves in its range under the manifest's
 * root, so the stored leaves are the trie's and the stored nodes include every node of it (the
 * root node among them, which {@link #isComplete} also checks). Only then is the state visible:
 * open the {@link io.luxtensor.chain.state.StateStore} on the store after the import completes
 * (a state store opened earlier caches an empty head).
 *
 * <p>Thread-safe: chunks may be imported from several threads at once; verification runs in
 * parallel, writes are serialised. The caller owns the store and closes it.
 */
public final class SnapshotImporter {

  /** This package's own family: the progress of an import (its manifest, and a mark per chunk done). */
  private static final String PROGRESS = "SnapshotImport";
  private static final byte[] MANIFEST_KEY = {0};
  private static final byte CHUNK_TAG = 1;
  private static final byte[] NO_BYTES = new byte[0];

  /** What {@link #importChunk} did. */
  public enum Outcome {
    /** The chunk was verified and written. */
    IMPORTED,
    /** The chunk was already imported (a duplicate); nothing was written. */
    ALREADY_IMPORTED
  }

  private final KeyValueStore kv;
  private final StateLayout.Families families;
  private final ColumnFamily progress;
  private final SnapshotManifest manifest;
  private final BitSet done;
  private boolean complete;

  private SnapshotImporter(KeyValueStore kv, SnapshotManifest manifest) {
    this.kv = kv;
    this.manifest = manifest;
    this.families = StateLayout.Families.open(kv);
    this.progress = ColumnFamilies.getOrCreate(kv, PROGRESS);
    this.done = new BitSet(manifest.chunks().size());
  }

  /**
   * Starts importing {@code manifest} into the state store kept in {@code kv}, or resumes the
   * import of the same manifest that an earlier process left unfinished, or, if that import
   * completed, returns an importer that {@link #isComplete}.
   *
   * @throws SnapshotException if the store already holds state, or an import of another manifest
   */
  public static SnapshotImporter open(KeyValueStore kv, SnapshotManifest manifest) {
    SnapshotImporter importer = new SnapshotImporter(Objects.requireNonNull(kv, "kv"),
        Objects.requireNonNull(manifest, "manifest"));
    importer.load();
    return importer;
  }

  private void load() {
    byte[] stored = kv.get(progress, MANIFEST_KEY);
    if (stored != null) {
      SnapshotManifest previous = SnapshotManifest.decode(stored);
      if (!previous.id().equals(manifest.id())) {
        throw new SnapshotException("this store holds an unfinished import of another snapshot (height "
            + previous.height() + ", root " + previous.root() + ", id " + previous.id() + "); finish that one or"
            + " import into an empty store");
      }
      try (KvIterator it = kv.iterator(progress, KeyRange.prefix(new byte[] {CHUNK_TAG}))) {
        for (; it.isValid(); it.next()) {
          done.set(ByteBuffer.wrap(it.key(), 1, 4).getInt());
        }
      }
      if (done.cardinality() == manifest.chunks().size()) {
        finish();
      }
      return;
    }
    // A store whose only height is this snapshot's, with no import under way, took this import already.
    byte[] rootValue = kv.get(families.roots(), StateLayout.heightKey(manifest.height()));
    if (rootValue != null && Arrays.equals(rootValue, StateLayout.rootValue(manifest.root(), manifest.blockHash()))
        && isEmpty(progress) && kv.count(families.roots(), KeyRange.all()) == 1) {
      done.set(0, manifest.chunks().size());
      complete = true;
      return;
    }
    for (ColumnFamily family : List.of(families.roots(), families.accounts(), families.storage(), families.nodes(),
        families.diffs())) {
      if (!isEmpty(family)) {
        throw new SnapshotException("the store already holds state (" + family.name() + " is not empty); import a"
            + " snapshot into an empty store");
      }
    }
    WriteBatch batch = kv.newBatch();
    batch.put(progress, MANIFEST_KEY, manifest.encode());
    kv.write(batch, WriteOptions.SYNC);
  }

  private boolean isEmpty(ColumnFamily family) {
    try (KvIterator it = kv.iterator(family, KeyRange.all())) {
      return !it.isValid();
    }
  }

  /** The manifest being imported. */
  public SnapshotManifest manifest() {
    return manifest;
  }

  /** Indices of the chunks not imported yet, ascending. */
  public synchronized List<Integer> missingChunks() {
    List<Integer> missing = new ArrayList<>();
    for (int i = done.nextClearBit(0); i < manifest.chunks().size(); i = done.nextClearBit(i + 1)) {
      missing.add(i);
    }
    return missing;
  }

  /** Whether every chunk is in and the height's root is recorded. */
  public synchronized boolean isComplete() {
    return complete;
  }

  /**
   * Reads chunk {@code index} from {@code in} (exactly its manifest length; {@code in} is not
   * closed), verifies it and writes it.
   *
   * @throws InvalidChunkException if the chunk fails a check; nothing is written
   * @throws IllegalArgumentException if {@code index} is not a chunk of the manifest
   * @throws IOException if reading {@code in} fails; nothing is written
   */
  public Outcome importChunk(int index, InputStream in) throws IOException {
    ChunkRange range = range(index);
    byte[] bytes = in.readNBytes((int) Math.min(range.length(), Integer.MAX_VALUE - 8));
    return importChunk(index, bytes);
  }

  /** {@link #importChunk(int, InputStream)} for a chunk already in memory. */
  public Outcome importChunk(int index, byte[] bytes) {
    ChunkRange range = range(index);
    synchronized (this) {
      if (done.get(index)) {
        return Outcome.ALREADY_IMPORTED;
      }
    }
    if (bytes.length != range.length()) {
      throw new InvalidChunkException(index, "it has " + bytes.length + " bytes, the manifest says " + range.length());
    }
    if (!Arrays.equals(SnapshotManifest.sha256(bytes), range.sha256().bytes())) {
      throw new InvalidChunkException(index, "its SHA-256 differs from the manifest's");
    }
    Chunk chunk;
    try {
      chunk = Chunk.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidChunkException(index, "it is malformed: " + e.getMessage());
    }
    WriteBatch batch = verify(range, chunk);
    batch.put(progress, chunkKey(index), NO_BYTES);
    synchronized (this) {
      if (done.get(index)) {
        return Outcome.ALREADY_IMPORTED;
      }
      kv.write(batch, WriteOptions.ASYNC);
      done.set(index);
      if (done.cardinality() == manifest.chunks().size()) {
        finish();
      }
    }
    return Outcome.IMPORTED;
  }

  private ChunkRange range(int index) {
    if (index < 0 || index >= manifest.chunks().size()) {
      throw new IllegalArgumentException("chunk " + index + " is not in the manifest (it has "
          + manifest.chunks().size() + " chunks)");
    }
    return manifest.chunks().get(index);
  }

  private static byte[] chunkKey(int index) {
    return ByteBuffer.allocate(5).put(CHUNK_TAG).putInt(index).array();
  }

  /** Checks {@code chunk} against the manifest and returns the batch that writes it. */
  private WriteBatch verify(ChunkRange range, Chunk chunk) {
    int index = range.index();
    if (chunk.index() != index || !Arrays.equals(chunk.first(), range.first().bytes())
        || !Arrays.equals(chunk.last(), range.last().bytes())) {
      throw new InvalidChunkException(index, "it names another chunk or range than the manifest's entry");
    }
    if (chunk.accounts().size() != range.accounts()) {
      throw new InvalidChunkException(index, "it holds " + chunk.accounts().size() + " accounts, the manifest says "
          + range.accounts());
    }
    Map<ByteKey, byte[]> codes = new HashMap<>();
    for (byte[] code : chunk.codes()) {
      codes.put(new ByteKey(Keccak256.hash(code)), code);
    }
    WriteBatch batch = kv.newBatch();
    Map<ByteKey, byte[]> nodes = new LinkedHashMap<>();
    List<byte[]> keys = new ArrayList<>(chunk.accounts().size());
    List<byte[]> values = new ArrayList<>(chunk.accounts().size());
    for (Chunk.AccountData data : chunk.accounts()) {
      Address address = data.address();
      Account account;
      try {
        account = Account.decode(data.account());
      } catch (RlpException | IllegalArgumentException e) {
        throw new InvalidChunkException(index, "account " + address + " is not a valid account: " + e.getMessage());
      }
      if (!Arrays.equals(account.encode(), data.account())) {
        throw new InvalidChunkException(index, "account " + address + " is not canonically encoded");
      }
      List<TrieNodes.Item> slots = new ArrayList<>(data.slots().size());
      for (Chunk.Slot slot : data.slots()) {
        slots.add(TrieNodes.Item.leaf(TrieNodes.nibbles(Keccak256.hash(slot.slot())),
            StateLayout.storageTrieValue(slot.value())));
        batch.put(families.storage(), StateLayout.slotKey(address, Hash.of(slot.slot())), slot.value());
      }
      slots.sort(TrieNodes::compare);
      byte[] storageRoot;
      try {
        storageRoot = TrieNodes.build(slots, nodes);
      } catch (IllegalArgumentException e) {
        throw new InvalidChunkException(index, "the storage of account " + address + " lists a slot twice");
      }
      if (!Arrays.equals(storageRoot, account.storageRoot().bytes())) {
        throw new InvalidChunkException(index, "the storage of account " + address + " does not rebuild to its"
            + " storage root " + account.storageRoot());
      }
      if (account.hasCode()) {
        byte[] code = codes.get(new ByteKey(account.codeHash().bytes()));
        if (code == null) {
          throw new InvalidChunkException(index, "the code of account " + address + " (hash " + account.codeHash()
              + ") is not in the chunk");
        }
        batch.put(families.code(), account.codeHash().bytes(), code);
      }
      batch.put(families.accounts(), address.bytes(), data.account());
      keys.add(Keccak256.hash(address.bytes()));
      values.add(data.account());
    }
    try {
      nodes.putAll(RangeProof.verify(manifest.root().bytes(), chunk.first(), chunk.last(), keys, values, chunk.proof()));
    } catch (IllegalArgumentException e) {
      throw new InvalidChunkException(index, "its accounts do not match state root " + manifest.root()
          + " in its range: " + e.getMessage());
    }
    nodes.forEach((hash, rlp) -> batch.put(families.nodes(), hash.bytes(), rlp));
    return batch;
  }

  /** Records the height and drops the progress rows, once every chunk is in; call holding the lock. */
  private void finish() {
    byte[] root = manifest.root().bytes();
    if (!Arrays.equals(root, Hash.EMPTY_TRIE_ROOT.bytes())) {
      byte[] node = kv.get(families.nodes(), root);
      if (node == null || !Arrays.equals(Keccak256.hash(node), root)) {
        throw new CorruptionException("every chunk of the snapshot is imported but the root node " + manifest.root()
            + " is not stored; the store lost writes, import into a fresh store");
      }
    }
    WriteBatch batch = kv.newBatch();
    byte[] heightKey = StateLayout.heightKey(manifest.height());
    batch.put(families.roots(), heightKey, StateLayout.rootValue(manifest.root(), manifest.blockHash()));
    batch.put(families.diffs(), heightKey, StateLayout.emptyDiff(manifest.height()));
    batch.deleteRange(progress, KeyRange.all());
    kv.write(batch, WriteOptions.SYNC);
    complete = true;
  }
}
