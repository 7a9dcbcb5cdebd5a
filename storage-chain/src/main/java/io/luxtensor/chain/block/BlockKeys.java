package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;

/**
 * Key and value layouts of the block store's column families. A block is named by its
 * {@link BlockRef} (5-byte height, varint slot); heights are big-endian so that keys sort by
 * them, and {@link #txByAddress} stores height and index bit-inverted so that a forward scan of
 * one address yields its newest transactions first. Indexes in a block are 3 bytes in keys (up to
 * 16,777,215 transactions or logs per block) and varints in values. Stateless.
 *
 * <p>BlockHashes holds {@code 'h' hash -> ref} for every stored block, {@code 's' ref -> hash}
 * for every stored block (its slot count at a height gives the next block's slot) and
 * {@code 'n' height -> hash slot} for the canonical chain.
 */
final class BlockKeys {

  /** BlockHashes prefix of the canonical height-to-block entries. */
  static final byte CANONICAL = 'n';
  /** BlockHashes prefix of the hash-to-ref entries, one per stored block. */
  static final byte HEIGHT_OF = 'h';
  /** BlockHashes prefix of the ref-to-hash entries, one per stored block. */
  static final byte STORED = 's';
  /** ChainMeta key of the head block's hash. */
  static final byte[] HEAD = {'h', 'e', 'a', 'd'};
  /**
   * Bytes of a TxByHash key: the start of the transaction hash. Five bytes keep keys distinct on
   * any chain of today (at 2.5 billion transactions about 0.1% of keys are shared, and a lookup
   * there reads one more transaction); readers check the full hash.
   */
  static final int TX_HASH_PREFIX = 5;
  /** Bytes of an index within a block, in keys. */
  static final int INDEX_BYTES = 3;
  /** The most transactions, or logs, a block may have. */
  static final int MAX_INDEX = (1 << (8 * INDEX_BYTES)) - 1;

  private BlockKeys() {}

  static byte[] canonical(long height) {
    byte[] key = new byte[1 + BlockRef.HEIGHT_BYTES];
    key[0] = CANONICAL;
    BlockRef.writeHeight(key, 1, height);
    return key;
  }

  /** Canonical entry value: the block's hash, then its slot. */
  static byte[] canonicalValue(Hash hash, int slot) {
    byte[] value = new byte[Hash.LENGTH + Varint.length(slot)];
    System.arraycopy(hash.bytes(), 0, value, 0, Hash.LENGTH);
    Varint.write(value, Hash.LENGTH, slot);
    return value;
  }

  static byte[] heightOf(Hash hash) {
    byte[] key = new byte[1 + Hash.LENGTH];
    key[0] = HEIGHT_OF;
    System.arraycopy(hash.bytes(), 0, key, 1, Hash.LENGTH);
    return key;
  }

  static byte[] stored(BlockRef ref) {
    byte[] key = new byte[1 + ref.encodedLength()];
    key[0] = STORED;
    ref.write(key, 1);
    return key;
  }

  /** Prefix of the {@link #stored} keys of every block at {@code height}. */
  static byte[] storedAt(long height) {
    byte[] key = new byte[1 + BlockRef.HEIGHT_BYTES];
    key[0] = STORED;
    BlockRef.writeHeight(key, 1, height);
    return key;
  }

  /** Transactions and Receipts: the block's ref, then the index in the block. */
  static byte[] item(BlockRef block, int index) {
    byte[] key = new byte[block.encodedLength() + INDEX_BYTES];
    writeIndex(key, block.write(key, 0), index);
    return key;
  }

  /** Prefix of every {@link #item} key of {@code block}. */
  static byte[] items(BlockRef block) {
    return block.encode();
  }

  /** TxByHash key: the first {@value #TX_HASH_PREFIX} bytes of the hash; its value lists every location. */
  static byte[] txHash(Hash hash) {
    byte[] key = new byte[TX_HASH_PREFIX];
    System.arraycopy(hash.bytes(), 0, key, 0, TX_HASH_PREFIX);
    return key;
  }

  /**
   * One location in a TxByHash value: the block's height, slot and the index in it, as varints
   * (the height too: values are not sorted on, and a short height is most of the saving).
   */
  static byte[] location(BlockRef block, int index) {
    int slot = block.slot();
    byte[] value = new byte[varLongLength(block.height()) + Varint.length(slot) + Varint.length(index)];
    Varint.write(value, Varint.write(value, writeVarLong(value, 0, block.height()), slot), index);
    return value;
  }

  /**
   * The location at {@code offset} of a TxByHash value; its length is {@link #locationLength}.
   *
   * @throws IllegalArgumentException if no location is encoded there
   */
  static Position readLocation(byte[] value, int offset) {
    long height = readVarLong(value, offset);
    int pos = offset + varLongLength(height);
    int slot = Varint.read(value, pos);
    int index = Varint.read(value, pos + Varint.length(slot));
    return new Position(new BlockRef(height, slot), index);
  }

  static int locationLength(Position location) {
    return varLongLength(location.block().height()) + Varint.length(location.block().slot())
        + Varint.length(location.index());
  }

  private static int varLongLength(long value) {
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int writeVarLong(byte[] out, int pos, long value) {
    while ((value & ~0x7fL) != 0) {
      out[pos++] = (byte) (value & 0x7f | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
    return pos;
  }

  /** A varint of at most {@link BlockRef#MAX_HEIGHT}, in its shortest encoding. */
  private static long readVarLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 6; i++) {
      if (offset + i >= bytes.length) {
        throw new IllegalArgumentException("a height varint runs past the end at offset " + offset);
      }
      int b = bytes[offset + i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (i > 0 && b == 0 || value > BlockRef.MAX_HEIGHT) {
          throw new IllegalArgumentException("the height varint at offset " + offset + " is not canonical or too"
              + " high");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("the height varint at offset " + offset + " is longer than 6 bytes");
  }

  /** TxByAddress: address, then inverted height, slot and inverted index (newest first). */
  static byte[] txByAddress(byte[] address, BlockRef block, int index) {
    byte[] key = new byte[address.length + block.encodedLength() + INDEX_BYTES];
    System.arraycopy(address, 0, key, 0, address.length);
    int pos = BlockRef.writeHeight(key, address.length, ~block.height() & BlockRef.MAX_HEIGHT);
    writeIndex(key, Varint.write(key, pos, block.slot()), ~index & MAX_INDEX);
    return key;
  }

  /** The index in its block of a Transactions or Receipts key. */
  static int itemIndex(byte[] key) {
    return readIndex(key, key.length - INDEX_BYTES);
  }

  /**
   * The block and index after the address of a {@link #txByAddress} key, starting at
   * {@code offset}, which must be all that is left of the key.
   *
   * @throws IllegalArgumentException if the rest of the key is not exactly that
   */
  static Position position(byte[] key, int offset, boolean inverted) {
    long height = BlockRef.readHeight(key, offset);
    int slot = Varint.read(key, offset + BlockRef.HEIGHT_BYTES);
    int at = offset + BlockRef.HEIGHT_BYTES + Varint.length(slot);
    if (at + INDEX_BYTES != key.length) {
      throw new IllegalArgumentException("an index key has " + (key.length - at) + " bytes after its block, not "
          + INDEX_BYTES);
    }
    int index = readIndex(key, at);
    return inverted ? new Position(new BlockRef(~height & BlockRef.MAX_HEIGHT, slot), ~index & MAX_INDEX)
        : new Position(new BlockRef(height, slot), index);
  }

  /** A block and an index in it, as index keys hold them. */
  record Position(BlockRef block, int index) {}

  private static void writeIndex(byte[] out, int pos, int index) {
    out[pos] = (byte) (index >>> 16);
    out[pos + 1] = (byte) (index >>> 8);
    out[pos + 2] = (byte) index;
  }

  private static int readIndex(byte[] bytes, int pos) {
    return (bytes[pos] & 0xff) << 16 | (bytes[pos + 1] & 0xff) << 8 | bytes[pos + 2] & 0xff;
  }
}
