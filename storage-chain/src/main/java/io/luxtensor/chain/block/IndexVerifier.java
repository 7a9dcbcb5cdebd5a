package io.luxtensor.chain.block;

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
 * <p>Forward, from the head down: every canonical height maps to the chain, and every index entry
 * a canonical block should have (as {@link IndexEntries} defines them) is there with the right
 * value. Backward, over each index: if it holds more entries than the chain gives, or the forward
 * pass found a problem in it, every entry is checked against the block it points to, so a stray
 * entry (say of a block a reorg left) is named. And every stored block is whole.
 */
final class IndexVerifier {

  private static final int CACHED_BLOCKS = 64;

  private final BlockStore s;
  private final List<String> problems = new ArrayList<>();
  private final Map<ColumnFamily, Long> expected = new HashMap<>();
  private final Map<ColumnFamily, Boolean> suspect = new HashMap<>();
  private final Map<Long, Optional<BlockContents>> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Optional<BlockContents>> eldest) {
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
    for (ColumnFamily cf : s.indexEntries.families()) {
      long actual = s.store.count(cf, KeyRange.all());
      long want = expected.getOrDefault(cf, 0L);
      if (actual != want || suspect.getOrDefault(cf, false)) {
        if (actual != want) {
          problem(cf.name() + " holds " + actual + " entries but the canonical chain gives " + want);
        }
        scanIndex(cf);
      }
    }
    checkStoredBlocks();
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
      Optional<Hash> mapped = s.canonicalHashUnlocked(h.number());
      if (!Optional.of(h.hash()).equals(mapped)) {
        problem("height " + h.number() + " maps to " + mapped.map(Hash::toString).orElse("nothing")
            + " but the canonical chain has " + h.hash() + " there");
      }
      checkBlockIndexed(h);
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

  private void checkBlockIndexed(Header h) {
    BlockContents contents;
    try {
      contents = s.contents(h.hash(), h.number());
    } catch (StorageException e) {
      problem("canonical block #" + h.number() + " " + h.hash() + " cannot be read: " + e.getMessage());
      for (ColumnFamily cf : s.indexEntries.families()) {
        suspect.put(cf, true);
      }
      return;
    }
    transactions += contents.transactions().size();
    for (List<Log> txLogs : contents.logs()) {
      logs += txLogs.size();
    }
    s.indexEntries.forEach(contents, (cf, key, value) -> {
      expected.merge(cf, 1L, Long::sum);
      byte[] stored = s.store.get(cf, key);
      if (stored == null) {
        suspect.put(cf, true);
        problem(cf.name() + " lacks the entry " + describe(cf, key) + " of canonical block #" + h.number() + " "
            + h.hash());
      } else if (!Arrays.equals(stored, value)) {
        suspect.put(cf, true);
        problem(cf.name() + " entry " + describe(cf, key) + " of canonical block #" + h.number()
            + " has a wrong value");
      }
    });
  }

  /** Every canonical-height entry must be at a height of the walked chain, i.e. at most the head's. */
  private void checkCanonicalMapping(long headHeight) {
    try (KvIterator it = s.store.iterator(s.blockHashes, KeyRange.prefix(new byte[] {BlockKeys.CANONICAL}))) {
      for (; it.isValid(); it.next()) {
        long height = BlockKeys.longAt(it.key(), 1);
        if (height > headHeight) {
          problem("height " + height + " still maps to a block, above the head at " + headHeight);
        }
      }
    }
  }

  private void scanIndex(ColumnFamily cf) {
    try (KvIterator it = s.store.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        byte[] key = it.key();
        String wrong;
        try {
          wrong = checkEntry(cf, key, it.value());
        } catch (IndexOutOfBoundsException e) {
          wrong = "is malformed (" + key.length + "-byte key)";
        }
        if (wrong != null) {
          problem(cf.name() + " entry " + describe(cf, key) + " " + wrong);
        }
      }
    }
  }

  /** Null if the entry is one the canonical chain gives, else what is wrong with it. */
  private String checkEntry(ColumnFamily cf, byte[] key, byte[] value) {
    long height;
    if (cf == s.txByHash) {
      height = BlockKeys.longAt(value, 0);
    } else if (cf == s.txByAddress) {
      height = ~BlockKeys.longAt(key, key.length - BlockKeys.TX_SUFFIX);
    } else {
      height = BlockKeys.longAt(key, key.length - BlockKeys.LOG_SUFFIX);
    }
    Optional<BlockContents> block = cache.computeIfAbsent(height, this::canonicalContents);
    if (block.isEmpty()) {
      return "points to height " + height + ", which has no readable canonical block";
    }
    BlockContents c = block.get();
    boolean[] found = new boolean[1];
    s.indexEntries.forEach(c, (entryCf, entryKey, entryValue) -> {
      if (entryCf == cf && Arrays.equals(entryKey, key) && Arrays.equals(entryValue, value)) {
        found[0] = true;
      }
    });
    return found[0] ? null : "is not an entry of canonical block #" + height + " " + c.hash();
  }

  private Optional<BlockContents> canonicalContents(long height) {
    try {
      return s.canonicalHashUnlocked(height).map(hash -> s.contents(hash, height));
    } catch (StorageException e) {
      return Optional.empty();
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
        checkWhole(Hash.of(key));
      }
    }
  }

  private void checkWhole(Hash hash) {
    try {
      s.headerUnlocked(hash);
      if (s.heightUnlocked(hash).isEmpty()) {
        problem("stored block " + hash + " has no hash-to-height entry");
      }
      Optional<StoredBody> body = s.storedBody(hash);
      if (body.isEmpty()) {
        problem("stored block " + hash + " has no body");
        return;
      }
      int count = body.get().senders().size();
      long txs = s.store.count(s.transactions, KeyRange.prefix(hash.bytes()));
      if (txs != count) {
        problem("stored block " + hash + " has " + txs + " stored transactions, its body says " + count);
      }
      long receipts = s.store.count(s.receipts, KeyRange.prefix(hash.bytes()));
      long want = body.get().hasReceipts() ? count : 0;
      if (receipts != want) {
        problem("stored block " + hash + " has " + receipts + " stored receipts, expected " + want);
      }
    } catch (StorageException e) {
      problem("stored block " + hash + " cannot be read: " + e.getMessage());
    }
  }

  private static String describe(ColumnFamily cf, byte[] key) {
    return cf.name() + ":" + Hex.encode(key);
  }
}
