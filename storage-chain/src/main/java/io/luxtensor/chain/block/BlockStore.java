package io.luxtensor.chain.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Ethereum blocks with their receipts and indexes, on any {@link KeyValueStore}.
 *
 * <p>Column families (created on {@link #open} where missing): {@code Headers} (block hash to
 * header RLP), {@code Blocks} (block hash to ommers, withdrawals and the recovered senders),
 * {@code Transactions} and {@code Receipts} (block hash and index to the transaction envelope,
 * to the receipt without its bloom), {@code BlockHashes} (canonical height to hash, and every
 * stored block's hash to its height), the indexes {@code TxByHash}, {@code TxByAddress},
 * {@code LogsByAddress} and {@code LogsByTopic} (canonical blocks only), {@code ChainMeta} (the
 * head), and {@code BlockTrieScratch}, an always-empty family the in-memory root tries are
 * nominally bound to.
 *
 * <p>Blocks of any number of branches are stored; one chain, ending at the head, is canonical,
 * and only its transactions and logs are indexed. {@link #importBlock} checks a block before
 * writing anything and writes it, its receipts and, if it extends the head, its index entries
 * and the new head in one atomic batch. {@link #setHead} moves the canonical chain to any stored
 * block in one atomic batch, so no query ever sees a transaction or log of a non-canonical
 * block, also after a crash.
 *
 * <p>Thread-safe: writes are serialised, and every read runs under a shared lock so that a read
 * made of several lookups never mixes two canonical chains. The caller owns the key-value store
 * and closes it once this object is no longer used; this object holds no other resource.
 */
public final class BlockStore {

  /** Every column family the store uses. */
  public static final List<String> COLUMN_FAMILIES = List.of("Headers", "Blocks", "BlockHashes", "Transactions",
      "Receipts", "TxByHash", "TxByAddress", "LogsByAddress", "LogsByTopic", "ChainMeta", "BlockTrieScratch");

  /** Canonical blocks whose index entries go into one batch during {@link #repair()}. */
  private static final int REPAIR_BLOCKS_PER_BATCH = 256;
  /** Blocks with more transactions than this recover their senders in parallel. */
  private static final int PARALLEL_RECOVERY_THRESHOLD = 16;
  /** Canonical heights whose hash is cached: enough for the recent blocks that most queries touch. */
  private static final int CANONICAL_CACHE_SIZE = 65_536;

  final KeyValueStore store;
  final ColumnFamily headers;
  final ColumnFamily blocks;
  final ColumnFamily blockHashes;
  final ColumnFamily transactions;
  final ColumnFamily receipts;
  final ColumnFamily txByHash;
  final ColumnFamily txByAddress;
  final ColumnFamily logsByAddress;
  final ColumnFamily logsByTopic;
  private final ColumnFamily meta;
  final IndexEntries indexEntries;
  private final BlockRoots roots;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /**
   * Canonical height to hash, as BlockHashes holds it: filled by reads and canonical imports,
   * emptied by every head change and repair (under the write lock, so readers never see a stale entry).
   */
  private final Cache<Long, Hash> canonicalCache = Caffeine.newBuilder().maximumSize(CANONICAL_CACHE_SIZE).build();

  private BlockStore(KeyValueStore store) {
    this.store = store;
    headers = ColumnFamilies.getOrCreate(store, "Headers");
    blocks = ColumnFamilies.getOrCreate(store, "Blocks");
    blockHashes = ColumnFamilies.getOrCreate(store, "BlockHashes");
    transactions = ColumnFamilies.getOrCreate(store, "Transactions");
    receipts = ColumnFamilies.getOrCreate(store, "Receipts");
    txByHash = ColumnFamilies.getOrCreate(store, "TxByHash");
    txByAddress = ColumnFamilies.getOrCreate(store, "TxByAddress");
    logsByAddress = ColumnFamilies.getOrCreate(store, "LogsByAddress");
    logsByTopic = ColumnFamilies.getOrCreate(store, "LogsByTopic");
    meta = ColumnFamilies.getOrCreate(store, "ChainMeta");
    indexEntries = new IndexEntries(txByHash, txByAddress, logsByAddress, logsByTopic);
    // The root tries are built in memory and never committed: the scratch family stays empty.
    roots = new BlockRoots(TrieStore.open(store, ColumnFamilies.getOrCreate(store, "BlockTrieScratch"), 0));
  }

  /**
   * The block store kept in {@code store}, creating its column families where missing.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException if a family is missing and the store is read-only
   */
  public static BlockStore open(KeyValueStore store) {
    return new BlockStore(store);
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
    List<Address> senders = senders(block.transactions());
    lock.writeLock().lock();
    try {
      if (store.contains(blockHashes, BlockKeys.heightOf(block.hash()))) {
        return ImportResult.ALREADY_KNOWN;
      }
      checkParent(block);
      Optional<Hash> head = headHashUnlocked();
      boolean canonical = head.isEmpty() ? header.number() == 0 : head.get().equals(header.parentHash());
      WriteBatch batch = store.newBatch();
      writeBlock(batch, block, senders, given);
      if (canonical) {
        batch.put(blockHashes, BlockKeys.canonical(header.number()), block.hash().bytes());
        indexEntries.forEach(new BlockContents(block.hash(), header.number(), block.transactions(), senders,
            given == null ? List.of() : BlockContents.logsOf(given)), batch::put);
        batch.put(meta, BlockKeys.HEAD, block.hash().bytes());
      }
      store.write(batch);
      if (canonical) {
        canonicalCache.put(header.number(), block.hash());
      }
      return canonical ? ImportResult.CANONICAL : ImportResult.SIDE_BRANCH;
    } finally {
      lock.writeLock().unlock();
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
    byte[] parentHeight = store.get(blockHashes, BlockKeys.heightOf(header.parentHash()));
    if (parentHeight == null) {
      throw new InvalidBlockException(name(block), "parentHash", "the hash of a stored block",
          header.parentHash() + " (unknown)");
    }
    long expected = BlockKeys.longAt(parentHeight, 0) + 1;
    if (expected != header.number()) {
      throw new InvalidBlockException(name(block), "number", expected, header.number());
    }
  }

  private static void requireEqual(String block, String field, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new InvalidBlockException(block, field, expected, actual);
    }
  }

  private void writeBlock(WriteBatch batch, Block block, List<Address> senders, List<Receipt> given) {
    Hash hash = block.hash();
    batch.put(headers, hash.bytes(), block.header().encodedUnsafe());
    batch.put(blockHashes, BlockKeys.heightOf(hash), BlockKeys.longBytes(block.number()));
    batch.put(blocks, hash.bytes(), StoredBody.encode(block, senders, given != null));
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      batch.put(transactions, BlockKeys.item(hash, i), txs.get(i).encodedUnsafe());
    }
    if (given != null) {
      for (int i = 0; i < given.size(); i++) {
        batch.put(receipts, BlockKeys.item(hash, i), given.get(i).encodeStored());
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
      // Deletes first, puts after: a transaction in both branches ends up indexed at its new place.
      for (long height = oldHeight; height > keepUpTo; height--) {
        long at = height;
        Hash old = canonicalHashUnlocked(height).orElseThrow(() -> missing("canonical hash at " + at, hash));
        indexEntries.forEach(contents(old, height), (cf, key, value) -> batch.delete(cf, key));
        batch.delete(blockHashes, BlockKeys.canonical(height));
      }
      for (int i = branch.size() - 1; i >= 0; i--) {
        Header h = branch.get(i);
        batch.put(blockHashes, BlockKeys.canonical(h.number()), h.hash().bytes());
        indexEntries.forEach(contents(h.hash(), h.number()), batch::put);
      }
      batch.put(meta, BlockKeys.HEAD, hash.bytes());
      canonicalCache.invalidateAll();
      store.write(batch);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Transactions, senders and receipts of stored block {@code hash} at {@code height}. */
  BlockContents contents(Hash hash, long height) {
    StoredBody body = storedBody(hash).orElseThrow(() -> missing("body", hash));
    return new BlockContents(hash, height, transactionsUnlocked(hash, body.senders().size()), body.senders(),
        body.hasReceipts() ? logsUnlocked(hash, body.senders().size()) : List.of());
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
    return read(() -> heightUnlocked(hash).isPresent());
  }

  /** The hash of the canonical block at {@code height}. */
  public Optional<Hash> canonicalHash(long height) {
    return read(() -> canonicalHashUnlocked(height));
  }

  /** Whether block {@code hash} is on the canonical chain. */
  public boolean isCanonical(Hash hash) {
    return read(() -> heightUnlocked(hash).flatMap(this::canonicalHashUnlocked).map(hash::equals).orElse(false));
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
    return read(() -> bodyUnlocked(hash));
  }

  /** The body of the canonical block at {@code height}. */
  public Optional<Body> bodyAt(long height) {
    return read(() -> canonicalHashUnlocked(height).flatMap(this::bodyUnlocked));
  }

  /** The block {@code hash}, on any branch, re-assembled byte-identical to the block imported. */
  public Optional<Block> block(Hash hash) {
    return read(() -> blockUnlocked(hash));
  }

  /** The canonical block at {@code height}. */
  public Optional<Block> blockAt(long height) {
    return read(() -> canonicalHashUnlocked(height).flatMap(this::blockUnlocked));
  }

  /** The receipts imported with block {@code hash}; empty if the block or its receipts are unknown. */
  public Optional<List<Receipt>> receipts(Hash hash) {
    return read(() -> receiptsOf(hash));
  }

  /** The receipts of the canonical block at {@code height}; empty if unknown. */
  public Optional<List<Receipt>> receiptsAt(long height) {
    return read(() -> canonicalHashUnlocked(height).flatMap(this::receiptsOf));
  }

  /** The canonical transaction with hash {@code txHash} and where it is; empty if none is canonical. */
  public Optional<TransactionLocation> transaction(Hash txHash) {
    return read(() -> {
      byte[] location = store.get(txByHash, txHash.bytes());
      if (location == null) {
        return Optional.empty();
      }
      return Optional.of(locate(BlockKeys.longAt(location, 0), BlockKeys.intAt(location, 8)));
    });
  }

  /** The receipt of the canonical transaction {@code txHash}; empty if none is canonical or it has no receipt. */
  public Optional<Receipt> receipt(Hash txHash) {
    return read(() -> {
      byte[] location = store.get(txByHash, txHash.bytes());
      if (location == null) {
        return Optional.empty();
      }
      long height = BlockKeys.longAt(location, 0);
      Hash block = canonicalAt(height);
      byte[] stored = store.get(receipts, BlockKeys.item(block, BlockKeys.intAt(location, 8)));
      return stored == null ? Optional.empty() : Optional.of(decodeStored("receipt", block,
          () -> Receipt.decodeStored(stored)));
    });
  }

  private Hash canonicalAt(long height) {
    return canonicalHashUnlocked(height).orElseThrow(() -> new CorruptionException("block store: an index points"
        + " to height " + height + ", which has no canonical block; run repair()"));
  }

  private TransactionLocation locate(long height, int index) {
    Hash block = canonicalAt(height);
    byte[] envelope = store.get(transactions, BlockKeys.item(block, index));
    if (envelope == null) {
      throw missing("transaction " + index, block);
    }
    return new TransactionLocation(Transaction.fromEnvelopeOwned(envelope), block, height, index);
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
    byte[] start = cursor.map(token -> concat(prefix, decodeCursor(token, BlockKeys.TX_SUFFIX))).orElse(prefix);
    return read(() -> {
      List<TransactionLocation> items = new ArrayList<>();
      try (KvIterator it = store.iterator(txByAddress, KeyRange.of(start, Keys.prefixSuccessor(prefix)))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          if (items.size() == limit) {
            return new Page<>(items, Optional.of(encodeCursor(key, prefix.length)));
          }
          items.add(locate(~BlockKeys.longAt(key, prefix.length), ~BlockKeys.intAt(key, prefix.length + 8)));
        }
      }
      return new Page<>(items, Optional.empty());
    });
  }

  /**
   * Canonical logs that pass {@code filter}, in chain order (height, then log index), at most
   * {@code limit} per page. Runs over the address index when the filter names an address, else
   * over the topic index of its first given topic, and checks the rest of the filter on each log.
   *
   * @param cursor empty for the first page, else the previous page's {@link Page#next()}
   * @throws IllegalArgumentException if {@code limit < 1} or the cursor is not one this query produced
   */
  public Page<LogEntry> logs(LogFilter filter, Optional<String> cursor, int limit) {
    requireLimit(limit);
    ColumnFamily cf = filter.address().isPresent() ? logsByAddress : logsByTopic;
    byte[] prefix = filter.address().map(Address::bytes)
        .orElseGet(() -> filter.topics().stream().flatMap(Optional::stream).findFirst().orElseThrow().bytes());
    byte[] from = cursor.map(token -> concat(prefix, decodeCursor(token, BlockKeys.LOG_SUFFIX)))
        .orElse(BlockKeys.log(prefix, filter.fromHeight(), 0));
    byte[] to = filter.toHeight() == Long.MAX_VALUE ? Keys.prefixSuccessor(prefix)
        : BlockKeys.log(prefix, filter.toHeight() + 1, 0);
    return read(() -> {
      List<LogEntry> items = new ArrayList<>();
      long cachedHeight = -1;
      Hash block = null;
      try (KvIterator it = store.iterator(cf, KeyRange.of(from, to))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          long height = BlockKeys.longAt(key, prefix.length);
          if (height != cachedHeight) {
            block = canonicalAt(height);
            cachedHeight = height;
          }
          byte[] value = it.value();
          int txIndex = BlockKeys.intAt(value, 0);
          int logInTx = BlockKeys.intAt(value, 4);
          Log log = logAt(block, txIndex, logInTx);
          if (!filter.matches(log)) {
            continue;
          }
          if (items.size() == limit) {
            return new Page<>(items, Optional.of(encodeCursor(key, prefix.length)));
          }
          byte[] envelope = store.get(transactions, BlockKeys.item(block, txIndex));
          if (envelope == null) {
            throw missing("transaction " + txIndex, block);
          }
          items.add(new LogEntry(log, block, height, Hash.keccak256(envelope), txIndex,
              BlockKeys.intAt(key, prefix.length + 8)));
        }
      }
      return new Page<>(items, Optional.empty());
    });
  }

  /** Log {@code logInTx} of the receipt of transaction {@code txIndex} of stored block {@code block}. */
  Log logAt(Hash block, int txIndex, int logInTx) {
    byte[] stored = store.get(receipts, BlockKeys.item(block, txIndex));
    if (stored == null) {
      throw missing("receipt " + txIndex, block);
    }
    List<Log> logs = decodeStored("receipt " + txIndex, block, () -> Receipt.decodeStoredLogs(stored));
    if (logInTx < 0 || logInTx >= logs.size()) {
      throw new CorruptionException("block store: a log index points to log " + logInTx + " of transaction "
          + txIndex + " of block " + block + ", whose receipt has " + logs.size() + " log(s); run repair()");
    }
    return logs.get(logInTx);
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("page limit must be at least 1, got " + limit);
    }
  }

  private static String encodeCursor(byte[] key, int prefixLength) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(key, prefixLength, key.length));
  }

  private static byte[] decodeCursor(String token, int length) {
    byte[] suffix = null;
    try {
      suffix = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      // reported below, with the same message as a token of the wrong length
    }
    if (suffix == null || suffix.length != length) {
      throw new IllegalArgumentException("cursor \"" + token + "\" is not a token this query produced; pass the"
          + " next() of the previous page, or nothing for the first page");
    }
    return suffix;
  }

  private static byte[] concat(byte[] prefix, byte[] suffix) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + suffix.length);
    System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
    return key;
  }

  // ---------------------------------------------------------------- verify and repair

  /**
   * Proves the indexes right: walks the canonical chain from the head to its genesis and checks
   * that heights map to it and that every canonical transaction and log is indexed where it is;
   * scans every index and checks that each entry points to a canonical transaction or log that
   * matches it; and checks that every stored block is whole (header, body, transactions and, if
   * imported with them, receipts). Reads under the shared lock, so imports wait for it.
   */
  public VerifyReport verify() {
    return read(() -> new IndexVerifier(this).run());
  }

  /**
   * Rebuilds the height-to-hash mapping and every index from the stored bodies and receipts of
   * the chain ending at the head, then {@linkplain #verify() verifies}. The indexes are cleared in
   * one batch and rebuilt in batches of {@value #REPAIR_BLOCKS_PER_BATCH} blocks: interrupted, it
   * leaves indexes that {@code verify} reports incomplete, and running it again completes them.
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
      clear.deleteRange(blockHashes, KeyRange.prefix(new byte[] {BlockKeys.CANONICAL}));
      canonicalCache.invalidateAll();
      store.write(clear);
      WriteBatch batch = store.newBatch();
      for (int i = chain.size() - 1; i >= 0; i--) {
        Header h = chain.get(i);
        batch.put(blockHashes, BlockKeys.canonical(h.number()), h.hash().bytes());
        indexEntries.forEach(contents(h.hash(), h.number()), batch::put);
        if (i % REPAIR_BLOCKS_PER_BATCH == 0) {
          store.write(batch);
          batch = store.newBatch();
        }
      }
      if (!batch.isEmpty()) {
        store.write(batch);
      }
    } finally {
      lock.writeLock().unlock();
    }
    return verify();
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

  Optional<Hash> headHashUnlocked() {
    byte[] hash = store.get(meta, BlockKeys.HEAD);
    return hash == null ? Optional.empty() : Optional.of(hashOf("head", hash));
  }

  Optional<Long> heightUnlocked(Hash hash) {
    byte[] height = store.get(blockHashes, BlockKeys.heightOf(hash));
    if (height == null) {
      return Optional.empty();
    }
    if (height.length != 8) {
      throw new CorruptionException("block store: the height of block " + hash + " is " + height.length
          + " bytes, not 8; re-import the block");
    }
    return Optional.of(BlockKeys.longAt(height, 0));
  }

  Optional<Hash> canonicalHashUnlocked(long height) {
    Hash cached = canonicalCache.getIfPresent(height);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] bytes = store.get(blockHashes, BlockKeys.canonical(height));
    if (bytes == null) {
      return Optional.empty();
    }
    Hash hash = hashOf("canonical hash at " + height, bytes);
    canonicalCache.put(height, hash);
    return Optional.of(hash);
  }

  private static Hash hashOf(String what, byte[] bytes) {
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

  List<Transaction> transactionsUnlocked(Hash block, int count) {
    List<byte[]> values = itemsOf(transactions, block, count, "transaction");
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] envelope = values.get(i);
      txs.add(decodeStored("transaction " + i, block, () -> Transaction.fromEnvelopeOwned(envelope)));
    }
    return txs;
  }

  List<Receipt> receiptsUnlocked(Hash block, int count) {
    List<byte[]> values = itemsOf(receipts, block, count, "receipt");
    List<Receipt> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] stored = values.get(i);
      out.add(decodeStored("receipt " + i, block, () -> Receipt.decodeStored(stored)));
    }
    return out;
  }

  private List<List<Log>> logsUnlocked(Hash block, int count) {
    List<byte[]> values = itemsOf(receipts, block, count, "receipt");
    List<List<Log>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] stored = values.get(i);
      out.add(decodeStored("receipt " + i, block, () -> Receipt.decodeStoredLogs(stored)));
    }
    return out;
  }

  /** The values of {@code count} items of {@code block} in {@code cf}, all present. */
  private List<byte[]> itemsOf(ColumnFamily cf, Hash block, int count, String what) {
    if (count == 0) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(BlockKeys.item(block, i));
    }
    List<byte[]> values = store.multiGet(cf, keys);
    for (int i = 0; i < count; i++) {
      if (values.get(i) == null) {
        throw missing(what + " " + i, block);
      }
    }
    return values;
  }

  private Optional<List<Receipt>> receiptsOf(Hash hash) {
    return storedBody(hash).filter(StoredBody::hasReceipts)
        .map(body -> receiptsUnlocked(hash, body.senders().size()));
  }

  private Optional<Body> bodyUnlocked(Hash hash) {
    return storedBody(hash).map(stored -> new Body(transactionsUnlocked(hash, stored.senders().size()),
        stored.ommers(), stored.withdrawals()));
  }

  private Optional<Block> blockUnlocked(Hash hash) {
    Optional<Header> header = headerUnlocked(hash);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Body body = bodyUnlocked(hash).orElseThrow(() -> missing("body", hash));
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
