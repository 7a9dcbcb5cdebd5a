package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Checks, in Java, the structure of the B-trees LMDB is about to read, so that a damaged page is
 * reported as {@link CorruptionException} instead of crashing the process. LMDB follows the page
 * numbers, offsets, sizes and flags in its pages without checks: a flipped node flag made it take a
 * value for a sub-database and dereference a cursor it never allocated (SIGSEGV in
 * {@code mdb_xcursor_init1}); a bad offset or size makes it read past the map.
 *
 * <p>What is checked, for the tree of the committed state a read transaction sees (the free list, the
 * catalogue of column families and every column family): every page number lies inside the file and
 * is reached once; every page carries its own number and the flag its place calls for (branch, leaf,
 * overflow); its node table and every node (key and value, or child page) fit inside it; no node has a
 * flag this engine never writes (duplicates, sub-pages); keys are 1 to 511 bytes; all leaves sit at
 * the tree's recorded depth; each tree's page and entry counts match its record; a large value's
 * overflow pages lie inside the file and are its own; every free-list entry is well formed and names
 * pages inside the file that no tree uses; leaf keys are in order and inside the range the separators
 * above them give (a damaged separator sends lookups to the wrong leaf). What is not checked: the
 * bytes of values, which the engine checks as it reads them ({@link StoredValue}).
 *
 * <p>Cost: one read of every page in use. The file is read through a {@link FileChannel}, not the
 * map, so a page past the end reads as missing. Stateless; {@link #check} holds no lock and must run
 * under a read transaction of {@code txnId}, which keeps those pages from reuse by writers.
 */
final class PageCheck {

  private static final int PAGE_HEADER = 16;
  private static final int NODE_HEADER = 8;
  private static final int DB_RECORD = 48;
  private static final int P_BRANCH = 0x01;
  private static final int P_LEAF = 0x02;
  private static final int P_OVERFLOW = 0x04;
  private static final int P_META = 0x08;
  private static final int F_BIGDATA = 0x01;
  private static final int F_SUBDATA = 0x02;
  private static final int META_MAGIC = 0xBEEFC0DE;
  private static final int META_VERSION = 1;
  private static final int META_DBS = PAGE_HEADER + 24;
  private static final int META_LAST_PAGE = META_DBS + 2 * DB_RECORD;
  private static final int META_TXN_ID = META_LAST_PAGE + 8;
  private static final long NO_ROOT = -1L;
  private static final int MAX_DEPTH = 64;

  private final FileChannel file;
  private final int pageSize;
  private final long lastPage;
  private final String where;
  private final BitSet seen = new BitSet();

  private PageCheck(FileChannel file, int pageSize, long lastPage, String where) {
    this.file = file;
    this.pageSize = pageSize;
    this.lastPage = lastPage;
    this.where = where;
  }

  /**
   * Checks the data file {@code dataFile} of pages of {@code pageSize} bytes as committed by
   * transaction {@code txnId}.
   *
   * @throws CorruptionException naming the store, the page and what is wrong with it
   * @throws StorageException when the file cannot be read
   */
  static void check(Path dataFile, int pageSize, long txnId, String where) {
    try (FileChannel file = FileChannel.open(dataFile, StandardOpenOption.READ)) {
      ByteBuffer meta = meta(file, pageSize, txnId, where);
      long lastPage = meta.getLong(META_LAST_PAGE);
      long filePages = file.size() / pageSize;
      if (lastPage < 1 || lastPage >= filePages) {
        throw damage(where, "its meta page names " + lastPage + " as the last page in use, but the file holds "
            + filePages + " pages");
      }
      PageCheck check = new PageCheck(file, pageSize, lastPage, where);
      check.seen.set(0, 2); // the meta pages
      Tree free = new Tree(Kind.FREE_LIST, "the free list", meta, META_DBS);
      Tree catalogue = new Tree(Kind.CATALOGUE, "the catalogue of column families", meta, META_DBS + DB_RECORD);
      check.walk(catalogue);
      check.walk(free);
      check.checkFreeList(free);
    } catch (IOException e) {
      throw new StorageException("cannot read the data file " + dataFile + " of LMDB store " + where + " to check it: "
          + e.getMessage(), e);
    }
  }

  /** The meta page LMDB chose for transaction {@code txnId}. */
  private static ByteBuffer meta(FileChannel file, int pageSize, long txnId, String where) throws IOException {
    for (int page = 0; page < 2; page++) {
      ByteBuffer meta = read(file, (long) page * pageSize, pageSize);
      if (meta != null && meta.getInt(PAGE_HEADER) == META_MAGIC && meta.getInt(PAGE_HEADER + 4) == META_VERSION
          && (meta.getShort(10) & P_META) != 0 && meta.getLong(META_TXN_ID) == txnId) {
        return meta;
      }
    }
    throw damage(where, "neither meta page records transaction " + txnId + ", which LMDB opened");
  }

  /** The three kinds of B-tree in an engine's store, which differ in what their leaves hold. */
  private enum Kind { FREE_LIST, CATALOGUE, FAMILY }

  /** A B-tree's record (in a meta page, or in a catalogue leaf for a column family) and what a walk found. */
  private static final class Tree {
    final Kind kind;
    final String name;
    /** One page buffer per level, and one for the head of an overflow run. */
    final ByteBuffer[] pages = new ByteBuffer[MAX_DEPTH + 2];
    final int flags;
    final int depth;
    final long branchPages;
    final long leafPages;
    final long overflowPages;
    final long entries;
    final long root;
    long branches;
    long leaves;
    long overflows;
    long counted;
    /** The last leaf key walked, {@code previous[0, previousLength)}; the walk visits keys in order. */
    final byte[] previous = new byte[LmdbEngineProvider.MAX_KEY_SIZE];
    int previousLength = -1;

    Tree(Kind kind, String name, ByteBuffer holder, int at) {
      this.kind = kind;
      this.name = name;
      this.flags = holder.getShort(at + 4) & 0xFFFF;
      this.depth = holder.getShort(at + 6) & 0xFFFF;
      this.branchPages = holder.getLong(at + 8);
      this.leafPages = holder.getLong(at + 16);
      this.overflowPages = holder.getLong(at + 24);
      this.entries = holder.getLong(at + 32);
      this.root = holder.getLong(at + 40);
    }
  }

  private void walk(Tree tree) throws IOException {
    if (tree.root == NO_ROOT) {
      if (tree.depth != 0 || tree.entries != 0 || tree.branchPages != 0 || tree.leafPages != 0 || tree.overflowPages != 0) {
        throw damage(where, tree.name + " has no root page but records " + tree.entries + " entries in "
            + tree.depth + " levels");
      }
      return;
    }
    if (tree.depth < 1 || tree.depth > MAX_DEPTH) {
      throw damage(where, tree.name + " records a depth of " + tree.depth);
    }
    if (tree.kind != Kind.FREE_LIST && tree.flags != 0) {
      throw damage(where, tree.name + " has database flags 0x" + Integer.toHexString(tree.flags)
          + ", which this engine never sets");
    }
    visit(tree, tree.root, 1, null, null);
    if (tree.branches != tree.branchPages || tree.leaves != tree.leafPages || tree.overflows != tree.overflowPages
        || tree.counted != tree.entries) {
      throw damage(where, tree.name + " holds " + tree.branches + " branch, " + tree.leaves + " leaf and "
          + tree.overflows + " overflow pages with " + tree.counted + " entries, but its record says "
          + tree.branchPages + ", " + tree.leafPages + ", " + tree.overflowPages + " and " + tree.entries);
    }
  }

  /**
   * Checks page {@code pgno} at {@code level} and its subtree, whose keys must lie in
   * {@code [lower, upper)} (null: open), the separators of the branch nodes above it.
   */
  private void visit(Tree tree, long pgno, int level, byte[] lower, byte[] upper) throws IOException {
    ByteBuffer page = claim(tree, pgno, level);
    int flags = page.getShort(10) & 0xFFFF;
    boolean leaf = level == tree.depth;
    if (flags != (leaf ? P_LEAF : P_BRANCH)) {
      throw pageDamage(tree, pgno, "has flags 0x" + Integer.toHexString(flags) + " where a "
          + (leaf ? "leaf" : "branch") + " page belongs (level " + level + " of " + tree.depth + ")");
    }
    int tableEnd = page.getShort(12) & 0xFFFF;
    int nodesStart = page.getShort(14) & 0xFFFF;
    if (tableEnd < PAGE_HEADER + 2 || (tableEnd - PAGE_HEADER) % 2 != 0 || tableEnd > nodesStart || nodesStart > pageSize) {
      throw pageDamage(tree, pgno, "has a node table from " + PAGE_HEADER + " to " + tableEnd + " and nodes from "
          + nodesStart + ", which do not fit a " + pageSize + "-byte page");
    }
    int nodes = (tableEnd - PAGE_HEADER) / 2;
    for (int i = 0; i < nodes; i++) {
      int node = page.getShort(PAGE_HEADER + 2 * i) & 0xFFFF;
      int keySize = node + NODE_HEADER <= pageSize ? page.getShort(node + 6) & 0xFFFF : 0;
      if (node < nodesStart || node + NODE_HEADER + keySize > pageSize || keySize > LmdbEngineProvider.MAX_KEY_SIZE) {
        throw pageDamage(tree, pgno, "places node " + i + " with a " + keySize + "-byte key at " + node
            + ", which does not fit its node area " + nodesStart + ".." + pageSize);
      }
    }
    if (leaf) {
      tree.leaves++;
    } else {
      tree.branches++;
    }
    for (int i = 0; i < nodes; i++) {
      int node = page.getShort(PAGE_HEADER + 2 * i) & 0xFFFF;
      int keySize = page.getShort(node + 6) & 0xFFFF;
      if (leaf) {
        checkOrder(tree, pgno, page, node + NODE_HEADER, keySize, lower, upper);
        checkLeafNode(tree, pgno, page, i, node, keySize);
      } else {
        long child = (page.getShort(node) & 0xFFFFL) | (page.getShort(node + 2) & 0xFFFFL) << 16
            | (page.getShort(node + 4) & 0xFFFFL) << 32;
        // the first separator is not compared by LMDB: the subtree's bound is the one from above
        byte[] childLower = i == 0 ? lower : key(page, node);
        byte[] childUpper = i + 1 < nodes ? key(page, page.getShort(PAGE_HEADER + 2 * (i + 1)) & 0xFFFF) : upper;
        visit(tree, child, level + 1, childLower, childUpper);
      }
    }
  }

  private static byte[] key(ByteBuffer page, int node) {
    byte[] key = new byte[page.getShort(node + 6) & 0xFFFF];
    page.get(node + NODE_HEADER, key);
    return key;
  }

  /**
   * Checks that the leaf key at {@code page[at, at + size)} follows the previous one and lies in
   * {@code [lower, upper)}: a damaged separator sends lookups to the wrong leaf. The free list's keys
   * are native integers, in another order, and are not compared.
   */
  private void checkOrder(Tree tree, long pgno, ByteBuffer page, int at, int size, byte[] lower, byte[] upper) {
    if (tree.kind == Kind.FREE_LIST) {
      return;
    }
    byte[] bytes = page.array();
    if (tree.previousLength >= 0
        && Arrays.compareUnsigned(tree.previous, 0, tree.previousLength, bytes, at, at + size) >= 0) {
      throw pageDamage(tree, pgno, "holds a key out of order after " + Keys.toHex(
          Arrays.copyOf(tree.previous, tree.previousLength)));
    }
    if (lower != null && Arrays.compareUnsigned(bytes, at, at + size, lower, 0, lower.length) < 0
        || upper != null && Arrays.compareUnsigned(bytes, at, at + size, upper, 0, upper.length) >= 0) {
      throw pageDamage(tree, pgno, "holds key " + Keys.toHex(Arrays.copyOfRange(bytes, at, at + size))
          + " outside the range its branch separators give it");
    }
    System.arraycopy(bytes, at, tree.previous, 0, size);
    tree.previousLength = size;
  }

  private void checkLeafNode(Tree tree, long pgno, ByteBuffer page, int i, int node, int keySize) throws IOException {
    int nodeFlags = page.getShort(node + 4) & 0xFFFF;
    long dataSize = (page.getShort(node) & 0xFFFFL) | (page.getShort(node + 2) & 0xFFFFL) << 16;
    boolean catalogue = tree.kind == Kind.CATALOGUE;
    if (catalogue ? nodeFlags != F_SUBDATA : (nodeFlags & ~F_BIGDATA) != 0) {
      throw pageDamage(tree, pgno, "has node " + i + " with flags 0x" + Integer.toHexString(nodeFlags)
          + ", which this engine never writes there");
    }
    if (keySize < 1) {
      throw pageDamage(tree, pgno, "has node " + i + " with an empty key");
    }
    boolean big = (nodeFlags & F_BIGDATA) != 0;
    long stored = big ? 8 : dataSize;
    if (node + NODE_HEADER + keySize + stored > pageSize) {
      throw pageDamage(tree, pgno, "has node " + i + " of " + keySize + " key and " + stored
          + " value bytes, which overruns the page");
    }
    tree.counted++;
    int data = node + NODE_HEADER + keySize;
    if (big) {
      claimOverflow(tree, page.getLong(data), dataSize);
    }
    if (catalogue) {
      if (dataSize != DB_RECORD) {
        throw pageDamage(tree, pgno, "holds a column family record of " + dataSize + " bytes, not " + DB_RECORD);
      }
      byte[] name = new byte[keySize];
      page.get(node + NODE_HEADER, name);
      ByteBuffer record = ByteBuffer.allocate(DB_RECORD).order(ByteOrder.LITTLE_ENDIAN);
      record.put(0, page, data, DB_RECORD);
      walk(new Tree(Kind.FAMILY, "column family \"" + new String(name, StandardCharsets.UTF_8) + "\"", record, 0));
    }
  }

  /** Marks the overflow pages of a large value of {@code size} bytes, starting at {@code pgno}. */
  private void claimOverflow(Tree tree, long pgno, long size) throws IOException {
    ByteBuffer head = claim(tree, pgno, MAX_DEPTH + 1);
    int flags = head.getShort(10) & 0xFFFF;
    long count = head.getInt(12) & 0xFFFFFFFFL;
    if (flags != P_OVERFLOW || count < 1 || pgno + count - 1 > lastPage || count * pageSize < PAGE_HEADER + size) {
      throw pageDamage(tree, pgno, "should start " + size + " bytes of a large value, but has flags 0x"
          + Integer.toHexString(flags) + " and spans " + count + " pages");
    }
    for (long p = pgno + 1; p < pgno + count; p++) {
      if (seen.get(Math.toIntExact(p))) {
        throw pageDamage(tree, p, "belongs to a large value and to another page as well");
      }
      seen.set(Math.toIntExact(p));
    }
    tree.overflows += count;
  }

  /**
   * Checks that the free list names only pages inside the file that no tree uses. Its keys are
   * transaction ids; each value is a count followed by that many page numbers.
   */
  private void checkFreeList(Tree free) throws IOException {
    if (free.root == NO_ROOT) {
      return;
    }
    BitSet listed = new BitSet();
    scanFree(free, free.root, 1, listed);
  }

  private void scanFree(Tree free, long pgno, int level, BitSet listed) throws IOException {
    ByteBuffer page = read(pgno);
    int nodes = ((page.getShort(12) & 0xFFFF) - PAGE_HEADER) / 2;
    for (int i = 0; i < nodes; i++) {
      int node = page.getShort(PAGE_HEADER + 2 * i) & 0xFFFF;
      int keySize = page.getShort(node + 6) & 0xFFFF;
      if (level < free.depth) {
        long child = (page.getShort(node) & 0xFFFFL) | (page.getShort(node + 2) & 0xFFFFL) << 16
            | (page.getShort(node + 4) & 0xFFFFL) << 32;
        scanFree(free, child, level + 1, listed);
        continue;
      }
      long size = (page.getShort(node) & 0xFFFFL) | (page.getShort(node + 2) & 0xFFFFL) << 16;
      ByteBuffer ids;
      if ((page.getShort(node + 4) & F_BIGDATA) != 0) {
        long first = page.getLong(node + NODE_HEADER + keySize);
        ids = read(file, first * pageSize + PAGE_HEADER, Math.toIntExact(size));
      } else {
        ids = page.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(node + NODE_HEADER + keySize).slice()
            .order(ByteOrder.LITTLE_ENDIAN).limit(Math.toIntExact(size));
      }
      long count = size >= 8 ? ids.getLong(0) : -1;
      if (count < 0 || size != (count + 1) * 8) {
        throw pageDamage(free, pgno, "holds a free-list entry of " + size + " bytes that counts " + count + " pages");
      }
      for (int k = 1; k <= count; k++) {
        long freed = ids.getLong(8 * k);
        if (freed < 2 || freed > lastPage || seen.get((int) freed) || listed.get((int) freed)) {
          throw pageDamage(free, pgno, "lists page " + freed + " as free, but it "
              + (freed < 2 || freed > lastPage ? "is outside the pages in use" : "is in use or listed twice"));
        }
        listed.set((int) freed);
      }
    }
  }

  /** Reads page {@code pgno} for {@code tree}, marking it as reached; at most one buffer per level. */
  private ByteBuffer claim(Tree tree, long pgno, int level) throws IOException {
    if (pgno < 2 || pgno > lastPage) {
      throw damage(where, tree.name + " points to page " + pgno + ", outside the pages in use (2.." + lastPage + ")");
    }
    if (seen.get((int) pgno)) {
      throw pageDamage(tree, pgno, "is reached twice");
    }
    seen.set((int) pgno);
    ByteBuffer page = tree.pages[level];
    if (page == null) {
      page = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
      tree.pages[level] = page;
    }
    if (!readFully(file, page, pgno * pageSize)) {
      throw pageDamage(tree, pgno, "lies past the end of the file");
    }
    if (page.getLong(0) != pgno) {
      throw pageDamage(tree, pgno, "carries the number " + page.getLong(0));
    }
    return page;
  }

  /** Page {@code pgno}, which {@link #walk} has checked already. */
  private ByteBuffer read(long pgno) throws IOException {
    return read(file, pgno * pageSize, pageSize);
  }

  /** {@code length} bytes at {@code position}, or null past the end of the file. */
  private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    return readFully(file, bytes, position) ? bytes : null;
  }

  private static boolean readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
    into.clear();
    while (into.hasRemaining()) {
      if (file.read(into, position + into.position()) < 0) {
        into.clear();
        return false;
      }
    }
    into.clear();
    return true;
  }

  private CorruptionException pageDamage(Tree tree, long pgno, String what) {
    return damage(where, "page " + pgno + " of " + tree.name + " " + what);
  }

  private static CorruptionException damage(String where, String what) {
    return new CorruptionException("LMDB store " + where + " is damaged: " + what + ". LMDB reads its pages "
        + "without checks and could crash the process on this, so the store was not opened; restore it from a "
        + "checkpoint or backup (LmdbVerifier.verifyInChildJvm reports the damage too)");
  }
}
