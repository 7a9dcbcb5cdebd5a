package io.luxtensor.chain.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.trie.MissingNodeException;
import io.luxtensor.chain.trie.NodeSet;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The Ethereum world state on any {@link KeyValueStore}: a flat copy of the current accounts,
 * storage slots and code for reads in one lookup, beside a secure Merkle Patricia Trie for the
 * state root and proofs, with per-height diffs for history, reorgs and pruning. See the package
 * documentation for the layout and the reasons behind it.
 *
 * <p>Column families: {@link StateLayout#FAMILIES}, created on {@link #open} where missing;
 * {@link StateLayout} gives what each holds and how its keys and values are encoded.
 *
 * <p>The newest heights ({@link StateConfig#diffLayers}, 128 by default) are kept as in-memory
 * diff layers above the flat tables, as geth keeps its snapshot tree: a commit stores its diff and
 * root, and writes the oldest layer beyond that depth to the flat tables and the history in the
 * batch of its diff; the head's reads look in the layers first (one map lookup), then the cache of
 * flat rows. A {@link #rollbackTo} within the layers only drops layers. A commit's new trie nodes
 * are held in memory, and a thread of their own writes those the flat height's trie reaches every
 * {@link StateConfig#trieFlushInterval} heights (geth's dirty trie nodes); tries of heights below
 * the newest written one are kept only where they were written (see {@link StateConfig}).
 *
 * <p>Writes ({@link WorldState#commit}, {@link #rollbackTo}, {@link #prune}, {@link #pruneTrieNodes},
 * {@link #flushTries}) are serialised, and each commit or rollback is one atomic batch, so after a
 * crash every height is all there or absent, and the flat tables are the state at their own height (a
 * {@link StateLayout#META} row), with the stored diffs above it read back into layers on open, and
 * the held tries above the newest written one rebuilt from them. Reads are
 * thread-safe and run concurrently with writes; a read of an older height never mixes two heads.
 * A thread that reads older heights keeps two iterators open on the store until the next write
 * (they make each such read one seek); they are closed by that write, or by closing the store.
 * The caller owns the key-value store and closes it after this object is no longer used, after
 * {@link #flushTries} for a quick reopen (a trie flush under way when it closes fails harmlessly).
 */
public final class StateStore {

  /** Every column family the store uses: {@link StateLayout#FAMILIES}. */
  public static final List<String> COLUMN_FAMILIES = StateLayout.FAMILIES;

  /** A committed height: its state root and the block it belongs to. */
  public record CommittedHeight(long height, Hash root, Hash blockHash) {}

  /** The head: the last committed height and its root; height -1 for an empty store. */
  record Head(long height, Hash root) {}

  /** Cache key of a storage slot. */
  record SlotKey(Address address, Hash slot) {
    // Written out: the generated ones go through method handles that the hot caches' lookups
    // did not always inline.
    @Override
    public boolean equals(Object other) {
      return other instanceof SlotKey that && address.equals(that.address) && slot.equals(that.slot);
    }

    @Override
    public int hashCode() {
      return 31 * address.hashCode() + slot.hashCode();
    }
  }

  private static final Head EMPTY_HEAD = new Head(-1, Hash.EMPTY_TRIE_ROOT);
  private static final byte[] NO_BYTES = new byte[0];

  final KeyValueStore kv;
  final ColumnFamily accounts;
  final ColumnFamily storage;
  final ColumnFamily code;
  final ColumnFamily nodes;
  final ColumnFamily roots;
  final ColumnFamily diffs;
  final ColumnFamily accountHistory;
  final ColumnFamily slotHistory;
  /** Null for a read-only store written before the family existed: its flat tables hold the head. */
  final ColumnFamily meta;
  final TrieStore trieStore;
  final StateConfig config;
  private final Cache<Address, Optional<Account>> accountCache;
  private final Cache<SlotKey, Hash> slotCache;
  private final Function<Address, Optional<Account>> accountLoader = this::loadAccount;
  private final Function<SlotKey, Hash> slotLoader = this::loadSlot;
  /** Serialises the writers. */
  private final ReentrantLock writer = new ReentrantLock();
  /** Shared by multi-lookup reads, exclusive while a batch lands and the caches and head follow it. */
  final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();
  private volatile Head head;
  private volatile long oldest;
  /** The heights above the flat tables. */
  final DiffLayers layers;
  /** The trie nodes of the heights above the newest written trie; replaced by a deep rollback. */
  private volatile TrieLayers tries;
  /**
   * One history cursor per reading thread, reused by its reads instead of an iterator per read.
   * An iterator sees the store as of its creation, so every write closes them all (under the
   * visibility write lock, when no read uses one) and the next read opens a fresh one.
   */
  private final ThreadLocal<HistoryCursor> cursors = ThreadLocal.withInitial(HistoryCursor::new);
  private final java.util.Set<HistoryCursor> openCursors = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private StateStore(KeyValueStore kv, StateConfig config) {
    this.kv = kv;
    this.config = config;
    StateLayout.Families families = StateLayout.Families.open(kv);
    accounts = families.accounts();
    storage = families.storage();
    code = families.code();
    nodes = families.nodes();
    roots = families.roots();
    diffs = families.diffs();
    accountHistory = families.accountHistory();
    slotHistory = families.storageHistory();
    meta = families.meta();
    trieStore = TrieStore.open(kv, nodes, config.cachedTrieNodes(), config.cachedTrieNodeBytes());
    accountCache = Caffeine.newBuilder().maximumSize(config.cachedAccounts()).recordStats().build();
    slotCache = Caffeine.newBuilder().maximumSize(config.cachedSlots()).recordStats().build();
    loadBounds();
    layers = loadLayers();
    tries = loadTries();
  }

  /** The state store kept in {@code kv}, with {@link StateConfig#DEFAULT}. */
  public static StateStore open(KeyValueStore kv) {
    return open(kv, StateConfig.DEFAULT);
  }

  /**
   * The state store kept in {@code kv}, creating its column families where missing.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException if a family is missing and the store is read-only
   */
  public static StateStore open(KeyValueStore kv, StateConfig config) {
    return new StateStore(Objects.requireNonNull(kv, "kv"), Objects.requireNonNull(config, "config"));
  }

  private void loadBounds() {
    try (KvIterator it = kv.iterator(roots, KeyRange.all(), Direction.REVERSE)) {
      if (!it.isValid()) {
        head = EMPTY_HEAD;
        oldest = -1;
        return;
      }
      head = new Head(heightOf(it.key()), rootOf(it.key(), it.value()));
    }
    try (KvIterator it = kv.iterator(roots, KeyRange.all())) {
      oldest = heightOf(it.key());
    }
  }

  /** Reads back the diffs above the flat height (no flat-height row: the flat tables hold the head). */
  private DiffLayers loadLayers() {
    long top = head.height();
    long flat = metaHeightOrHead(StateLayout.FLAT_HEIGHT, "flat-height");
    if (flat > top || (flat < oldest - 1 && top >= 0)) {
      throw new CorruptionException("the flat tables are at height " + flat + ", outside the kept heights ["
          + oldest + ", " + top + "]; restore the store from a backup");
    }
    DiffLayers loaded = new DiffLayers(flat);
    for (long h = flat + 1; h <= top; h++) {
      loaded.push(keptDiff(h));
    }
    return loaded;
  }

  /** The height in the {@link StateLayout#META} row {@code key}; the head's if there is no row. */
  private long metaHeightOrHead(byte[] key, String row) {
    byte[] stored = meta == null ? null : kv.get(meta, key);
    if (stored == null) {
      return head.height();
    }
    if (stored.length != StateLayout.HEIGHT_LENGTH) {
      throw new CorruptionException("the " + row + " row has " + stored.length + " bytes, expected 8;"
          + " restore the store from a backup");
    }
    return StateLayout.height(stored);
  }

  /** The stored diff of kept height {@code height}. */
  private StateDiff keptDiff(long height) {
    return diff(height).orElseThrow(() -> new CorruptionException("state diff of kept height " + height
        + " missing; restore the store from a backup"));
  }

  /**
   * Rebuilds the held trie nodes of the heights above the newest written trie from their diffs (no
   * trie-height row: every height's trie is written, as before tries were held).
   */
  private TrieLayers loadTries() {
    long top = head.height();
    long written = metaHeightOrHead(StateLayout.TRIE_HEIGHT, "trie-height");
    if (top < 0) {
      return new TrieLayers(trieStore, TriePrefetcher.POOL, -1, Hash.EMPTY_TRIE_ROOT);
    }
    if (written > top || written < oldest) {
      throw new CorruptionException("the newest written trie is at height " + written + ", outside the kept heights ["
          + oldest + ", " + top + "]; restore the store from a backup");
    }
    TrieLayers loaded = new TrieLayers(trieStore, TriePrefetcher.POOL, written, committed(written).orElseThrow().root());
    replayOnto(loaded, top);
    return loaded;
  }

  /**
   * Adds to {@code tries} the nodes of the heights above its top up to {@code height}, rebuilt from
   * their diffs; on failure none stays held.
   */
  private void replayOnto(TrieLayers tries, long height) {
    try {
      Hash parent = tries.topHeight() == tries.writtenHeight() ? tries.writtenRoot()
          : committed(tries.topHeight()).orElseThrow().root();
      for (long h = tries.topHeight() + 1; h <= height; h++) {
        StateDiff diff = keptDiff(h);
        NodeSet nodes = new NodeSet();
        parent = DiffReplay.replay(trieStore, parent, diff, committed(h).orElseThrow().root(), nodes);
        tries.add(h, nodes);
      }
    } catch (RuntimeException | Error e) {
      tries.releaseAll();
      throw e;
    }
  }

  /**
   * The newest kept height at or below {@code from} whose trie is written in full, so that the
   * heights above it can be rebuilt from their diffs; -1 if there is none.
   */
  private long newestWrittenTrie(long from) {
    long written = tries.writtenHeight();
    for (long h = Math.min(from, written); h >= oldest && h >= 0; h--) {
      if (h == written || trieStore.isWritten(committed(h).orElseThrow().root())) {
        return h;
      }
    }
    return -1;
  }

  /** Whether the trie of kept {@code height}, at {@code root}, is complete: held, or written in full. */
  private boolean trieKept(long height, Hash root) {
    return height >= tries.writtenHeight() || trieStore.isWritten(root);
  }

  /** The height of the newest trie written in full, once a flush under way is done; the tries above it are held. */
  long trieHeight() {
    writer.lock();
    try {
      settleTrieFlush(true);
      return tries.writtenHeight();
    } finally {
      writer.unlock();
    }
  }

  /** Whether the trie of kept {@code height} is complete: held, or written in full. */
  boolean keepsTrieOf(long height) {
    return trieKept(height, committed(height).orElseThrow().root());
  }

  /** The height the flat tables and history rows are written up to (-1: none). */
  long flatHeight() {
    return layers.flatHeight();
  }

  // ---- the head --------------------------------------------------------------------------

  /** The key-value store this state store is kept in (owned by the caller, as on {@link #open}). */
  public KeyValueStore keyValueStore() {
    return kv;
  }

  /**
   * The encoding of the trie node with {@code hash} if this store holds it in memory (a node of a
   * height above the newest written trie), else null: for readers of the key-value store that also
   * need the tries of those heights, such as {@code SnapshotExporter}.
   */
  public byte[] heldTrieNode(Hash hash) {
    return trieStore.heldNode(hash);
  }

  /** A mutable world state over the current head. */
  public WorldState begin() {
    Head current = head;
    return new WorldState(this, current.height(), current.root());
  }

  /** The last committed height, or empty for an empty store. */
  public OptionalLong headHeight() {
    long height = head.height();
    return height < 0 ? OptionalLong.empty() : OptionalLong.of(height);
  }

  /** The state root of the head; {@link Hash#EMPTY_TRIE_ROOT} for an empty store. */
  public Hash headRoot() {
    return head.root();
  }

  /** The oldest height still readable (history, proofs, rollback), or empty for an empty store. */
  public OptionalLong oldestHeight() {
    long value = oldest;
    return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** The account at the head, through the cache; empty if it does not exist. */
  public Optional<Account> account(Address address) {
    Optional<Account> layered = layers.account(Objects.requireNonNull(address, "address"));
    return layered != null ? layered : accountCache.get(address, accountLoader);
  }

  /** The slot at the head, through the cache; {@link Hash#ZERO} if unset. */
  public Hash storage(Address address, Hash slot) {
    Hash layered = layers.slot(Objects.requireNonNull(address, "address"), Objects.requireNonNull(slot, "slot"));
    return layered != null ? layered : slotCache.get(new SlotKey(address, slot), slotLoader);
  }

  /** The code with hash {@code codeHash}; empty for {@link Hash#EMPTY_CODE_HASH} or unknown code. */
  public byte[] code(Hash codeHash) {
    if (codeHash.equals(Hash.EMPTY_CODE_HASH)) {
      return NO_BYTES.clone();
    }
    byte[] stored = kv.get(code, codeHash.bytes());
    return stored == null ? NO_BYTES.clone() : stored;
  }

  private Optional<Account> loadAccount(Address address) {
    return decodeAccount(kv.get(accounts, address.bytes()), "flat account " + address);
  }

  private Hash loadSlot(SlotKey key) {
    byte[] value = kv.get(storage, StateLayout.slotKey(key.address(), key.slot()));
    return value == null ? Hash.ZERO : word(value, "flat slot " + key.slot() + " of " + key.address());
  }

  // ---- views -----------------------------------------------------------------------------

  /** A view of the head as it is now (it keeps showing this height after the head moves on). */
  public StateView head() {
    Head current = head;
    if (current.height() < 0) {
      return new TrieView(this, Hash.EMPTY_TRIE_ROOT, OptionalLong.empty());
    }
    return new HeightView(this, current.height(), current.root());
  }

  /**
   * The state as committed at {@code height}, read from the flat tables and the diffs.
   *
   * @throws StateUnavailableException if {@code height} is outside [oldest, head]
   */
  public StateView at(long height) {
    visibility.readLock().lock();
    try {
      requireKept(height);
      return new HeightView(this, height, committed(height).orElseThrow().root());
    } finally {
      visibility.readLock().unlock();
    }
  }

  /**
   * The state with root {@code root}: a kept height's view if a height in the window has this root
   * (the newest such), else a view that reads the trie itself, as long as its nodes are stored.
   *
   * @throws StateUnavailableException if no kept height has the root and the node store lacks it
   */
  public StateView at(Hash root) {
    Objects.requireNonNull(root, "root");
    visibility.readLock().lock();
    try {
      try (KvIterator it = kv.iterator(roots, KeyRange.all(), Direction.REVERSE)) {
        for (; it.isValid(); it.next()) {
          if (rootOf(it.key(), it.value()).equals(root)) {
            return new HeightView(this, heightOf(it.key()), root);
          }
        }
      }
    } finally {
      visibility.readLock().unlock();
    }
    if (!trieStore.contains(root)) {
      throw new StateUnavailableException("no kept height has state root " + root
          + " and its trie is not in the store (pruned, or never committed here)");
    }
    return new TrieView(this, root, OptionalLong.empty());
  }

  /** The committed height {@code height}, if kept. */
  public Optional<CommittedHeight> committed(long height) {
    if (height < 0) {
      return Optional.empty();
    }
    byte[] key = StateLayout.heightKey(height);
    byte[] value = kv.get(roots, key);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(new CommittedHeight(height, rootOf(key, value), StateLayout.blockHash(value)));
  }

  /** What height {@code height} changed, if it is kept. */
  public Optional<StateDiff> diff(long height) {
    if (height < 0) {
      return Optional.empty();
    }
    byte[] value = kv.get(diffs, StateLayout.heightKey(height));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(StateDiff.decode(value));
    } catch (RlpException | IllegalArgumentException e) {
      throw new CorruptionException("state diff of height " + height + " is corrupt: " + e.getMessage()
          + "; restore the store from a backup", e);
    }
  }

  /** Fails unless {@code height} is readable; call under the visibility read lock. */
  void requireKept(long height) {
    long first = oldest;
    long last = head.height();
    if (first < 0 || height < first || height > last) {
      throw new StateUnavailableException("height " + height + " is not kept: the store holds heights "
          + (first < 0 ? "none" : "[" + first + ", " + last + "]")
          + "; older heights are pruned (retainedHeights=" + config.retainedHeights() + ") and newer ones not committed");
    }
  }

  /** Whether {@code height} is the head; call under the visibility read lock. */
  boolean isHead(long height) {
    return head.height() == height;
  }

  /** The account as of kept {@code height}; call under the visibility read lock. */
  Optional<Account> accountAt(Address address, long height) {
    if (isHead(height)) {
      return account(address);
    }
    // Below the flat height: the first history row above the height. At or above it: the newest
    // live layer at or below the height. Else the account has not changed since: the flat row.
    if (height < layers.flatHeight()) {
      KvIterator it = cursor().accounts();
      it.seek(StateLayout.accountHistoryKey(address, height + 1));
      if (it.isValid() && startsWith(it.key(), address.bytes())) {
        return decodeAccount(it.value(), "history of account " + address);
      }
    } else {
      Optional<Account> layered = layers.accountAt(address, height);
      if (layered != null) {
        return layered;
      }
    }
    return accountCache.get(address, accountLoader);
  }

  /** The slot as of kept {@code height}; call under the visibility read lock. */
  Hash storageAt(Address address, Hash slot, long height) {
    if (isHead(height)) {
      return storage(address, slot);
    }
    if (height < layers.flatHeight()) {
      KvIterator it = cursor().slots();
      it.seek(StateLayout.slotHistoryKey(address, slot, height + 1));
      if (it.isValid() && startsWith(it.key(), StateLayout.slotKey(address, slot))) {
        byte[] value = it.value();
        return value.length == 0 ? Hash.ZERO : word(value, "history of slot " + slot + " of " + address);
      }
    } else {
      Hash layered = layers.slotAt(address, slot, height);
      if (layered != null) {
        return layered;
      }
    }
    return slotCache.get(new SlotKey(address, slot), slotLoader);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * This thread's history cursor, opened if the last write closed it; call under the visibility
   * read lock, which keeps writes, and so the closing of cursors, out while it is used.
   */
  private HistoryCursor cursor() {
    HistoryCursor cursor = cursors.get();
    if (cursor.isClosed()) {
      cursor.open(kv, accountHistory, slotHistory);
      openCursors.add(cursor);
    }
    return cursor;
  }

  /** Closes every thread's history cursor; call under the visibility write lock, after a write. */
  private void closeCursors() {
    for (HistoryCursor cursor : openCursors) {
      cursor.close();
    }
    openCursors.clear();
  }

  /**
   * An EIP-1186 proof from the tries of kept {@code height}, at {@code root}.
   *
   * @throws StateUnavailableException if the height's trie is no longer kept
   */
  AccountProof proveAt(long height, Hash root, Address address, List<Hash> slots) {
    if (!trieKept(height, root)) {
      throw trieUnavailable(height, null);
    }
    try {
      return prove(root, address, slots);
    } catch (MissingNodeException e) {
      // A flush let the height's held nodes go while the proof walked them.
      if (!trieKept(height, root)) {
        throw trieUnavailable(height, e);
      }
      throw e;
    }
  }

  private StateUnavailableException trieUnavailable(long height, Throwable cause) {
    StateUnavailableException e = new StateUnavailableException("the trie of height " + height + " is not kept:"
        + " tries below the diff layers are written only every " + config.trieFlushInterval() + " heights (the newest"
        + " written is height " + tries.writtenHeight() + "); its accounts and slots stay readable from the history");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** An EIP-1186 proof from the tries at {@code root}. */
  AccountProof prove(Hash root, Address address, List<Hash> slots) {
    SecureTrie stateTrie = SecureTrie.open(trieStore, root);
    Optional<Account> account = decodeAccount(stateTrie.get(address.bytes()).orElse(null), "state trie leaf of " + address);
    List<byte[]> accountProof = stateTrie.prove(address.bytes());
    Hash storageRoot = account.map(Account::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
    SecureTrie storageTrie = SecureTrie.open(trieStore, storageRoot);
    List<AccountProof.StorageProof> storageProofs = new ArrayList<>(slots.size());
    for (Hash slot : slots) {
      Hash value = storageTrie.get(slot.bytes()).map(rlp -> trieWord(rlp, slot)).orElse(Hash.ZERO);
      storageProofs.add(new AccountProof.StorageProof(slot, value, storageTrie.prove(slot.bytes())));
    }
    return new AccountProof(address, account, accountProof, storageProofs);
  }

  // ---- commit ----------------------------------------------------------------------------

  /** Writes {@code world}'s changes as {@code height}; see {@link WorldState#commit}. */
  Hash commit(WorldState world, long height, Hash blockHash) {
    writer.lock();
    try {
      Head current = head;
      if (world.baseHeight() != current.height() || !world.baseRoot().equals(current.root())) {
        throw new StateConflictException("the world state was opened on height " + world.baseHeight()
            + " but the head is now height " + current.height() + "; open a new world state and replay the changes");
      }
      if (current.height() >= 0 ? height != current.height() + 1 : height < 0) {
        throw new IllegalArgumentException("cannot commit height " + height + ": the next height is "
            + (current.height() >= 0 ? current.height() + 1 : "any non-negative height (the store is empty)"));
      }
      settleTrieFlush(false);
      CommitWriter commit = new CommitWriter(this, height, current.root());
      TrieLayers heldTries = tries;
      boolean first = current.height() < 0;
      if (first) {
        // An empty store's flat tables and tries hold the (empty) state below its first height.
        layers.reset(height - 1);
        heldTries.writtenThrough(height - 1, Hash.EMPTY_TRIE_ROOT);
      }
      Hash root;
      List<StateDiff> flushed;
      try {
        // The paths loaded ahead are walked once by this commit and replaced by it: kept for it alone.
        TrieStore.WalkScope walk = trieStore.openWalkScope(TriePrefetcher.expectedNodes(world.edits()));
        try {
          Map<Address, CommitWriter.PreparedSlots> prepared =
              TriePrefetcher.prefetch(trieStore, current.root(), world.edits(), commit::prepareSlots,
                  address -> commit.before(address).map(Account::encode).orElse(null));
          for (Map.Entry<Address, WorldState.Edit> entry : world.edits().entrySet()) {
            commit.apply(entry.getKey(), entry.getValue(), prepared.get(entry.getKey()));
          }
          root = commit.commitStateTrie();
        } finally {
          walk.close();
        }
        commit.finish(root, blockHash);
        // The oldest layers beyond the configured depth go to the flat tables in the height's batch.
        flushed = layers.toFlush(commit.diff(), config.effectiveDiffLayers());
        long flat = layers.flatHeight();
        for (StateDiff diff : flushed) {
          writeFlat(commit.batch(), diff);
          flat = diff.height();
        }
        putFlatHeight(commit.batch(), flat);
        heldTries.add(height, commit.nodes());
        if (first) {
          // The first height's trie is written ahead of it (nodes are content-addressed: until the
          // height lands, no one relies on them), so that the oldest kept trie is always written.
          trieStore.writeHeld(List.of(root), StateStore::storageRootOf);
          putTrieHeight(commit.batch(), height);
        }
      } catch (RuntimeException | Error e) {
        heldTries.dropAbove(current.height());
        throw e;
      }
      // The layer's versions are added while the batch is written; they count once published.
      CompletableFuture<DiffLayers.Layer> staging =
          CompletableFuture.supplyAsync(() -> layers.stage(commit.diff()), TriePrefetcher.POOL);
      visibility.writeLock().lock();
      try {
        try {
          kv.write(commit.batch(), options());
        } catch (RuntimeException e) {
          heldTries.dropAbove(current.height());
          abandon(staging, e);
          throw e;
        }
        closeCursors();
        layers.publish(staged(staging));
        for (StateDiff diff : flushed) {
          // The caches hold flat rows: refreshed before the layer stops answering for its keys.
          diff.accounts().forEach(change -> accountCache.put(change.address(), change.after()));
          diff.slots().forEach(change -> slotCache.put(new SlotKey(change.address(), change.slot()), change.after()));
          layers.flushedOldest();
        }
        if (first) {
          heldTries.writtenThrough(height, root);
        }
        head = new Head(height, root);
        if (oldest < 0) {
          oldest = height;
        }
      } finally {
        visibility.writeLock().unlock();
      }
      startTrieFlush(height, root);
      return root;
    } finally {
      writer.unlock();
    }
  }

  /** A trie flush under way on {@link #TRIE_WRITER}: the height whose trie it writes, and its root. */
  private record TrieFlush(long height, Hash root, CompletableFuture<Void> done) {}

  /**
   * Writes flushed tries, one flush at a time, off the commits' path: a flush writes a few hundred
   * thousand nodes at a large state, which in the commit would stall it for most of a second.
   */
  private static final ExecutorService TRIE_WRITER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "luxtensor-trie-writer");
    thread.setDaemon(true);
    return thread;
  });

  /** The flush under way, or null; set and settled under the writer lock. */
  private TrieFlush pendingFlush;

  /**
   * After the commit of {@code height} at {@code root} landed: starts writing the trie of the flat
   * height if it is due and no flush is under way. The flush writes the held nodes that trie
   * reaches, children first, then records it as the newest written trie in a batch of its own; its
   * node sets are let go once a writer {@linkplain #settleTrieFlush settles} it.
   */
  private void startTrieFlush(long height, Hash root) {
    if (pendingFlush != null) {
      return;
    }
    TrieLayers heldTries = tries;
    long target = trieFlushTarget(heldTries, layers.flatHeight());
    if (target == NO_TRIE_FLUSH) {
      return;
    }
    List<Hash> flushRoots = trieFlushRoots(heldTries.writtenHeight(), target, height, root);
    Hash targetRoot = flushRoots.get(flushRoots.size() - 1);
    pendingFlush = new TrieFlush(target, targetRoot, CompletableFuture.runAsync(() -> {
      trieStore.writeHeld(flushRoots, StateStore::storageRootOf);
      WriteBatch batch = kv.newBatch();
      putTrieHeight(batch, target);
      kv.write(batch, options());
    }, TRIE_WRITER));
  }

  /**
   * Applies a finished trie flush: the written trie moves up to its height and the node sets up to
   * there are let go. Waits for one under way if {@code wait} (writers that rely on the written trie:
   * rollbacks, pruning); else leaves it running. Call under the writer lock.
   *
   * @throws RuntimeException the flush's failure, once; its heights stay held, and a later commit
   *     flushes them again
   */
  private void settleTrieFlush(boolean wait) {
    TrieFlush flush = pendingFlush;
    if (flush == null || (!wait && !flush.done().isDone())) {
      return;
    }
    pendingFlush = null;
    try {
      flush.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    tries.writtenThrough(flush.height(), flush.root());
  }

  /** No trie flush in this commit. */
  private static final long NO_TRIE_FLUSH = Long.MIN_VALUE;

  /**
   * The height whose trie a commit writes: the flat height {@code flat} the commit leaves, once it
   * is {@link StateConfig#trieFlushInterval} heights past the written trie or the held nodes up to
   * it pass {@link StateConfig#FLUSH_TRIE_BYTES}; else {@link #NO_TRIE_FLUSH}. Never above the flat
   * height, so that a rollback within the diff layers finds every trie it needs held.
   */
  private long trieFlushTarget(TrieLayers heldTries, long flat) {
    long written = heldTries.writtenHeight();
    if (flat <= written) {
      return NO_TRIE_FLUSH;
    }
    boolean due = flat - written >= config.trieFlushInterval()
        || heldTries.heldBytesThrough(flat) > StateConfig.FLUSH_TRIE_BYTES;
    return due ? flat : NO_TRIE_FLUSH;
  }

  /**
   * The roots whose tries a flush from {@code written} up to {@code target} writes: the target's,
   * and with an interval of 1 every height's in between, oldest first, so that each keeps its trie.
   * {@code height} is the committing height, whose root is {@code root}.
   */
  private List<Hash> trieFlushRoots(long written, long target, long height, Hash root) {
    List<Hash> flushRoots = new ArrayList<>();
    for (long h = config.trieFlushInterval() == 1 ? Math.max(written + 1, 0) : target; h <= target; h++) {
      flushRoots.add(h == height ? root : committed(h).orElseThrow().root());
    }
    return flushRoots;
  }

  /** Drops the layer {@code staging} stages, for a commit failing with {@code failure}. */
  private void abandon(CompletableFuture<DiffLayers.Layer> staging, Throwable failure) {
    try {
      layers.abandon(staged(staging));
    } catch (RuntimeException failed) {
      failure.addSuppressed(failed);
    }
  }

  /** The staged layer, or the failure that staging it met, unwrapped. */
  private static DiffLayers.Layer staged(CompletableFuture<DiffLayers.Layer> staging) {
    try {
      return staging.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void putFlatHeight(WriteBatch batch, long height) {
    putMeta(batch, StateLayout.FLAT_HEIGHT, height);
  }

  private void putTrieHeight(WriteBatch batch, long height) {
    putMeta(batch, StateLayout.TRIE_HEIGHT, height);
  }

  private void putMeta(WriteBatch batch, byte[] key, long height) {
    if (meta == null) {
      throw new ReadOnlyStoreException("writing state");
    }
    batch.put(meta, key, StateLayout.heightKey(height));
  }

  /** Adds a height's rows in the flat tables and its history rows to {@code batch}. */
  private void writeFlat(WriteBatch batch, StateDiff diff) {
    long height = diff.height();
    for (StateDiff.AccountChange change : diff.accounts()) {
      Address address = change.address();
      batch.put(accountHistory, StateLayout.accountHistoryKey(address, height), StateDiff.accountBytes(change.before()));
      if (change.after().isPresent()) {
        batch.put(accounts, address.bytes(), change.after().get().encode());
      } else {
        batch.delete(accounts, address.bytes());
      }
    }
    for (StateDiff.SlotChange change : diff.slots()) {
      byte[] flatKey = StateLayout.slotKey(change.address(), change.slot());
      if (change.after().equals(Hash.ZERO)) {
        batch.delete(storage, flatKey);
      } else {
        batch.put(storage, flatKey, Words.trimmed(change.after()));
      }
      batch.put(slotHistory, StateLayout.slotHistoryKey(change.address(), change.slot(), height),
          Words.trimmed(change.before()));
    }
  }

  private WriteOptions options() {
    return config.syncCommits() ? WriteOptions.SYNC : WriteOptions.ASYNC;
  }

  /**
   * Writes the tries of every height whose nodes are held in full and records the head's as the
   * newest written, then lets the held nodes go; returns how many nodes it wrote. For a clean
   * shutdown, before the key-value store is closed, as geth writes its in-memory tries when it
   * stops: the next open then rebuilds nothing from the diffs, and neither does a rollback to any of
   * those heights. Without it nothing is lost either: opening the store rebuilds the held tries from
   * the stored diffs.
   */
  public long flushTries() {
    writer.lock();
    try {
      settleTrieFlush(true);
      TrieLayers held = tries;
      Head current = head;
      if (current.height() < 0 || held.writtenHeight() == current.height()) {
        return 0;
      }
      List<Hash> heldRoots = new ArrayList<>();
      for (long h = held.writtenHeight() + 1; h <= current.height(); h++) {
        heldRoots.add(committed(h).orElseThrow().root());
      }
      long written = trieStore.writeHeld(heldRoots, StateStore::storageRootOf);
      WriteBatch batch = kv.newBatch();
      putTrieHeight(batch, current.height());
      kv.write(batch, options());
      held.writtenThrough(current.height(), current.root());
      return written;
    } finally {
      writer.unlock();
    }
  }

  // ---- reorgs ----------------------------------------------------------------------------

  /**
   * Undoes every height above {@code height} in one atomic batch: afterwards the flat state, the
   * head and the root are exactly as committed at {@code height}, and the next commit is
   * {@code height + 1}. Nothing happens if {@code height} is the head.
   *
   * <p>Within the {@link StateConfig#diffLayers diff layers} (a target at or above the flat
   * height) the batch only removes the undone heights' roots and diffs, one range each, and the
   * layers above the target are dropped from memory: the flat tables never held them. Below them,
   * the flat tables are rewritten: each account and slot the undone heights touched is restored
   * once, to the before value of its earliest change above {@code height}, copied as stored, and
   * the flushed heights' history rows are deleted one by one (they are keyed by account first).
   *
   * @throws StateUnavailableException if {@code height} is outside [oldest, head]
   */
  public void rollbackTo(long height) {
    writer.lock();
    try {
      settleTrieFlush(true);
      visibility.readLock().lock();
      try {
        requireKept(height);
      } finally {
        visibility.readLock().unlock();
      }
      long top = head.height();
      if (height == top) {
        return;
      }
      if (height >= layers.flatHeight()) {
        dropLayersAbove(height, top);
      } else {
        rewriteFlatTablesTo(height, top);
      }
    } finally {
      writer.unlock();
    }
  }

  /** A rollback within the diff layers: only the undone roots and diffs are written. */
  private void dropLayersAbove(long height, long top) {
    TrieLayers rebuilt = rebuildTries(height);
    WriteBatch batch = kv.newBatch();
    deleteHeightsAbove(batch, height, top);
    Hash root = committed(height).orElseThrow().root();
    visibility.writeLock().lock();
    try {
      writeRollback(batch, rebuilt);
      closeCursors();
      // The caches hold flat rows, which did not change.
      layers.dropAbove(height);
      moveTries(height, rebuilt);
      head = new Head(height, root);
    } finally {
      visibility.writeLock().unlock();
    }
  }

  /**
   * The trie layers a rollback to {@code height} needs if its trie is below the written one: the
   * newest written trie at or below it, with the heights above that rebuilt from their diffs (not
   * yet in use; {@link #moveTries} puts them in place). Null if the held layers have it already.
   *
   * @throws StateUnavailableException if no kept height at or below {@code height} has its trie
   *     written (only while {@link #prune} is removing the heights below the next written one)
   */
  private TrieLayers rebuildTries(long height) {
    if (height >= tries.writtenHeight()) {
      return null;
    }
    long base = newestWrittenTrie(height);
    if (base < 0) {
      throw new StateUnavailableException("cannot roll back to height " + height + ": no kept height at or below it"
          + " has its trie written, to rebuild its trie from (the heights below the oldest written trie are being pruned)");
    }
    TrieLayers rebuilt = new TrieLayers(trieStore, TriePrefetcher.POOL, base, committed(base).orElseThrow().root());
    replayOnto(rebuilt, height);
    return rebuilt;
  }

  /** Writes a rollback's batch, recording the rebuilt tries' written height if there are any. */
  private void writeRollback(WriteBatch batch, TrieLayers rebuilt) {
    try {
      if (rebuilt != null) {
        putTrieHeight(batch, rebuilt.writtenHeight());
      }
      kv.write(batch, options());
    } catch (RuntimeException e) {
      if (rebuilt != null) {
        rebuilt.releaseAll();
      }
      throw e;
    }
  }

  /** After a rollback to {@code height} landed: its trie layers in place. */
  private void moveTries(long height, TrieLayers rebuilt) {
    if (rebuilt == null) {
      tries.dropAbove(height);
    } else {
      rebuilt.releaseReplaced(tries);
      tries = rebuilt;
    }
  }

  /** A rollback below the flat height: the flat tables and history rows are rewritten to {@code height}. */
  private void rewriteFlatTablesTo(long height, long top) {
    Rollback undo = new Rollback(height);
    long flat = layers.flatHeight();
    for (long h = height + 1; h <= top; h++) {
      byte[] stored = kv.get(diffs, StateLayout.heightKey(h));
      if (stored == null) {
        throw new CorruptionException("state diff of kept height " + h + " missing; restore the store from a backup");
      }
      undo.add(h, stored, h <= flat);
    }
    WriteBatch batch = kv.newBatch();
    undo.stage(batch);
    deleteHeightsAbove(batch, height, top);
    putFlatHeight(batch, height);
    Hash root = committed(height).orElseThrow().root();
    TrieLayers rebuilt = rebuildTries(height);
    visibility.writeLock().lock();
    try {
      writeRollback(batch, rebuilt);
      closeCursors();
      // Dropped, not refilled: the next read decodes only what is read again. Before the layers
      // go, so that no read falls through to a cached row the batch replaced.
      accountCache.invalidateAll(undo.accounts.keySet());
      slotCache.invalidateAll(undo.slots.keySet());
      layers.reset(height);
      moveTries(height, rebuilt);
      head = new Head(height, root);
    } finally {
      visibility.writeLock().unlock();
    }
  }

  private void deleteHeightsAbove(WriteBatch batch, long height, long top) {
    KeyRange undone = KeyRange.of(StateLayout.heightKey(height + 1), StateLayout.heightKey(top + 1));
    batch.deleteRange(diffs, undone);
    batch.deleteRange(roots, undone);
  }

  /**
   * The undo of a rollback, built from the raw diffs lowest height first: the first before value
   * seen of each account and slot is its value at the target height. Used by one thread.
   */
  private final class Rollback {
    private final long target;
    /** Account -> its stored encoding at the target (empty: absent). */
    final Map<Address, byte[]> accounts = new HashMap<>();
    /** Slot -> its trimmed word at the target (empty: unset). */
    final Map<SlotKey, byte[]> slots = new HashMap<>();
    private final List<byte[]> accountHistoryKeys = new ArrayList<>();
    private final List<byte[]> slotHistoryKeys = new ArrayList<>();

    Rollback(long target) {
      this.target = target;
    }

    /** Adds height {@code h}'s stored diff; its history rows are deleted if {@code flushed}. */
    void add(long h, byte[] stored, boolean flushed) {
      try {
        RlpSlice diff = RlpSlice.of(stored);
        if (!diff.isList() || diff.size() != 3 || diff.get(0).asLong() != h) {
          throw new RlpException("a state diff is a list of 3 items starting with its height");
        }
        for (RlpSlice change : diff.get(1).items()) {
          if (!change.isList() || change.size() != 3) {
            throw new RlpException("an account change is a list of 3 items");
          }
          Address address = Address.of(change.get(0).bytes());
          byte[] before = change.get(1).bytes();
          if (before.length > 0 && (before[0] & 0xff) < 0xc0) {
            throw new RlpException("an account's before value is not a list");
          }
          accounts.putIfAbsent(address, before);
          if (flushed) {
            accountHistoryKeys.add(StateLayout.accountHistoryKey(address, h));
          }
        }
        for (RlpSlice change : diff.get(2).items()) {
          if (!change.isList() || change.size() != 4) {
            throw new RlpException("a slot change is a list of 4 items");
          }
          Address address = Address.of(change.get(0).bytes());
          Hash slot = Hash.of(change.get(1).bytes());
          byte[] before = change.get(2).bytes();
          if (before.length > Hash.LENGTH || (before.length > 0 && before[0] == 0)) {
            throw new RlpException("a slot's before value is not a trimmed word");
          }
          slots.putIfAbsent(new SlotKey(address, slot), before);
          if (flushed) {
            slotHistoryKeys.add(StateLayout.slotHistoryKey(address, slot, h));
          }
        }
      } catch (RlpException | IllegalArgumentException e) {
        throw new CorruptionException("state diff of height " + h + " is corrupt: " + e.getMessage()
            + "; restore the store from a backup (rolling back to " + target + ")", e);
      }
    }

    void stage(WriteBatch batch) {
      accounts.forEach((address, before) -> {
        if (before.length == 0) {
          batch.delete(StateStore.this.accounts, address.bytes());
        } else {
          batch.put(StateStore.this.accounts, address.bytes(), before);
        }
      });
      slots.forEach((key, before) -> {
        byte[] flatKey = StateLayout.slotKey(key.address(), key.slot());
        if (before.length == 0) {
          batch.delete(storage, flatKey);
        } else {
          batch.put(storage, flatKey, before);
        }
      });
      for (byte[] key : accountHistoryKeys) {
        batch.delete(accountHistory, key);
      }
      for (byte[] key : slotHistoryKeys) {
        batch.delete(slotHistory, key);
      }
    }
  }

  // ---- pruning ---------------------------------------------------------------------------

  /**
   * Removes the history of at most {@code maxHeights} heights older than the retention window
   * (below head minus {@link StateConfig#retainedHeights()}), oldest first, one atomic batch per
   * height: its root, its diff and its history entries. Returns how many heights were removed; call
   * again until it returns 0. Trie nodes are removed by {@link #pruneTrieNodes}.
   *
   * @throws IllegalArgumentException if {@code maxHeights} is not positive
   */
  public int prune(int maxHeights) {
    if (maxHeights <= 0) {
      throw new IllegalArgumentException("maxHeights must be positive, got " + maxHeights);
    }
    writer.lock();
    try {
      // The trie due at the flat height written first: the heights below it may then go.
      settleTrieFlush(true);
      startTrieFlush(head.height(), head.root());
      settleTrieFlush(true);
      int removed = 0;
      long keepFrom = head.height() - config.retainedHeights();
      // Only heights below the flat tables' own height go: that one stays kept, so its root does too.
      // Nor the newest written trie before the window: the tries of the heights above it are rebuilt
      // from it.
      long trieBase = newestWrittenTrie(Math.min(keepFrom, layers.flatHeight()));
      while (removed < maxHeights && oldest >= 0 && oldest < keepFrom && oldest < layers.flatHeight()
          && oldest < trieBase) {
        long h = oldest;
        WriteBatch batch = kv.newBatch();
        StateDiff diff = keptDiff(h);
        for (StateDiff.AccountChange change : diff.accounts()) {
          batch.delete(accountHistory, StateLayout.accountHistoryKey(change.address(), h));
        }
        for (StateDiff.SlotChange change : diff.slots()) {
          batch.delete(slotHistory, StateLayout.slotHistoryKey(change.address(), change.slot(), h));
        }
        batch.delete(diffs, StateLayout.heightKey(h));
        batch.delete(roots, StateLayout.heightKey(h));
        visibility.writeLock().lock();
        try {
          kv.write(batch, options());
          closeCursors();
          oldest = h + 1;
        } finally {
          visibility.writeLock().unlock();
        }
        removed++;
      }
      return removed;
    } finally {
      writer.unlock();
    }
  }

  /**
   * Deletes every trie node that no kept height's written trie reaches (following each account to
   * its storage trie; the held tries above the newest written one reach nothing else in the store),
   * in batches of bounded size, then compacts the node family, and returns how many
   * were deleted. Commits wait while it deletes (not while it compacts); it walks every kept state
   * once (shared subtrees once), so run it every few hundred heights rather than every height. A
   * crash midway leaves dead nodes, never removes a live one.
   *
   * <p>The compaction gives the deleted nodes' space back: the family is hinted
   * {@link io.luxtensor.storage.ColumnFamilyHint#LARGE_VALUES}, and on RocksDB the nodes' blob files
   * shrink only when the family is compacted explicitly.
   */
  public long pruneTrieNodes() {
    long deleted;
    writer.lock();
    try {
      settleTrieFlush(true);
      // The kept heights whose tries are written in full. The held ones above the written trie
      // need nothing else from the store: what they do not hold, the written trie reaches.
      List<Hash> live = new ArrayList<>();
      try (KvIterator it = kv.iterator(roots, KeyRange.all())) {
        for (; it.isValid(); it.next()) {
          Hash root = rootOf(it.key(), it.value());
          if (trieStore.isWritten(root)) {
            live.add(root);
          }
        }
      }
      deleted = trieStore.prune(live, StateStore::storageRootOf);
    } finally {
      writer.unlock();
    }
    if (deleted > 0) {
      kv.compact(nodes, KeyRange.all());
    }
    return deleted;
  }

  /** The storage root an account leaf names; none for any other value. */
  private static Collection<Hash> storageRootOf(byte[] value) {
    if (value.length == 0 || (value[0] & 0xff) < 0xc0) {
      return List.of();
    }
    try {
      return List.of(Account.decode(value).storageRoot());
    } catch (RlpException | IllegalArgumentException e) {
      return List.of();
    }
  }

  // ---- metrics ---------------------------------------------------------------------------

  /** Cache counters since this object was opened, and the trie nodes held now. */
  public StateMetrics metrics() {
    // The held nodes once the releases under way are done: what the store holds for its heights.
    tries.awaitReleases();
    return new StateMetrics(cacheMetrics(accountCache.stats(), accountCache.estimatedSize()),
        cacheMetrics(slotCache.stats(), slotCache.estimatedSize()), trieStore.cacheHitRate(),
        trieStore.heldNodes(), trieStore.heldBytes());
  }

  private static StateMetrics.CacheMetrics cacheMetrics(CacheStats stats, long size) {
    return new StateMetrics.CacheMetrics(stats.hitCount(), stats.missCount(), stats.hitRate(), size,
        stats.evictionCount());
  }

  /** Empties the read caches (for measurements of cold reads). */
  public void clearCaches() {
    accountCache.invalidateAll();
    slotCache.invalidateAll();
  }

  // ---- decoding --------------------------------------------------------------------------

  static long heightOf(byte[] key) {
    if (key.length != StateLayout.HEIGHT_LENGTH) {
      throw new CorruptionException("StateRoots key of " + key.length + " bytes, expected 8; restore the store from a backup");
    }
    return StateLayout.height(key);
  }

  static Hash rootOf(byte[] key, byte[] value) {
    if (value.length != StateLayout.ROOT_VALUE_LENGTH) {
      throw new CorruptionException("StateRoots entry of height " + StateLayout.height(key) + " has " + value.length
          + " bytes, expected 64; restore the store from a backup");
    }
    return StateLayout.root(value);
  }

  static Optional<Account> decodeAccount(byte[] value, String what) {
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(Account.decode(value));
    } catch (RlpException | IllegalArgumentException e) {
      throw new CorruptionException(what + " is not a valid account: " + e.getMessage()
          + "; restore the store from a backup", e);
    }
  }

  static Hash word(byte[] value, String what) {
    if (value.length == 0 || value.length > Hash.LENGTH || value[0] == 0) {
      throw new CorruptionException(what + " holds " + value.length + " bytes that are not a trimmed word;"
          + " restore the store from a backup");
    }
    return Words.fromTrimmed(value);
  }

  private static Hash trieWord(byte[] rlp, Hash slot) {
    try {
      return Words.fromTrimmed(RlpSlice.of(rlp).bytes());
    } catch (RlpException | IllegalArgumentException e) {
      throw new CorruptionException("storage trie value of slot " + slot + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The storage trie value of a word: {@link StateLayout#storageTrieValue} of its trimmed bytes. */
  static byte[] trieValue(Hash word) {
    return StateLayout.storageTrieValue(Words.trimmed(word));
  }
}
