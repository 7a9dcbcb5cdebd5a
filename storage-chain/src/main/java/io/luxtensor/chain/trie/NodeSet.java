package io.luxtensor.chain.trie;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes that commits of tries created, collected by {@link MerklePatriciaTrie#commit(NodeSet)}
 * instead of being written, for a {@link TrieStore} to {@linkplain TrieStore#hold hold} in memory
 * (geth's dirty node set of one block). A set collects on one thread; once held it no longer changes.
 *
 * <p>Its nodes are appended to byte chunks, each entry the node's hash, its encoding's length (four
 * bytes, big-endian) and the encoding, so that holding them costs the collector a few arrays rather
 * than objects per node. Chunks start small and grow to {@link #MAX_CHUNK_BYTES}, below the size at
 * which G1 allocates an array straight into the old generation.
 */
public final class NodeSet {

  static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final int FIRST_CHUNK_BYTES = 1024;
  private static final int HEADER_BYTES = HeldNodes.KEY_BYTES + Integer.BYTES;

  private final List<byte[]> chunks = new ArrayList<>();
  private final List<Integer> used = new ArrayList<>();
  private int size;
  private long bytes;
  boolean held;
  /** The ids {@link HeldNodes} gave the chunks while the set is held. */
  int[] chunkIds;

  void add(Node node) {
    if (held) {
      throw new IllegalStateException("a held node set takes no more nodes");
    }
    byte[] hash = node.hash();
    byte[] rlp = node.rlp();
    int entry = HEADER_BYTES + rlp.length;
    int last = chunks.size() - 1;
    if (last < 0 || used.get(last) + entry > chunks.get(last).length) {
      int previous = last < 0 ? FIRST_CHUNK_BYTES / 2 : chunks.get(last).length;
      chunks.add(new byte[Math.max(entry, Math.min(MAX_CHUNK_BYTES, previous * 2))]);
      used.add(0);
      last++;
    }
    byte[] chunk = chunks.get(last);
    int offset = used.get(last);
    System.arraycopy(hash, 0, chunk, offset, HeldNodes.KEY_BYTES);
    int length = rlp.length;
    chunk[offset + 32] = (byte) (length >>> 24);
    chunk[offset + 33] = (byte) (length >>> 16);
    chunk[offset + 34] = (byte) (length >>> 8);
    chunk[offset + 35] = (byte) length;
    System.arraycopy(rlp, 0, chunk, offset + HEADER_BYTES, length);
    used.set(last, offset + entry);
    size++;
    bytes += length;
  }

  /** How many nodes it holds (a node created by two of its tries counts twice). */
  public int size() {
    return size;
  }

  /** The bytes of their encodings. */
  public long bytes() {
    return bytes;
  }

  int chunkCount() {
    return chunks.size();
  }

  byte[] chunk(int index) {
    return chunks.get(index);
  }

  /** The bytes of chunk {@code index} that hold entries. */
  int used(int index) {
    return used.get(index);
  }

  /** The length of the encoding of the entry at {@code offset}. */
  static int length(byte[] chunk, int offset) {
    return (chunk[offset + 32] & 0xFF) << 24 | (chunk[offset + 33] & 0xFF) << 16 | (chunk[offset + 34] & 0xFF) << 8
        | (chunk[offset + 35] & 0xFF);
  }

  /** Where the encoding of the entry at {@code offset} starts. */
  static int encodingOffset(int offset) {
    return offset + HEADER_BYTES;
  }

  /** The offset of the entry after the one at {@code offset}. */
  static int next(byte[] chunk, int offset) {
    return offset + HEADER_BYTES + length(chunk, offset);
  }
}
