package io.luxtensor.chain.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Ethereum blocks with their receipts and indexes, on any {@link KeyValueStore}.
 *
 * <p>Column families (created on {@link #open} where missing): {@code Headers} (block hash to
 * header RLP), {@code Blocks} (block hash to ommers, withdrawals and the recovered senders),
 * {@code Transactions} and {@code Receipts} (block ref and index to the transaction envelope, to
 * the receipt without its bloom), {@code BlockHashes} (every stored block's hash to its
 * {@link BlockRef}, height and slot, and back; canonical height to hash and slot), the indexes
 * {@code TxByHash}, {@code TxByAddress} and {@code LogBloomBits}, {@code ChainMeta} (the head),
 * and {@code BlockTrieScratch}, an always-empty family the in-memory root tries are nominally
 * bound to. {@link BlockKeys}, {@link IndexEntries} and {@link LogBloomIndex} give the layouts.
 *
 * <p>Blocks of any number of branches are stored; one chain, ending at the head, is canonical.
 * {@link #importBlock} checks a block before writing anything and writes it, its receipts, its
 * index entries and, if it extends the head, its canonical height and the new head in one atomic
 * batch. Transaction index entries name their block by height and slot and are written for every
 * stored block, on any branch; a query shows an entry only if its slot is the canonical one at its
 * height. Logs are found through bloom bits per section of blocks, the union over every branch,
 * which give candidate heights; a log query then reads the canonical block's receipts there and
 * filters them exactly. So {@link #setHead} rewrites only the canonical heights and the head, in
 * one atomic batch (its cost grows with the blocks switched, not their transactions), and no query
 * ever sees a transaction or log of a non-canonical block, also after a crash.
 *
 * <p>Caches: the canonical height-to-block mapping (the {@value #CANONICAL_CACHE_SIZE} heights read
 * or written last) and the transactions last found by hash (the
 * {@value #TX_CACHE_SIZE} last found), which head changes and repairs empty; and the logs blooms
 * of the {@value #BLOOM_CACHE_SIZE} headers imported or read last for a log query, by block hash
 * (so never stale), which answer log queries over the newest, unsealed section.
 *
 * <p>Thread-safe: writes are serialised, and every read runs under a shared lock so that a read
 * made of several lookups never mixes two canonical chains. The caller owns the key-value store
 * and closes it once this object is no longer used; this object holds no other resource.
 */
public final class BlockStore {

  /** Every column family the store uses. */
  public static final List<String> COLUMN_FAMILIES = List.of("Headers", "Blocks", "BlockHashes", "Transactions",
      "Receipts", "TxByHash", "TxByAddress", "LogBloomBits", "ChainMeta", "BlockTrieScratch");

  /** Canonical blocks whose index entries go into one batch during {@link #repair()}. */
  private static final int REPAIR_BLOCKS_PER_BATCH = 256;
  /** Canonical heights that go into one batch during {@link #repair()}. */
  private static final int REPAIR_HEIGHTS_PER_BATCH = 4096;
  /** Blocks with more transactions than this recover their senders in parallel. */
  private static final int PARALLEL_RECOVERY_THRESHOLD = 16;
  /** Canonical heights whose hash is cached: enough for the recent blocks that most queries touch. */
  static final int CANONICAL_CACHE_SIZE = 65_536;
  /** Transactions found by hash that stay cached: a few blocks' worth of the transactions asked for most. */
  static final int TX_CACHE_SIZE = 16_384;
  /** Header blooms cached: two sections' worth, for queries over the unsealed section. */
  static final int BLOOM_CACHE_SIZE = 2 * LogBloomIndex.DEFAULT_SECTION_SIZE;
  /** Heights of an unsealed section whose missing blooms a log query reads with one multiGet. */
  private static final int BLOOM_READ_BATCH = 512;

  final KeyValueStore store;
  final ColumnFamily headers;
  final ColumnFamily blocks;
  final ColumnFamily blockHashes;
  final ColumnFamily transactions;
  final ColumnFamily receipts;
  final ColumnFamily txByHash;
  final ColumnFamily txByAddress;
  private final ColumnFamily meta;
  final IndexEntries indexEntries;
  final LogBloomIndex logBlooms;
  private final BlockRoots roots;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /**
   * Canonical height to block, as BlockHashes holds it: filled by reads and canonical imports,
   * emptied by every head change and repair (under the write lock, so readers never see a stale entry).
   */
  private final Cache<Long, Canonical> canonicalCache = Caffeine.newBuilder().maximumSize(CANONICAL_CACHE_SIZE)
      .build();
  /**
   * Canonical transactions found by hash; only found ones (a miss is never cached). Emptied with the
   * canonical cache, and a canonical import drops its own transactions' entries.
   */
  private final Cache<Hash, TransactionLocation> txCache;
  /** Logs blooms of stored headers by block hash: immutable, so never invalidated. */
  private final Cache<Hash, byte[]> bloomCache = Caffeine.newBuilder().maximumSize(BLOOM_CACHE_SIZE).build();

  /** The canonical block at a height: its hash and ref. */
  record Canonical(Hash hash, BlockRef ref) {}

  private BlockStore(KeyValueStore store, int txCacheSize, int bloomSectionSize) {
    this.store = store;
    txCache = Caffeine.newBuilder().maximumSize(txCacheSize).recordStats().build();
    headers = ColumnFamilies.getOrCreate(store, "Headers");
    blocks = ColumnFamilies.getOrCreate(store, "Blocks");
    blockHashes = ColumnFamilies.getOrCreate(store, "BlockHashes");
    transactions = ColumnFamilies.getOrCreate(store, "Transactions");
    receipts = ColumnFamilies.getOrCreate(store, "Receipts");
    txByHash = ColumnFamilies.getOrCreate(store, "TxByHash");
    txByAddress = ColumnFamilies.getOrCreate(store, "TxByAddress");
    meta = ColumnFamilies.getOrCreate(store, "ChainMeta");
    indexEntries = new IndexEntries(txByHash, txByAddress);
    logBlooms = new LogBloomIndex(ColumnFamilies.getOrCreate(store, "LogBloomBits"), bloomSectionSize);
    // The root tries are built in memory and never committed: the scratch family stays empty.
    roots = new BlockRoots(TrieStore.open(store, ColumnFamilies.getOrCreate(store, "BlockTrieScratch"), 0));
  }

  /**
   * The block store kept in {@code store}, creating its column families where missing.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException if a family is missing and the store is read-only
   */
  public static BlockStore open(KeyValueStore store) {
    return new BlockStore(store, TX_CACHE_SIZE, LogBloomIndex.DEFAULT_SECTION_SIZE);
  }

  /** {@link #open(KeyValueStore)} with a transaction cache of {@code txCacheSize} entries (0: none). */
  static BlockStore open(KeyValueStore store, int txCacheSize) {
    return new BlockStore(store, txCacheSize, LogBloomIndex.DEFAULT_SECTION_SIZE);
  }

  /**
   * {@link #open(KeyValueStore)} with bloom sections of {@code bloomSectionSize} blocks, so that
   * tests seal sections on short chains; a store must always be opened with the same size.
   */
  static BlockStore open(KeyValueStore store, int txCacheSize, int bloomSectionSize) {
    return new BlockStore(store, txCacheSize, bloomSectionSize);
  }

  /** Hits and misses of the transaction-by-hash cache, for benchmarks. */
  CacheStats txCacheStats() {
    return txCache.stats();
  }

  /** Computes transactions, receipts and withdrawals roots as this store checks them. */
  public BlockRoots roots() {
    return roots;
  }

  // ---------------------------------------------------------------- import

  /** {@link #importBlock(Block, List)} without receipts: no receipts root check, no log indexes. */
  public ImportResult importBlock(Block block) {
    return importBlock(block, null);
  }

  /**
   * Checks and stores {@code block} with its {@code receipts} (one per transaction, or
   * {@code null} when not known), in one atomic batch. The block becomes the head when it
   * extends the head, or is a genesis block and there is no head yet; otherwise it is stored on
   * a side branch, which {@link #setHead} can make canonical. Importing a stored block changes
   * nothing. Senders are recovered here unless the transactions already know them (a
   * {@link Transaction} keeps its sender once recovered); large blocks recover them on the
   * common fork-join pool.
   *
   * @throws InvalidBlockException naming the field, the expected and the actual value if the
   *     parent is unknown, the number is not the parent's plus one, or the transactions root,
   *     ommers hash, withdrawals root, receipts root, logs bloom or gas used do not match the
   *     block's contents; nothing is written
   * @throws BlockFormatException if a transaction's signature recovers no sender; nothing is written
   */
  public ImportResult importBlock(Block block, List<Receipt> blockReceipts) {
    List<Receipt> given = blockReceipts == null ? null : List.copyOf(blockReceipts);
    Header header = block.header();
    // Checks that need no store run before the lock, so that imports of many blocks overlap them.
    checkContents(block, given);
    checkLimits(block, given);
    List<Address> senders = senders(block.transactions());
    lock.writeLock().lock();
    try {
      if (store.contains(blockHashes, BlockKeys.heightOf(block.hash()))) {
        return ImportResult.ALREADY_KNOWN;
      }
      checkParent(block);
      Optional<Hash> head = headHashUnlocked();
      boolean canonical = head.isEmpty() ? header.number() == 0 : head.get().equals(header.parentHash());
      BlockRef ref = nextRef(header.number());
      WriteBatch batch = store.newBatch();
      writeBlock(batch, block, ref, senders, given);
      indexEntries.write(List.of(new BlockContents(block.hash(), ref, block.transactions(), senders,
          given == null ? List.of() : BlockContents.logsOf(given))), batch, store);
      byte[] bloom = header.logsBloom();
      indexBloom(batch, header.number(), bloom);
      if (canonical) {
        batch.put(blockHashes, BlockKeys.canonical(header.number()), BlockKeys.canonicalValue(block.hash(), ref.slot()));
        batch.put(meta, BlockKeys.HEAD, block.hash().bytes());
      }
      store.write(batch);
      bloomCache.put(block.hash(), bloom);
      if (canonical) {
        canonicalCache.put(header.number(), new Canonical(block.hash(), ref));
        for (Transaction tx : block.transactions()) {
          txCache.invalidate(tx.hash());
        }
      }
      return canonical ? ImportResult.CANONICAL : ImportResult.SIDE_BRANCH;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The ref of the next block stored at {@code height}: slot 0 unless one is there (a point read), else the count. */
  private BlockRef nextRef(long height) {
    if (!store.contains(blockHashes, BlockKeys.stored(new BlockRef(height, 0)))) {
      return new BlockRef(height, 0);
    }
    return new BlockRef(height, Math.toIntExact(store.count(blockHashes, KeyRange.prefix(BlockKeys.storedAt(height)))));
  }

  /**
   * Keeps the bloom bits whole for a block about to be stored at {@code height}: ORs its bloom into
   * its section if that is sealed (a side branch below newer blocks), and seals the section below
   * when the block is the first one stored above it.
   */
  private void indexBloom(WriteBatch batch, long height, byte[] bloom) {
    long section = logBlooms.sectionOf(height);
    if (logBlooms.isSealed(store, section)) {
      logBlooms.add(batch, store, height, bloom);
    }
    if (section > 0 && height == logBlooms.firstHeight(section) && !logBlooms.isSealed(store, section - 1)) {
      logBlooms.seal(batch, section - 1, storedBlooms(section - 1));
    }
  }

  /** Heights, transaction and log counts that keys have room for; none is near them on any chain. */
  private static void checkLimits(Block block, List<Receipt> given) {
    if (block.number() < 0 || block.number() > BlockRef.MAX_HEIGHT) {
      throw new InvalidBlockException(name(block), "number", "at most " + BlockRef.MAX_HEIGHT,
          Long.toUnsignedString(block.number()));
    }
    if (block.transactions().size() > BlockKeys.MAX_INDEX) {
      throw new InvalidBlockException(name(block), "transaction count", "at most " + BlockKeys.MAX_INDEX,
          block.transactions().size());
    }
    long logs = given == null ? 0 : given.stream().mapToLong(r -> r.logs().size()).sum();
    if (logs > BlockKeys.MAX_INDEX) {
      throw new InvalidBlockException(name(block), "log count", "at most " + BlockKeys.MAX_INDEX, logs);
    }
  }

  private static List<Address> senders(List<Transaction> txs) {
    if (txs.size() > PARALLEL_RECOVERY_THRESHOLD) {
      txs.parallelStream().forEach(Transaction::sender);
    }
    List<Address> senders = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      senders.add(tx.sender());
    }
    return senders;
  }

  private static String name(Block block) {
    return "#" + block.number() + " " + block.hash();
  }

  private void checkContents(Block block, List<Receipt> given) {
    Header header = block.header();
    String name = name(block);
    requireEqual(name, "transactionsRoot", roots.transactionsRoot(block.transactions()), header.transactionsRoot());
    requireEqual(name, "ommersHash", block.ommersHash(), header.ommersHash());
    if (header.withdrawalsRoot().isPresent()) {
      requireEqual(name, "withdrawalsRoot", roots.withdrawalsRoot(block.withdrawals().orElseThrow()),
          header.withdrawalsRoot().get());
    }
    if (given == null) {
      return;
    }
    if (given.size() != block.transactions().size()) {
      throw new InvalidBlockException(name, "receipts count", block.transactions().size(), given.size());
    }
    requireEqual(name, "receiptsRoot", roots.receiptsRoot(given), header.receiptsRoot());
    byte[] bloom = new byte[Bloom.LENGTH];
    for (Receipt receipt : given) {
      Bloom.or(bloom, receipt.bloom());
    }
    if (!Arrays.equals(bloom, header.logsBloom())) {
      throw new InvalidBlockException(name, "logsBloom", "the union of the receipts' blooms",
          "a bloom that differs from it");
    }
    long gasUsed = given.isEmpty() ? 0 : given.get(given.size() - 1).cumulativeGasUsed();
    if (gasUsed != header.gasUsed()) {
      throw new InvalidBlockException(name, "gasUsed", Long.toUnsignedString(gasUsed),
          Long.toUnsignedString(header.gasUsed()));
    }
  }

  private void checkParent(Block block) {
    Header header = block.header();
    if (header.number() == 0) {
      return;
    }
    Optional<BlockRef> parent = refUnlocked(header.parentHash());
    if (parent.isEmpty()) {
      throw new InvalidBlockException(name(block), "parentHash", "the hash of a stored block",
          header.parentHash() + " (unknown)");
    }
    long expected = parent.get().height() + 1;
    if (expected != header.number()) {
      throw new InvalidBlockException(name(block), "number", expected, header.number());
    }
  }

  private static void requireEqual(String block, String field, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new InvalidBlockException(block, field, expected, actual);
    }
  }

  private void writeBlock(WriteBatch batch, Block block, BlockRef ref, List<Address> senders, List<Receipt> given) {
    Hash hash = block.hash();
    batch.put(headers, hash.bytes(), block.header().encodedUnsafe());
    batch.put(blockHashes, BlockKeys.heightOf(hash), ref.encode());
    batch.put(blockHashes, BlockKeys.stored(ref), hash.bytes());
    batch.put(blocks, hash.bytes(), StoredBody.encode(block, senders, given != null));
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      batch.put(transactions, BlockKeys.item(ref, i), txs.get(i).encodedUnsafe());
    }
    if (given != null) {
      for (int i = 0; i < given.size(); i++) {
        batch.put(receipts, BlockKeys.item(ref, i), given.get(i).encodeStored());
      }
    }
  }

  // ---------------------------------------------------------------- head and reorgs

  /**
   * Makes the chain ending at {@code hash} canonical: the height-to-hash mapping, every index and
   * the head switch to it in one atomic batch, from the common ancestor with the current canonical
   * chain up (any depth; a block below the head moves the head back). Setting the current head
   * changes nothing.
   *
   * @throws UnknownBlockException if no block {@code hash} is stored
   */
  public void setHead(Hash hash) {
    lock.writeLock().lock();
    try {
      Header target = headerUnlocked(hash).orElseThrow(() -> new UnknownBlockException(
          "cannot set the head to block " + hash + ": it is not stored; import it (and its ancestors) first"));
      List<Header> branch = new ArrayList<>();
      Header cursor = target;
      while (!cursor.hash().equals(canonicalHashUnlocked(cursor.number()).orElse(null))) {
        branch.add(cursor);
        if (cursor.number() == 0) {
          break;
        }
        Hash parent = cursor.parentHash();
        cursor = headerUnlocked(parent).orElseThrow(() -> missing("header", parent));
      }
      long oldHeight = headHashUnlocked().map(h -> heightUnlocked(h).orElseThrow(() -> missing("height", h)))
          .orElse(-1L);
      long keepUpTo = branch.isEmpty() ? target.number() : branch.get(branch.size() - 1).number() - 1;
      WriteBatch batch = store.newBatch();
      // The index entries of both branches stay: only which slot is canonical at each height changes.
      for (long height = oldHeight; height > keepUpTo; height--) {
        batch.delete(blockHashes, BlockKeys.canonical(height));
      }
      for (int i = branch.size() - 1; i >= 0; i--) {
        Header h = branch.get(i);
        BlockRef ref = refUnlocked(h.hash()).orElseThrow(() -> missing("height", h.hash()));
        batch.put(blockHashes, BlockKeys.canonical(h.number()), BlockKeys.canonicalValue(h.hash(), ref.slot()));
      }
      batch.put(meta, BlockKeys.HEAD, hash.bytes());
      canonicalCache.invalidateAll();
      txCache.invalidateAll();
      store.write(batch);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Transactions, senders and receipts' logs of stored block {@code hash}, stored as {@code ref}. */
  BlockContents contents(Hash hash, BlockRef ref) {
    StoredBody body = storedBody(hash).orElseThrow(() -> missing("body", hash));
    int count = body.senders().size();
    return new BlockContents(hash, ref, transactionsUnlocked(hash, ref, count), body.senders(),
        body.hasReceipts() ? logsUnlocked(hash, ref, count) : List.of());
  }

  static CorruptionException missing(String what, Hash block) {
    return new CorruptionException("block store: the " + what + " of stored block " + block
        + " is missing; the store is damaged: run repair(), or re-import the chain if repair reports it");
  }


  // ---------------------------------------------------------------- reads

  /** The head block's header; empty before the first import. */
  public Optional<Header> head() {
    return read(() -> headHashUnlocked().map(h -> headerUnlocked(h).orElseThrow(() -> missing("header", h))));
  }

  /** The head's height; empty before the first import. */
  public OptionalLong bestHeight() {
    return read(() -> {
      Optional<Hash> head = headHashUnlocked();
      return head.isEmpty() ? OptionalLong.empty()
          : OptionalLong.of(heightUnlocked(head.get()).orElseThrow(() -> missing("height", head.get())));
    });
  }

  /** Whether block {@code hash} is stored, on any branch. */
  public boolean contains(Hash hash) {
    return read(() -> refUnlocked(hash).isPresent());
  }

  /** The hash of the canonical block at {@code height}. */
  public Optional<Hash> canonicalHash(long height) {
    return read(() -> canonicalHashUnlocked(height));
  }

  /** Whether block {@code hash} is on the canonical chain. */
  public boolean isCanonical(Hash hash) {
    return read(() -> refUnlocked(hash).flatMap(ref -> canonicalUnlocked(ref.height()))
        .map(c -> c.hash().equals(hash)).orElse(false));
  }

  /** The header of block {@code hash}, on any branch. */
  public Optional<Header> header(Hash hash) {
    return read(() -> headerUnlocked(hash));
  }

  /** The header of the canonical block at {@code height}. */
  public Optional<Header> headerAt(long height) {
    return read(() -> canonicalHashUnlocked(height).flatMap(this::headerUnlocked));
  }

  /** The body of block {@code hash}, on any branch. */
  public Optional<Body> body(Hash hash) {
    return read(() -> refUnlocked(hash).flatMap(ref -> bodyUnlocked(hash, ref)));
  }

  /** The body of the canonical block at {@code height}. */
  public Optional<Body> bodyAt(long height) {
    return read(() -> canonicalUnlocked(height).flatMap(c -> bodyUnlocked(c.hash(), c.ref())));
  }

  /** The block {@code hash}, on any branch, re-assembled byte-identical to the block imported. */
  public Optional<Block> block(Hash hash) {
    return read(() -> refUnlocked(hash).flatMap(ref -> blockUnlocked(hash, ref)));
  }

  /** The canonical block at {@code height}. */
  public Optional<Block> blockAt(long height) {
    return read(() -> canonicalUnlocked(height).flatMap(c -> blockUnlocked(c.hash(), c.ref())));
  }

  /** The receipts imported with block {@code hash}; empty if the block or its receipts are unknown. */
  public Optional<List<Receipt>> receipts(Hash hash) {
    return read(() -> refUnlocked(hash).flatMap(ref -> receiptsOf(hash, ref)));
  }

  /** The receipts of the canonical block at {@code height}; empty if unknown. */
  public Optional<List<Receipt>> receiptsAt(long height) {
    return read(() -> canonicalUnlocked(height).flatMap(c -> receiptsOf(c.hash(), c.ref())));
  }

  /** The canonical transaction with hash {@code txHash} and where it is; empty if none is canonical. */
  public Optional<TransactionLocation> transaction(Hash txHash) {
    return read(() -> transactionUnlocked(txHash));
  }

  /** The receipt of the canonical transaction {@code txHash}; empty if none is canonical or it has no receipt. */
  public Optional<Receipt> receipt(Hash txHash) {
    return read(() -> transactionUnlocked(txHash).flatMap(location -> {
      Canonical block = canonicalAt(location.height());
      byte[] stored = store.get(receipts, BlockKeys.item(block.ref(), location.index()));
      return stored == null ? Optional.empty() : Optional.of(decodeStored("receipt", block.hash(),
          () -> Receipt.decodeStored(stored)));
    }));
  }

  /**
   * Looks in the cache, else at every location TxByHash lists under the hash's first 8 bytes:
   * the one in a canonical block whose transaction has exactly this hash is the answer.
   */
  private Optional<TransactionLocation> transactionUnlocked(Hash txHash) {
    TransactionLocation cached = txCache.getIfPresent(txHash);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] value = store.get(txByHash, BlockKeys.txHash(txHash));
    if (value == null) {
      return Optional.empty();
    }
    List<BlockKeys.Position> positions;
    try {
      positions = IndexEntries.locations(value);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("block store: the TxByHash entry of " + txHash + " does not decode ("
          + e.getMessage() + "); run repair()", e);
    }
    for (BlockKeys.Position position : positions) {
      Optional<Canonical> block = canonicalOf(position.block());
      if (block.isPresent()) {
        TransactionLocation location = locate(block.get(), position.index());
        if (location.transaction().hash().equals(txHash)) {
          txCache.put(txHash, location);
          return Optional.of(location);
        }
      }
    }
    return Optional.empty();
  }

  /** The canonical block at {@code ref}'s height if {@code ref} is it. */
  private Optional<Canonical> canonicalOf(BlockRef ref) {
    return canonicalUnlocked(ref.height()).filter(c -> c.ref().slot() == ref.slot());
  }

  private Canonical canonicalAt(long height) {
    return canonicalUnlocked(height).orElseThrow(() -> new CorruptionException("block store: height " + height
        + " has no canonical block although the head is at or above it; run repair()"));
  }

  private TransactionLocation locate(Canonical block, int index) {
    byte[] envelope = store.get(transactions, BlockKeys.item(block.ref(), index));
    if (envelope == null) {
      throw missing("transaction " + index, block.hash());
    }
    Transaction tx = decodeStored("transaction " + index, block.hash(), () -> Transaction.fromEnvelopeOwned(envelope));
    return new TransactionLocation(tx, block.hash(), block.ref().height(), index);
  }

  /**
   * Canonical transactions sent or received by {@code address}, newest first (by height, then by
   * index in the block, descending), at most {@code limit} per page.
   *
   * @param cursor empty for the first page, else the previous page's {@link Page#next()}
   * @throws IllegalArgumentException if {@code limit < 1} or the cursor is not one this query produced
   */
  public Page<TransactionLocation> transactionsOf(Address address, Optional<String> cursor, int limit) {
    requireLimit(limit);
    byte[] prefix = address.bytes();
    byte[] start = cursor.map(token -> concat(prefix, decodeCursor(token, true))).orElse(prefix);
    return read(() -> {
      List<TransactionLocation> items = new ArrayList<>();
      try (KvIterator it = store.iterator(txByAddress, KeyRange.of(start, Keys.prefixSuccessor(prefix)))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          BlockKeys.Position position = indexKey(txByAddress, key, prefix.length, true);
          Optional<Canonical> block = canonicalOf(position.block());
          if (block.isEmpty()) {
            continue;
          }
          if (items.size() == limit) {
            return new Page<>(items, Optional.of(encodeCursor(key, prefix.length)));
          }
          items.add(locate(block.get(), position.index()));
        }
      }
      return new Page<>(items, Optional.empty());
    });
  }

  /**
   * Canonical logs that pass {@code filter}, in chain order (height, then log index), at most
   * {@code limit} per page. The bloom bits of the address and of every topic the filter names give
   * the candidate heights (in sealed sections, the AND of their stored vectors; in the unsealed
   * one, the canonical headers' blooms); the receipts of the canonical block at each candidate
   * height are read (one iterator, seeking from block to block) and filtered exactly, and the
   * transactions of the logs returned are read with one multiGet for their hashes.
   *
   * @param cursor empty for the first page, else the previous page's {@link Page#next()}
   * @throws IllegalArgumentException if {@code limit < 1} or the cursor is not one this query produced
   */
  public Page<LogEntry> logs(LogFilter filter, Optional<String> cursor, int limit) {
    requireLimit(limit);
    long[] resume = cursor.map(token -> decodeLogCursor(token, filter)).orElse(null);
    if (filter.fromHeight() > BlockRef.MAX_HEIGHT) {
      return new Page<>(List.of(), Optional.empty());
    }
    int[] bits = bloomBits(filter);
    return read(() -> {
      Optional<Hash> head = headHashUnlocked();
      if (head.isEmpty()) {
        return new Page<>(List.of(), Optional.empty());
      }
      long to = Math.min(filter.toHeight(), heightUnlocked(head.get()).orElseThrow(() -> missing("height", head.get())));
      LogScan scan = new LogScan(filter, limit, resume == null ? -1 : resume[0], resume == null ? 0 : (int) resume[1]);
      try (KvIterator receiptsIt = store.iterator(receipts, KeyRange.all())) {
        scan.receiptsIt = receiptsIt;
        for (long height = resume == null ? filter.fromHeight() : resume[0]; height <= to && scan.next == null; ) {
          long section = logBlooms.sectionOf(height);
          long end = Math.min(to, logBlooms.firstHeight(section) + logBlooms.sectionSize() - 1);
          long[] candidates = logBlooms.candidates(store, section, bits);
          if (candidates != null) {
            long base = logBlooms.firstHeight(section);
            for (int offset = LogBloomIndex.nextSetBit(candidates, (int) (height - base)); offset >= 0 && base + offset <= end
                && scan.next == null; offset = LogBloomIndex.nextSetBit(candidates, offset + 1)) {
              scan.block(canonicalAt(base + offset));
            }
          } else {
            scanUnsealed(scan, bits, height, end);
          }
          height = end + 1;
        }
      }
      return new Page<>(scan.entries(), Optional.ofNullable(scan.next));
    });
  }

  /** The bloom bits a matching log's block must have: those of the address and of every topic named. */
  private static int[] bloomBits(LogFilter filter) {
    List<byte[]> items = new ArrayList<>();
    filter.address().ifPresent(a -> items.add(a.bytes()));
    filter.topics().forEach(t -> t.ifPresent(topic -> items.add(topic.bytes())));
    int[] bits = new int[3 * items.size()];
    for (int i = 0; i < items.size(); i++) {
      System.arraycopy(Bloom.bitsOf(items.get(i)), 0, bits, 3 * i, 3);
    }
    return bits;
  }

  /** Candidate heights {@code from..to} of an unsealed section: those whose canonical header's bloom has every bit. */
  private void scanUnsealed(LogScan scan, int[] bits, long from, long to) {
    for (long height = from; height <= to && scan.next == null; ) {
      List<Canonical> run = new ArrayList<>();
      for (; height <= to && run.size() < BLOOM_READ_BATCH; height++) {
        run.add(canonicalAt(height));
      }
      List<byte[]> blooms = canonicalBlooms(run);
      for (int i = 0; i < run.size() && scan.next == null; i++) {
        if (hasAll(blooms.get(i), bits)) {
          scan.block(run.get(i));
        }
      }
    }
  }

  private static boolean hasAll(byte[] bloom, int[] bits) {
    for (int bit : bits) {
      if (!Bloom.isSet(bloom, bit)) {
        return false;
      }
    }
    return true;
  }

  /** The logs blooms of {@code blocks}' headers, from the cache, else read with one multiGet. */
  private List<byte[]> canonicalBlooms(List<Canonical> blocks) {
    List<byte[]> blooms = new ArrayList<>(blocks.size());
    List<Integer> missingAt = new ArrayList<>();
    for (Canonical c : blocks) {
      byte[] bloom = bloomCache.getIfPresent(c.hash());
      if (bloom == null) {
        missingAt.add(blooms.size());
      }
      blooms.add(bloom);
    }
    if (!missingAt.isEmpty()) {
      List<byte[]> rlps = store.multiGet(headers, missingAt.stream().map(i -> blocks.get(i).hash().bytes()).toList());
      for (int k = 0; k < missingAt.size(); k++) {
        Hash hash = blocks.get(missingAt.get(k)).hash();
        byte[] rlp = rlps.get(k);
        if (rlp == null) {
          throw missing("header", hash);
        }
        byte[] bloom = decodeStored("header", hash, () -> Header.decode(rlp).logsBloom());
        bloomCache.put(hash, bloom);
        blooms.set(missingAt.get(k), bloom);
      }
    }
    return blooms;
  }

  /** A log query's progress: the logs found so far, and the cursor once a page is full. */
  private final class LogScan {
    private final LogFilter filter;
    private final int limit;
    private final long resumeHeight;
    private final int resumeLogIndex;
    private final List<LogHit> hits = new ArrayList<>();
    KvIterator receiptsIt;
    String next;

    LogScan(LogFilter filter, int limit, long resumeHeight, int resumeLogIndex) {
      this.filter = filter;
      this.limit = limit;
      this.resumeHeight = resumeHeight;
      this.resumeLogIndex = resumeLogIndex;
    }

    /** Reads the receipts of canonical {@code block} and keeps its logs that pass the filter. */
    void block(Canonical block) {
      byte[] prefix = BlockKeys.items(block.ref());
      int logIndex = 0;
      int skipBelow = block.ref().height() == resumeHeight ? resumeLogIndex : 0;
      for (receiptsIt.seek(prefix); receiptsIt.isValid(); receiptsIt.next()) {
        byte[] key = receiptsIt.key();
        if (key.length != prefix.length + BlockKeys.INDEX_BYTES || !Arrays.equals(key, 0, prefix.length, prefix, 0,
            prefix.length)) {
          break;
        }
        int txIndex = BlockKeys.itemIndex(key);
        byte[] value = receiptsIt.value();
        List<Log> logs = decodeStored("receipt " + txIndex, block.hash(), () -> Receipt.decodeStoredLogs(value));
        for (int j = 0; j < logs.size(); j++, logIndex++) {
          Log log = logs.get(j);
          if (logIndex >= skipBelow && filter.matches(log)) {
            if (hits.size() == limit) {
              next = encodeLogCursor(block.ref().height(), logIndex);
              return;
            }
            hits.add(new LogHit(block, log, txIndex, logIndex));
          }
        }
      }
    }

    /** The logs found, with their transactions' hashes (one multiGet of the transactions). */
    List<LogEntry> entries() {
      Map<TxAt, Hash> txHashes = transactionHashes(hits);
      List<LogEntry> out = new ArrayList<>(hits.size());
      for (LogHit hit : hits) {
        out.add(new LogEntry(hit.log(), hit.block().hash(), hit.block().ref().height(),
            txHashes.get(new TxAt(hit.block(), hit.txIndex())), hit.txIndex(), hit.logIndex()));
      }
      return out;
    }
  }

  /** A log that passed a query's filter, with its block, its transaction's index and its index in the block. */
  private record LogHit(Canonical block, Log log, int txIndex, int logIndex) {}

  /** A transaction of a canonical block, as a map key. */
  private record TxAt(Canonical block, int index) {

    byte[] key() {
      return BlockKeys.item(block.ref(), index);
    }
  }

  private Map<TxAt, Hash> transactionHashes(List<LogHit> hits) {
    List<TxAt> wanted = new ArrayList<>();
    Map<TxAt, Hash> hashes = new HashMap<>();
    for (LogHit hit : hits) {
      TxAt at = new TxAt(hit.block(), hit.txIndex());
      if (hashes.putIfAbsent(at, Hash.ZERO) == null) {
        wanted.add(at);
      }
    }
    if (wanted.isEmpty()) {
      return hashes;
    }
    List<byte[]> envelopes = store.multiGet(transactions, wanted.stream().map(TxAt::key).toList());
    for (int i = 0; i < wanted.size(); i++) {
      if (envelopes.get(i) == null) {
        throw missing("transaction " + wanted.get(i).index(), wanted.get(i).block().hash());
      }
      hashes.put(wanted.get(i), Hash.keccak256(envelopes.get(i)));
    }
    return hashes;
  }

  /** A log cursor: the height (5 bytes) and the index in its block (3 bytes) of the first log of the next page. */
  private static String encodeLogCursor(long height, int logIndex) {
    byte[] token = new byte[BlockRef.HEIGHT_BYTES + BlockKeys.INDEX_BYTES];
    BlockRef.writeHeight(token, 0, height);
    token[5] = (byte) (logIndex >>> 16);
    token[6] = (byte) (logIndex >>> 8);
    token[7] = (byte) logIndex;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static long[] decodeLogCursor(String token, LogFilter filter) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    long height = bytes.length == BlockRef.HEIGHT_BYTES + BlockKeys.INDEX_BYTES ? BlockRef.readHeight(bytes, 0) : -1;
    if (height < filter.fromHeight() || height > filter.toHeight()) {
      throw new IllegalArgumentException("cursor \"" + token + "\" is not a token this query produced; pass the"
          + " next() of the previous page, or nothing for the first page");
    }
    return new long[] {height, (bytes[5] & 0xff) << 16 | (bytes[6] & 0xff) << 8 | bytes[7] & 0xff};
  }

  /** The block and index of an index key whose prefix (address or topic) is {@code prefixLength} bytes. */
  private static BlockKeys.Position indexKey(ColumnFamily cf, byte[] key, int prefixLength, boolean inverted) {
    try {
      return BlockKeys.position(key, prefixLength, inverted);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("block store: a " + cf.name() + " key of " + key.length + " bytes does not"
          + " decode (" + e.getMessage() + "); run repair()", e);
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("page limit must be at least 1, got " + limit);
    }
  }

  private static String encodeCursor(byte[] key, int prefixLength) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(key, prefixLength, key.length));
  }

  private static byte[] decodeCursor(String token, boolean inverted) {
    try {
      byte[] suffix = Base64.getUrlDecoder().decode(token);
      BlockKeys.position(suffix, 0, inverted);
      return suffix;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor \"" + token + "\" is not a token this query produced; pass the"
          + " next() of the previous page, or nothing for the first page", e);
    }
  }

  private static byte[] concat(byte[] prefix, byte[] suffix) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + suffix.length);
    System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
    return key;
  }

  // ---------------------------------------------------------------- verify and repair

  /**
   * Proves the indexes right: walks the canonical chain from the head to its genesis and checks
   * that each height maps to it; checks that every stored block is whole (header, body,
   * transactions and, if imported with them, receipts) and that each of its index entries is
   * there with the right value; and scans every index and checks that each entry points to a
   * stored block whose entry it is (queries show an entry only while its block is canonical).
   * Reads under the shared lock, so imports wait for it.
   */
  public VerifyReport verify() {
    return read(() -> new IndexVerifier(this).run());
  }

  /**
   * Rebuilds the canonical height mapping from the chain ending at the head, the transaction
   * indexes from the stored bodies of every stored block and the bloom bits of every section below
   * the highest stored block from the stored headers, then {@linkplain #verify() verifies}. The
   * indexes are cleared in one batch and rebuilt in batches of {@value #REPAIR_BLOCKS_PER_BATCH}
   * blocks, and one batch per bloom section: interrupted, it leaves indexes that {@code verify}
   * reports incomplete (queries stay right: an unsealed section is read from the headers), and
   * running it again completes them.
   */
  public VerifyReport repair() {
    lock.writeLock().lock();
    try {
      List<Header> chain = new ArrayList<>();
      Optional<Hash> head = headHashUnlocked();
      for (Header h = head.map(x -> headerUnlocked(x).orElseThrow(() -> missing("header", x))).orElse(null);
          h != null; ) {
        chain.add(h);
        if (h.number() == 0) {
          break;
        }
        Hash parent = h.parentHash();
        h = headerUnlocked(parent).orElseThrow(() -> missing("header", parent));
      }
      WriteBatch clear = store.newBatch();
      for (ColumnFamily cf : indexEntries.families()) {
        clear.deleteRange(cf, KeyRange.all());
      }
      clear.deleteRange(logBlooms.family(), KeyRange.all());
      clear.deleteRange(blockHashes, KeyRange.prefix(new byte[] {BlockKeys.CANONICAL}));
      canonicalCache.invalidateAll();
      txCache.invalidateAll();
      store.write(clear);
      WriteBatch batch = store.newBatch();
      for (Header h : chain) {
        BlockRef ref = refUnlocked(h.hash()).orElseThrow(() -> missing("height", h.hash()));
        batch.put(blockHashes, BlockKeys.canonical(h.number()), BlockKeys.canonicalValue(h.hash(), ref.slot()));
        if (batch.size() == REPAIR_HEIGHTS_PER_BATCH) {
          store.write(batch);
          batch = store.newBatch();
        }
      }
      if (!batch.isEmpty()) {
        store.write(batch);
      }
      List<BlockContents> run = new ArrayList<>();
      try (KvIterator it = store.iterator(blockHashes, KeyRange.prefix(new byte[] {BlockKeys.STORED}))) {
        for (; it.isValid(); it.next()) {
          BlockRef ref = BlockRef.decodeValue("key of a stored block", Arrays.copyOfRange(it.key(), 1, it.key().length));
          run.add(contents(hashOf("hash of stored block " + ref, it.value()), ref));
          if (run.size() == REPAIR_BLOCKS_PER_BATCH) {
            writeIndexes(run);
          }
        }
      }
      writeIndexes(run);
      long sections = logBlooms.sealedSections(maxStoredHeightUnlocked());
      for (long section = 0; section < sections; section++) {
        WriteBatch sealing = store.newBatch();
        logBlooms.seal(sealing, section, storedBlooms(section));
        store.write(sealing);
      }
    } finally {
      lock.writeLock().unlock();
    }
    return verify();
  }

  private void writeIndexes(List<BlockContents> run) {
    WriteBatch batch = store.newBatch();
    indexEntries.write(run, batch, store);
    if (!batch.isEmpty()) {
      store.write(batch);
    }
    run.clear();
  }

  // ---------------------------------------------------------------- unlocked helpers, shared with the verifier

  <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The height of the highest stored block, on any branch; -1 if none is stored. */
  long maxStoredHeightUnlocked() {
    try (KvIterator it = store.iterator(blockHashes, KeyRange.prefix(new byte[] {BlockKeys.STORED}), Direction.REVERSE)) {
      return it.isValid() ? BlockRef.readHeight(it.key(), 1) : -1;
    }
  }

  /**
   * The union of the logs blooms of every stored block (on any branch) at each height of
   * {@code section}, by offset in the section; null where no block is stored.
   */
  byte[][] storedBlooms(long section) {
    long first = logBlooms.firstHeight(section);
    byte[][] blooms = new byte[logBlooms.sectionSize()][];
    List<Long> heights = new ArrayList<>();
    List<Hash> hashes = new ArrayList<>();
    byte[] end = first + logBlooms.sectionSize() > BlockRef.MAX_HEIGHT ? Keys.prefixSuccessor(new byte[] {BlockKeys.STORED})
        : BlockKeys.storedAt(first + logBlooms.sectionSize());
    try (KvIterator it = store.iterator(blockHashes, KeyRange.of(BlockKeys.storedAt(first), end))) {
      for (; it.isValid(); it.next()) {
        heights.add(BlockRef.readHeight(it.key(), 1));
        hashes.add(hashOf("hash of a stored block", it.value()));
      }
    }
    List<Integer> missingAt = new ArrayList<>();
    List<byte[]> cached = new ArrayList<>(hashes.size());
    for (int i = 0; i < hashes.size(); i++) {
      byte[] bloom = bloomCache.getIfPresent(hashes.get(i));
      cached.add(bloom);
      if (bloom == null) {
        missingAt.add(i);
      }
    }
    List<byte[]> rlps = missingAt.isEmpty() ? List.of()
        : store.multiGet(headers, missingAt.stream().map(i -> hashes.get(i).bytes()).toList());
    for (int k = 0; k < missingAt.size(); k++) {
      Hash hash = hashes.get(missingAt.get(k));
      byte[] rlp = rlps.get(k);
      if (rlp == null) {
        throw missing("header", hash);
      }
      cached.set(missingAt.get(k), decodeStored("header", hash, () -> Header.decode(rlp).logsBloom()));
    }
    for (int i = 0; i < hashes.size(); i++) {
      int offset = (int) (heights.get(i) - first);
      if (blooms[offset] == null) {
        blooms[offset] = cached.get(i).clone();
      } else {
        Bloom.or(blooms[offset], cached.get(i));
      }
    }
    return blooms;
  }

  Optional<Hash> headHashUnlocked() {
    byte[] hash = store.get(meta, BlockKeys.HEAD);
    return hash == null ? Optional.empty() : Optional.of(hashOf("head", hash));
  }

  /** The height and slot of stored block {@code hash}. */
  Optional<BlockRef> refUnlocked(Hash hash) {
    byte[] ref = store.get(blockHashes, BlockKeys.heightOf(hash));
    return ref == null ? Optional.empty() : Optional.of(BlockRef.decodeValue("height of block " + hash, ref));
  }

  Optional<Long> heightUnlocked(Hash hash) {
    return refUnlocked(hash).map(BlockRef::height);
  }

  /** The hash of the stored block {@code ref}. */
  Optional<Hash> storedHashUnlocked(BlockRef ref) {
    byte[] hash = store.get(blockHashes, BlockKeys.stored(ref));
    return hash == null ? Optional.empty() : Optional.of(hashOf("hash of stored block " + ref, hash));
  }

  Optional<Canonical> canonicalUnlocked(long height) {
    Canonical cached = canonicalCache.getIfPresent(height);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (height < 0 || height > BlockRef.MAX_HEIGHT) {
      return Optional.empty();
    }
    byte[] value = store.get(blockHashes, BlockKeys.canonical(height));
    if (value == null) {
      return Optional.empty();
    }
    Canonical canonical;
    try {
      int slot = Varint.read(value, Hash.LENGTH);
      if (Hash.LENGTH + Varint.length(slot) != value.length) {
        throw new IllegalArgumentException("trailing bytes");
      }
      canonical = new Canonical(Hash.of(Arrays.copyOf(value, Hash.LENGTH)), new BlockRef(height, slot));
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("block store: the canonical entry at height " + height + " is not a hash and"
          + " a slot (" + value.length + " bytes); run repair()", e);
    }
    canonicalCache.put(height, canonical);
    return Optional.of(canonical);
  }

  Optional<Hash> canonicalHashUnlocked(long height) {
    return canonicalUnlocked(height).map(Canonical::hash);
  }

  static Hash hashOf(String what, byte[] bytes) {
    if (bytes.length != Hash.LENGTH) {
      throw new CorruptionException("block store: the " + what + " is " + bytes.length + " bytes, not "
          + Hash.LENGTH + "; run repair()");
    }
    return Hash.of(bytes);
  }

  Optional<Header> headerUnlocked(Hash hash) {
    byte[] rlp = store.get(headers, hash.bytes());
    if (rlp == null) {
      return Optional.empty();
    }
    Header header = decodeStored("header", hash, () -> Header.decode(rlp));
    if (!header.hash().equals(hash)) {
      throw new CorruptionException("block store: the header stored under " + hash + " hashes to "
          + header.hash() + "; the store is damaged, re-import the block");
    }
    return Optional.of(header);
  }

  Optional<StoredBody> storedBody(Hash hash) {
    byte[] value = store.get(blocks, hash.bytes());
    return value == null ? Optional.empty() : Optional.of(decodeStored("body", hash, () -> StoredBody.decode(value)));
  }

  List<Transaction> transactionsUnlocked(Hash block, BlockRef ref, int count) {
    List<byte[]> values = itemsOf(transactions, block, ref, count, "transaction");
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] envelope = values.get(i);
      txs.add(decodeStored("transaction " + i, block, () -> Transaction.fromEnvelopeOwned(envelope)));
    }
    return txs;
  }

  List<Receipt> receiptsUnlocked(Hash block, BlockRef ref, int count) {
    List<byte[]> values = itemsOf(receipts, block, ref, count, "receipt");
    List<Receipt> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] stored = values.get(i);
      out.add(decodeStored("receipt " + i, block, () -> Receipt.decodeStored(stored)));
    }
    return out;
  }

  private List<List<Log>> logsUnlocked(Hash block, BlockRef ref, int count) {
    List<byte[]> values = itemsOf(receipts, block, ref, count, "receipt");
    List<List<Log>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] stored = values.get(i);
      out.add(decodeStored("receipt " + i, block, () -> Receipt.decodeStoredLogs(stored)));
    }
    return out;
  }

  /** The values of {@code count} items of {@code block} (stored as {@code ref}) in {@code cf}, all present. */
  private List<byte[]> itemsOf(ColumnFamily cf, Hash block, BlockRef ref, int count, String what) {
    if (count == 0) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(BlockKeys.item(ref, i));
    }
    List<byte[]> values = store.multiGet(cf, keys);
    for (int i = 0; i < count; i++) {
      if (values.get(i) == null) {
        throw missing(what + " " + i, block);
      }
    }
    return values;
  }

  private Optional<List<Receipt>> receiptsOf(Hash hash, BlockRef ref) {
    return storedBody(hash).filter(StoredBody::hasReceipts)
        .map(body -> receiptsUnlocked(hash, ref, body.senders().size()));
  }

  private Optional<Body> bodyUnlocked(Hash hash, BlockRef ref) {
    return storedBody(hash).map(stored -> new Body(transactionsUnlocked(hash, ref, stored.senders().size()),
        stored.ommers(), stored.withdrawals()));
  }

  private Optional<Block> blockUnlocked(Hash hash, BlockRef ref) {
    Optional<Header> header = headerUnlocked(hash);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Body body = bodyUnlocked(hash, ref).orElseThrow(() -> missing("body", hash));
    return Optional.of(Block.of(header.get(), body));
  }

  /** Decodes stored bytes; a failure is damage to this store, never the caller's input error. */
  static <T> T decodeStored(String what, Hash block, Supplier<T> decode) {
    try {
      return decode.get();
    } catch (CorruptionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptionException("block store: the stored " + what + " of block " + block
          + " does not decode (" + e.getMessage() + "); the store is damaged, re-import the block", e);
    }
  }
}
