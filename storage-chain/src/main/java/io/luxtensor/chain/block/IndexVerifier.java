package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of {@link BlockStore#verify()}, run once by one thread under the store's read lock.
 *
 * <p>The canonical chain, from the head down: every height maps to its block (hash and slot), and
 * no height above the head maps to anything. Every stored block: it is whole, its hash and its
 * {@link BlockRef} map to each other, and every index entry it has (as {@link IndexEntries}
 * defines them) is there with the right value. Each index: if it holds more entries than the
 * blocks give, or the pass over the blocks found a problem in it, every entry is checked against
 * the block it names, so a stray entry is named. The bloom bits: every section below the highest
 * stored block is sealed, and its vectors are exactly those the stored headers of its heights
 * give (the union over branches); no other section has entries.
 */
final class IndexVerifier {

  private static final int CACHED_BLOCKS = 64;

  private final BlockStore s;
  private final List<String> problems = new ArrayList<>();
  private final Map<ColumnFamily, Long> expected = new HashMap<>();
  private final Map<ColumnFamily, Boolean> suspect = new HashMap<>();
  private final Map<BlockRef, Optional<BlockContents>> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<BlockRef, Optional<BlockContents>> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };
  private long canonicalBlocks;
  private long transactions;
  private long logs;
  private long storedBlocks;

  IndexVerifier(BlockStore store) {
    this.s = store;
  }

  VerifyReport run() {
    long headHeight = walkCanonicalChain();
    checkCanonicalMapping(headHeight);
    checkStoredBlocks();
    for (ColumnFamily cf : s.indexEntries.families()) {
      long actual = cf == s.txByHash ? countLocations() : s.store.count(cf, KeyRange.all());
      long want = expected.getOrDefault(cf, 0L);
      if (actual != want || suspect.getOrDefault(cf, false)) {
        if (actual != want) {
          problem(cf.name() + " holds " + actual + " entries but the stored blocks give " + want);
        }
        scanIndex(cf);
      }
    }
    checkLogBlooms();
    return new VerifyReport(storedBlocks, canonicalBlocks, transactions, logs, problems);
  }

  private void problem(String text) {
    if (problems.size() < VerifyReport.MAX_PROBLEMS - 1) {
      problems.add(text);
    } else if (problems.size() == VerifyReport.MAX_PROBLEMS - 1) {
      problems.add("more problems were found; only the first " + (VerifyReport.MAX_PROBLEMS - 1) + " are listed");
    }
  }

  /** Walks from the head to its genesis; returns the head's height, or -1 without a head. */
  private long walkCanonicalChain() {
    Optional<Hash> head = s.headHashUnlocked();
    if (head.isEmpty()) {
      return -1;
    }
    Optional<Header> header = s.headerUnlocked(head.get());
    if (header.isEmpty()) {
      problem("the head " + head.get() + " is not a stored block");
      return -1;
    }
    long headHeight = header.get().number();
    Header h = header.get();
    while (true) {
      canonicalBlocks++;
      Optional<BlockStore.Canonical> mapped = s.canonicalUnlocked(h.number());
      Optional<BlockRef> ref = s.refUnlocked(h.hash());
      if (mapped.isEmpty() || !mapped.get().hash().equals(h.hash()) || !mapped.get().ref().equals(ref.orElse(null))) {
        problem("height " + h.number() + " maps to " + mapped.map(c -> c.hash() + " slot " + c.ref().slot())
            .orElse("nothing") + " but the canonical chain has " + h.hash() + ref.map(r -> " slot " + r.slot())
            .orElse("") + " there");
      }
      if (h.number() == 0) {
        return headHeight;
      }
      Hash parent = h.parentHash();
      Optional<Header> next = s.headerUnlocked(parent);
      if (next.isEmpty()) {
        problem("block #" + h.number() + " " + h.hash() + " on the canonical chain has no stored parent " + parent);
        return headHeight;
      }
      h = next.get();
    }
  }

  /** Every canonical-height entry must be at a height of the walked chain, i.e. at most the head's. */
  private void checkCanonicalMapping(long headHeight) {
    try (KvIterator it = s.store.iterator(s.blockHashes, KeyRange.prefix(new byte[] {BlockKeys.CANONICAL}))) {
      for (; it.isValid(); it.next()) {
        long height = BlockRef.readHeight(it.key(), 1);
        if (height > headHeight) {
          problem("height " + height + " still maps to a block, above the head at " + headHeight);
        }
      }
    }
  }

  private void checkStoredBlocks() {
    try (KvIterator it = s.store.iterator(s.headers, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        storedBlocks++;
        byte[] key = it.key();
        if (key.length != Hash.LENGTH) {
          problem("Headers holds a " + key.length + "-byte key, not a block hash");
          continue;
        }
        checkBlock(Hash.of(key));
      }
    }
    long refs = s.store.count(s.blockHashes, KeyRange.prefix(new byte[] {BlockKeys.STORED}));
    if (refs != storedBlocks) {
      problem("BlockHashes names " + refs + " stored blocks by height and slot, but Headers holds " + storedBlocks);
    }
  }

  private void checkBlock(Hash hash) {
    BlockContents contents;
    try {
      s.headerUnlocked(hash);
      Optional<BlockRef> ref = s.refUnlocked(hash);
      if (ref.isEmpty()) {
        problem("stored block " + hash + " has no hash-to-height entry");
        markAllSuspect();
        return;
      }
      if (!Optional.of(hash).equals(s.storedHashUnlocked(ref.get()))) {
        problem("stored block " + hash + " at " + ref.get() + " is not the block BlockHashes names there");
      }
      Optional<StoredBody> body = s.storedBody(hash);
      if (body.isEmpty()) {
        problem("stored block " + hash + " has no body");
        markAllSuspect();
        return;
      }
      int count = body.get().senders().size();
      long txs = s.store.count(s.transactions, KeyRange.prefix(BlockKeys.items(ref.get())));
      if (txs != count) {
        problem("stored block " + hash + " has " + txs + " stored transactions, its body says " + count);
      }
      long receipts = s.store.count(s.receipts, KeyRange.prefix(BlockKeys.items(ref.get())));
      long want = body.get().hasReceipts() ? count : 0;
      if (receipts != want) {
        problem("stored block " + hash + " has " + receipts + " stored receipts, expected " + want);
      }
      contents = s.contents(hash, ref.get());
    } catch (StorageException e) {
      problem("stored block " + hash + " cannot be read: " + e.getMessage());
      markAllSuspect();
      return;
    }
    boolean canonical = s.canonicalUnlocked(contents.height()).map(c -> c.ref().equals(contents.ref()))
        .orElse(false);
    if (canonical) {
      transactions += contents.transactions().size();
      for (List<Log> txLogs : contents.logs()) {
        logs += txLogs.size();
      }
    }
    checkIndexed(contents);
  }

  private void markAllSuspect() {
    for (ColumnFamily cf : s.indexEntries.families()) {
      suspect.put(cf, true);
    }
  }

  private void checkIndexed(BlockContents block) {
    String name = "block #" + block.height() + " " + block.hash();
    s.indexEntries.forEach(block, (cf, key, value) -> {
      expected.merge(cf, 1L, Long::sum);
      byte[] stored = s.store.get(cf, key);
      if (stored == null) {
        suspect.put(cf, true);
        problem(cf.name() + " lacks the entry " + describe(cf, key) + " of " + name);
      } else if (cf == s.txByHash ? !listsLocation(stored, value) : !Arrays.equals(stored, value)) {
        suspect.put(cf, true);
        problem(cf.name() + " entry " + describe(cf, key) + " of " + name + " has a wrong value");
      }
    });
  }

  private static boolean listsLocation(byte[] stored, byte[] location) {
    try {
      BlockKeys.Position wanted = IndexEntries.locations(location).get(0);
      return IndexEntries.locations(stored).contains(wanted);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The locations TxByHash lists; a value that does not decode counts as none (the scan reports it). */
  private long countLocations() {
    long count = 0;
    try (KvIterator it = s.store.iterator(s.txByHash, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        try {
          count += IndexEntries.locations(it.value()).size();
        } catch (IllegalArgumentException e) {
          suspect.put(s.txByHash, true);
        }
      }
    }
    return count;
  }

  private void scanIndex(ColumnFamily cf) {
    try (KvIterator it = s.store.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        byte[] key = it.key();
        String wrong;
        try {
          wrong = cf == s.txByHash ? checkLocations(key, it.value()) : checkEntry(cf, key, it.value());
        } catch (IllegalArgumentException e) {
          wrong = "is malformed (" + key.length + "-byte key: " + e.getMessage() + ")";
        }
        if (wrong != null) {
          problem(cf.name() + " entry " + describe(cf, key) + " " + wrong);
        }
      }
    }
  }

  /** Null if every location of a TxByHash entry is a transaction of a stored block whose hash starts with the key. */
  private String checkLocations(byte[] key, byte[] value) {
    if (key.length != BlockKeys.TX_HASH_PREFIX) {
      return "is not a " + BlockKeys.TX_HASH_PREFIX + "-byte hash prefix";
    }
    for (BlockKeys.Position at : IndexEntries.locations(value)) {
      Optional<BlockContents> block = contentsAt(at.block());
      if (block.isEmpty()) {
        return "points to " + at.block() + ", which is not a readable stored block";
      }
      List<Transaction> txs = block.get().transactions();
      if (at.index() >= txs.size() || !Arrays.equals(BlockKeys.txHash(txs.get(at.index()).hash()), key)) {
        return "lists transaction " + at.index() + " of block #" + at.block().height() + " " + block.get().hash()
            + ", which is not one with this hash prefix";
      }
    }
    return null;
  }

  /** Null if the entry is one of the block it names, else what is wrong with it. */
  private String checkEntry(ColumnFamily cf, byte[] key, byte[] value) {
    BlockRef ref = BlockKeys.position(key, Address.LENGTH, true).block();
    Optional<BlockContents> block = contentsAt(ref);
    if (block.isEmpty()) {
      return "points to " + ref + ", which is not a readable stored block";
    }
    boolean[] found = new boolean[1];
    s.indexEntries.forEach(block.get(), (entryCf, entryKey, entryValue) -> {
      if (entryCf == cf && Arrays.equals(entryKey, key) && Arrays.equals(entryValue, value)) {
        found[0] = true;
      }
    });
    return found[0] ? null : "is not an entry of block #" + ref.height() + " " + block.get().hash();
  }

  /** Compares every sealed section with the vectors the stored headers give, and looks for stray sections. */
  private void checkLogBlooms() {
    LogBloomIndex index = s.logBlooms;
    String family = index.family().name();
    long sealed;
    try {
      sealed = index.sealedSections(s.maxStoredHeightUnlocked());
    } catch (StorageException | IllegalArgumentException e) {
      problem("the highest stored block cannot be read: " + e.getMessage());
      return;
    }
    for (long section = 0; section < sealed; section++) {
      long first = index.firstHeight(section);
      String name = "section " + section + " (heights " + first + ".." + (first + index.sectionSize() - 1) + ")";
      long[][] want;
      try {
        want = index.vectors(s.storedBlooms(section));
      } catch (StorageException e) {
        problem("the headers of bloom " + name + " cannot be read: " + e.getMessage());
        continue;
      }
      boolean[] seen = new boolean[Bloom.BITS];
      boolean marked = false;
      try (KvIterator it = s.store.iterator(index.family(), KeyRange.prefix(LogBloomIndex.markerKey(section)))) {
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          int bit;
          try {
            bit = LogBloomIndex.bitOfKey(key);
          } catch (IllegalArgumentException e) {
            problem(family + " entry " + describe(index.family(), key) + " is malformed (" + e.getMessage() + ")");
            continue;
          }
          if (bit < 0) {
            marked = Arrays.equals(it.value(), index.markerValue());
            continue;
          }
          seen[bit] = true;
          long[] stored;
          try {
            stored = index.decode(it.value());
          } catch (IllegalArgumentException e) {
            problem(family + " vector of bit " + bit + " of " + name + " does not decode (" + e.getMessage() + ")");
            continue;
          }
          if (want[bit] == null || !Arrays.equals(stored, want[bit])) {
            problem(family + " vector of bit " + bit + " of " + name + " is not the one its stored headers give");
          }
        }
      }
      if (!marked) {
        problem(family + " lacks the marker of sealed " + name + ", or it gives another section size");
      }
      for (int bit = 0; bit < Bloom.BITS; bit++) {
        if (want[bit] != null && !seen[bit]) {
          problem(family + " lacks the vector of bit " + bit + " of " + name);
        }
      }
    }
    try (KvIterator it = s.store.iterator(index.family(), KeyRange.atLeast(LogBloomIndex.markerKey(sealed)))) {
      for (; it.isValid(); it.next()) {
        problem(family + " entry " + describe(index.family(), it.key()) + " belongs to a section that is not sealed"
            + " (no block is stored above it)");
      }
    }
  }

  private Optional<BlockContents> contentsAt(BlockRef ref) {
    return cache.computeIfAbsent(ref, r -> {
      try {
        return s.storedHashUnlocked(r).map(hash -> s.contents(hash, r));
      } catch (StorageException e) {
        return Optional.empty();
      }
    });
  }

  private static String describe(ColumnFamily cf, byte[] key) {
    return cf.name() + ":" + Hex.encode(key);
  }
}
