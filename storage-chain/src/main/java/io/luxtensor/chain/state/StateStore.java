package io.luxtensor.chain.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * diff layers above the flat tables, as geth keeps its snapshot tree: a commit stores its diff,
 * trie nodes and root, and writes the oldest layer beyond that depth to the flat tables and the
 * history in the batch of its diff; the head's reads look in the layers first (one map lookup), then
 * the cache of flat rows. A {@link #rollbackTo} within the layers only drops layers.
 *
 * <p>Writes ({@link WorldState#commit}, {@link #rollbackTo}, {@link #prune}, {@link #pruneTrieNodes})
 * are serialised, and each commit or rollback is one atomic batch (a commit's trie nodes go ahead
 * of it in batches of their own: content-addressed, they are unreachable until it lands), so after
 * a crash every height is all there or absent, and the flat tables are the state at their own height (a
 * {@link StateLayout#META} row), with the stored diffs above it read back into layers on open. Reads are
 * thread-safe and run concurrently with writes; a read of an older height never mixes two heads.
 * A thread that reads older heights keeps two iterators open on the store until the next write
 * (they make each such read one seek); they are closed by that write, or by closing the store.
 * The caller owns the key-value store and closes it after this object is no longer used.
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
    byte[] stored = meta == null ? null : kv.get(meta, StateLayout.FLAT_HEIGHT);
    if (stored != null && stored.length != StateLayout.HEIGHT_LENGTH) {
      throw new CorruptionException("the flat-height row has " + stored.length + " bytes, expected 8;"
          + " restore the store from a backup");
    }
    long top = head.height();
    long flat = stored == null ? top : StateLayout.height(stored);
    if (flat > top || (flat < oldest - 1 && top >= 0)) {
      throw new CorruptionException("the flat tables are at height " + flat + ", outside the kept heights ["
          + oldest + ", " + top + "]; restore the store from a backup");
    }
    DiffLayers loaded = new DiffLayers(flat);
    for (long h = flat + 1; h <= top; h++) {
      long height = h;
      loaded.push(diff(h).orElseThrow(() -> new CorruptionException("state diff of kept height " + height
          + " missing; restore the store from a backup")));
    }
    return loaded;
  }

  /** The height the flat tables and history rows are written up to (-1: none). */
  long flatHeight() {
    return layers.flatHeight();
  }

  // ---- the head --------------------------------------------------------------------------

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
      CommitWriter commit = new CommitWriter(this, height, current.root());
      Hash root;
      // Trie nodes are written ahead of the height's batch, in batches of their own on other threads
      // while this one goes on: nodes are content-addressed, so until the height's batch lands they
      // are reachable from no kept root (after a crash or a failed write, dead nodes the next
      // pruneTrieNodes sweeps), never a wrong state.
      List<CompletableFuture<Void>> nodeWrites = new ArrayList<>(2);
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
          nodeWrites.add(writeAsync(commit.storageNodes()));
          root = commit.commitStateTrie();
        } finally {
          walk.close();
        }
        nodeWrites.add(writeAsync(commit.stateNodes()));
        commit.finish(root, blockHash);
        if (current.height() < 0) {
          // An empty store's flat tables hold the (empty) state below its first height.
          layers.reset(height - 1);
        }
        // The oldest layers beyond the configured depth go to the flat tables in the height's batch.
        flushed = layers.toFlush(commit.diff(), config.effectiveDiffLayers());
        long flat = layers.flatHeight();
        for (StateDiff diff : flushed) {
          writeFlat(commit.batch(), diff);
          flat = diff.height();
        }
        putFlatHeight(commit.batch(), flat);
      } catch (RuntimeException | Error e) {
        // Waited for all the same, so that no write of a failed commit lands after it returned.
        awaitAll(e, nodeWrites);
        throw e;
      }
      // The layer's versions are added while the batches are written; they count once published.
      CompletableFuture<DiffLayers.Layer> staging =
          CompletableFuture.supplyAsync(() -> layers.stage(commit.diff()), TriePrefetcher.POOL);
      try {
        awaitAll(null, nodeWrites);
      } catch (RuntimeException | Error e) {
        abandon(staging, e);
        throw e;
      }
      visibility.writeLock().lock();
      try {
        try {
          kv.write(commit.batch(), options());
        } catch (RuntimeException e) {
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
        head = new Head(height, root);
        if (oldest < 0) {
          oldest = height;
        }
      } finally {
        visibility.writeLock().unlock();
      }
      return root;
    } finally {
      writer.unlock();
    }
  }

  /** Writes {@code batch} on the prefetcher's threads. */
  private CompletableFuture<Void> writeAsync(WriteBatch batch) {
    return batch.isEmpty() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> kv.write(batch, options()), TriePrefetcher.POOL);
  }

  /**
   * Waits for every write to end. Their failures are added to {@code failing}, the failure the
   * caller is throwing, if any; else the first is thrown, unwrapped, with the others suppressed.
   */
  private static void awaitAll(Throwable failing, List<CompletableFuture<Void>> writes) {
    RuntimeException failure = null;
    for (CompletableFuture<Void> write : writes) {
      try {
        write.join();
      } catch (CompletionException | CancellationException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException unwrapped ? unwrapped : e;
        if (failing != null) {
          failing.addSuppressed(cause);
        } else if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
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
    if (meta == null) {
      throw new ReadOnlyStoreException("writing state");
    }
    batch.put(meta, StateLayout.FLAT_HEIGHT, StateLayout.heightKey(height));
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
    WriteBatch batch = kv.newBatch();
    deleteHeightsAbove(batch, height, top);
    Hash root = committed(height).orElseThrow().root();
    visibility.writeLock().lock();
    try {
      kv.write(batch, options());
      closeCursors();
      // The caches hold flat rows, which did not change.
      layers.dropAbove(height);
      head = new Head(height, root);
    } finally {
      visibility.writeLock().unlock();
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
    visibility.writeLock().lock();
    try {
      kv.write(batch, options());
      closeCursors();
      // Dropped, not refilled: the next read decodes only what is read again. Before the layers
      // go, so that no read falls through to a cached row the batch replaced.
      accountCache.invalidateAll(undo.accounts.keySet());
      slotCache.invalidateAll(undo.slots.keySet());
      layers.reset(height);
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
      int removed = 0;
      long keepFrom = head.height() - config.retainedHeights();
      // Only heights below the flat tables' own height go: that one stays kept, so its root does too.
      while (removed < maxHeights && oldest >= 0 && oldest < keepFrom && oldest < layers.flatHeight()) {
        long h = oldest;
        WriteBatch batch = kv.newBatch();
        StateDiff diff = diff(h).orElseThrow(() -> new CorruptionException("state diff of kept height " + h
            + " missing; restore the store from a backup"));
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
   * Deletes every trie node that no kept height's state reaches (following each account to its
   * storage trie), in batches of bounded size, then compacts the node family, and returns how many
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
      List<Hash> live = new ArrayList<>();
      try (KvIterator it = kv.iterator(roots, KeyRange.all())) {
        for (; it.isValid(); it.next()) {
          live.add(rootOf(it.key(), it.value()));
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

  /** Cache counters since this object was opened. */
  public StateMetrics metrics() {
    return new StateMetrics(cacheMetrics(accountCache.stats(), accountCache.estimatedSize()),
        cacheMetrics(slotCache.stats(), slotCache.estimatedSize()), trieStore.cacheHitRate());
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
