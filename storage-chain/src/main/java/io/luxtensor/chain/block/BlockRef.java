package io.luxtensor.chain.block;

import io.luxtensor.storage.CorruptionException;

/**
 * A stored block's short name: its height and its slot, the order in which blocks of that height
 * were stored (0 for the first). Every stored block has exactly one, for good, so keys of
 * transactions, receipts and index entries name their block in 6 bytes instead of a 32-byte hash,
 * and an index entry of a side branch stays valid through any reorg: it is shown exactly when its
 * slot is the canonical one at its height.
 *
 * <p>Encoded as the height in {@value #HEIGHT_BYTES} big-endian bytes (so keys sort by height),
 * then the slot as an unsigned LEB128 varint (1 byte below 128 siblings; the encoding is
 * prefix-free, so a key holding a ref followed by more fields never collides with another ref's).
 * Immutable.
 */
record BlockRef(long height, int slot) {

  /** Bytes of an encoded height. */
  static final int HEIGHT_BYTES = 5;
  /** The highest height that fits in {@value #HEIGHT_BYTES} bytes (about 10^12 blocks). */
  static final long MAX_HEIGHT = (1L << (8 * HEIGHT_BYTES)) - 1;

  BlockRef {
    if (height < 0 || height > MAX_HEIGHT || slot < 0) {
      throw new IllegalArgumentException("block ref out of range: height " + height + ", slot " + slot);
    }
  }

  /** Bytes {@link #write} writes. */
  int encodedLength() {
    return HEIGHT_BYTES + Varint.length(slot);
  }

  /** Writes the encoding at {@code pos}; returns the position after it. */
  int write(byte[] out, int pos) {
    return Varint.write(out, writeHeight(out, pos, height), slot);
  }

  byte[] encode() {
    byte[] out = new byte[encodedLength()];
    write(out, 0);
    return out;
  }

  /** The ref encoded at {@code offset} of {@code bytes}; {@link #encodedLength()} tells where it ends. */
  static BlockRef read(byte[] bytes, int offset) {
    return new BlockRef(readHeight(bytes, offset), Varint.read(bytes, offset + HEIGHT_BYTES));
  }

  /** The ref that is all of {@code bytes}, a stored value. */
  static BlockRef decodeValue(String what, byte[] bytes) {
    try {
      BlockRef ref = read(bytes, 0);
      if (ref.encodedLength() == bytes.length) {
        return ref;
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      // reported below
    }
    throw new CorruptionException("block store: the " + what + " is not a block height and slot ("
        + bytes.length + " bytes); run repair(), or re-import the block if repair reports it");
  }

  static int writeHeight(byte[] out, int pos, long height) {
    for (int i = HEIGHT_BYTES - 1; i >= 0; i--) {
      out[pos + i] = (byte) height;
      height >>>= 8;
    }
    return pos + HEIGHT_BYTES;
  }

  static long readHeight(byte[] bytes, int offset) {
    if (offset + HEIGHT_BYTES > bytes.length) {
      throw new IllegalArgumentException("a height needs " + HEIGHT_BYTES + " bytes at offset " + offset);
    }
    long height = 0;
    for (int i = 0; i < HEIGHT_BYTES; i++) {
      height = height << 8 | bytes[offset + i] & 0xff;
    }
    return height;
  }
}
