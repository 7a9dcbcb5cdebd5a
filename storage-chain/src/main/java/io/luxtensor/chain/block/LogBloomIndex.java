package io.luxtensor.chain.block;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.ReadView;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The log index, as geth's bloom bits: heights are cut into sections of {@link #sectionSize()}
 * blocks, and a <em>sealed</em> section stores, for each of the 2048 bloom bits, a bit vector over
 * its heights. A query ANDs the vectors of the three bits of its address and of each topic it
 * names, which gives the heights whose blocks may hold a matching log; the caller then reads those
 * blocks' receipts and filters exactly. Logs cost no entry of their own: a section costs at most
 * 2048 entries whatever its blocks hold.
 *
 * <p>Bit {@code i} of a vector is set when some stored block at the section's {@code i}-th height,
 * <em>on any branch</em>, has the bloom bit set: the vectors are the union over branches, so a
 * reorg never makes them miss a canonical log and changes none of them. A section is sealed (its
 * vectors written, with a marker entry) in the batch of the first block imported above it; a block
 * imported later into a sealed section, on a side branch, ORs its bloom into the vectors in its own
 * batch. The unsealed sections (the newest one, or any that a repair has not rebuilt yet) are
 * answered from the canonical headers' blooms instead, so a missing section makes a query slower,
 * never wrong.
 *
 * <p>Layout in LogBloomBits: {@code section (5 bytes, big-endian)} is the marker, its value the
 * section size as a varint; {@code section bit (2 bytes, big-endian)} is a vector, stored only if
 * some bit is set, as a tag byte and either the gaps between its set bits as varints ({@value
 * #SPARSE}) or the raw bits, lowest height first ({@value #DENSE}), whichever is shorter.
 * Stateless apart from the family handle and section size; thread-safe.
 */
final class LogBloomIndex {

  /** Blocks per section, as geth has them. */
  static final int DEFAULT_SECTION_SIZE = 4096;
  /** The largest section size: positions in a section fit in a varint gap and vectors stay small. */
  static final int MAX_SECTION_SIZE = 1 << 16;
  static final byte SPARSE = 0;
  static final byte DENSE = 1;
  private static final int SECTION_BYTES = BlockRef.HEIGHT_BYTES;

  private final ColumnFamily family;
  private final int sectionSize;
  private final int words;
  private final byte[] marker;

  LogBloomIndex(ColumnFamily family, int sectionSize) {
    if (sectionSize < 2 || sectionSize > MAX_SECTION_SIZE) {
      throw new IllegalArgumentException("a bloom section holds 2.." + MAX_SECTION_SIZE + " blocks, got "
          + sectionSize);
    }
    this.family = family;
    this.sectionSize = sectionSize;
    this.words = (sectionSize + 63) / 64;
    marker = new byte[Varint.length(sectionSize)];
    Varint.write(marker, 0, sectionSize);
  }

  ColumnFamily family() {
    return family;
  }

  int sectionSize() {
    return sectionSize;
  }

  long sectionOf(long height) {
    return height / sectionSize;
  }

  long firstHeight(long section) {
    return section * sectionSize;
  }

  /** How many sections are sealed once a block is stored at {@code maxStoredHeight} (-1: none). */
  long sealedSections(long maxStoredHeight) {
    return maxStoredHeight < 0 ? 0 : maxStoredHeight / sectionSize;
  }

  static byte[] markerKey(long section) {
    byte[] key = new byte[SECTION_BYTES];
    BlockRef.writeHeight(key, 0, section);
    return key;
  }

  static byte[] vectorKey(long section, int bit) {
    byte[] key = new byte[SECTION_BYTES + 2];
    BlockRef.writeHeight(key, 0, section);
    key[SECTION_BYTES] = (byte) (bit >>> 8);
    key[SECTION_BYTES + 1] = (byte) bit;
    return key;
  }

  /** The section of a key of this family. */
  static long sectionOfKey(byte[] key) {
    return BlockRef.readHeight(key, 0);
  }

  /** The bit of a vector key, or -1 for a marker key. */
  static int bitOfKey(byte[] key) {
    if (key.length == SECTION_BYTES) {
      return -1;
    }
    if (key.length != SECTION_BYTES + 2) {
      throw new IllegalArgumentException("a LogBloomBits key is " + SECTION_BYTES + " or " + (SECTION_BYTES + 2)
          + " bytes, not " + key.length);
    }
    int bit = (key[SECTION_BYTES] & 0xff) << 8 | key[SECTION_BYTES + 1] & 0xff;
    if (bit >= Bloom.BITS) {
      throw new IllegalArgumentException("bloom bit " + bit + " is past " + (Bloom.BITS - 1));
    }
    return bit;
  }

  byte[] markerValue() {
    return marker.clone();
  }

  /** Whether {@code section} is sealed in {@code view}. */
  boolean isSealed(ReadView view, long section) {
    return checkMarker(section, view.get(family, markerKey(section)));
  }

  private boolean checkMarker(long section, byte[] value) {
    if (value == null) {
      return false;
    }
    if (!java.util.Arrays.equals(value, marker)) {
      throw new CorruptionException("block store: bloom section " + section + " was sealed with another section"
          + " size than " + sectionSize + "; run repair()");
    }
    return true;
  }

  /**
   * The vectors of a section whose heights' blooms are {@code blooms} (index: offset in the
   * section; null: no block stored there), one per bloom bit, null where no bit is set.
   */
  long[][] vectors(byte[][] blooms) {
    long[][] vectors = new long[Bloom.BITS][];
    for (int offset = 0; offset < blooms.length; offset++) {
      byte[] bloom = blooms[offset];
      if (bloom == null) {
        continue;
      }
      for (int i = 0; i < Bloom.LENGTH; i++) {
        int b = bloom[Bloom.LENGTH - 1 - i] & 0xff;
        while (b != 0) {
          int bit = 8 * i + Integer.numberOfTrailingZeros(b);
          b &= b - 1;
          long[] vector = vectors[bit];
          if (vector == null) {
            vector = vectors[bit] = new long[words];
          }
          vector[offset >>> 6] |= 1L << offset;
        }
      }
    }
    return vectors;
  }

  /** Puts the marker and the vectors of {@code section}, whose heights' blooms are {@code blooms}. */
  void seal(WriteBatch batch, long section, byte[][] blooms) {
    long[][] vectors = vectors(blooms);
    batch.put(family, markerKey(section), marker);
    for (int bit = 0; bit < Bloom.BITS; bit++) {
      if (vectors[bit] != null) {
        batch.put(family, vectorKey(section, bit), encode(vectors[bit]));
      }
    }
  }

  /**
   * ORs {@code bloom}, of a block at {@code height} in a sealed section, into the section's vectors:
   * reads them from {@code view} (one multiGet) and puts those that change into {@code batch}.
   */
  void add(WriteBatch batch, ReadView view, long height, byte[] bloom) {
    long section = sectionOf(height);
    int offset = (int) (height - firstHeight(section));
    List<Integer> bits = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int bit = 0; bit < Bloom.BITS; bit++) {
      if (Bloom.isSet(bloom, bit)) {
        bits.add(bit);
        keys.add(vectorKey(section, bit));
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    List<byte[]> stored = view.multiGet(family, keys);
    for (int i = 0; i < keys.size(); i++) {
      long[] vector = stored.get(i) == null ? new long[words] : decodeStored(keys.get(i), stored.get(i));
      if ((vector[offset >>> 6] & 1L << offset) == 0) {
        vector[offset >>> 6] |= 1L << offset;
        batch.put(family, keys.get(i), encode(vector));
      }
    }
  }

  /**
   * The heights of sealed {@code section} whose blooms have every bit of {@code bits}, as a vector
   * over the section (bit {@code i}: the section's {@code i}-th height); null if the section is
   * not sealed. One multiGet.
   */
  long[] candidates(ReadView view, long section, int[] bits) {
    List<byte[]> keys = new ArrayList<>(bits.length + 1);
    keys.add(markerKey(section));
    for (int bit : bits) {
      keys.add(vectorKey(section, bit));
    }
    List<byte[]> stored = view.multiGet(family, keys);
    if (!checkMarker(section, stored.get(0))) {
      return null;
    }
    long[] result = null;
    for (int i = 1; i < keys.size(); i++) {
      byte[] value = stored.get(i);
      if (value == null) {
        return new long[words];
      }
      long[] vector = decodeStored(keys.get(i), value);
      if (result == null) {
        result = vector;
      } else {
        for (int w = 0; w < words; w++) {
          result[w] &= vector[w];
        }
      }
    }
    return result == null ? new long[words] : result;
  }

  /** The first set bit of {@code vector} at or after {@code from}; -1 if none. */
  static int nextSetBit(long[] vector, int from) {
    int w = from >>> 6;
    if (w >= vector.length) {
      return -1;
    }
    long word = vector[w] & -1L << from;
    while (true) {
      if (word != 0) {
        return 64 * w + Long.numberOfTrailingZeros(word);
      }
      if (++w == vector.length) {
        return -1;
      }
      word = vector[w];
    }
  }

  /** The shorter of the sparse and the dense encoding of {@code vector}. */
  byte[] encode(long[] vector) {
    int count = 0;
    int sparseLength = 1;
    int previous = -1;
    for (int w = 0; w < vector.length; w++) {
      long bits = vector[w];
      while (bits != 0) {
        int position = 64 * w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        sparseLength += Varint.length(position - previous - 1);
        previous = position;
        count++;
      }
    }
    int denseLength = 1 + (sectionSize + 7) / 8;
    if (sparseLength <= denseLength) {
      byte[] out = new byte[sparseLength];
      out[0] = SPARSE;
      int pos = 1;
      previous = -1;
      for (int w = 0; w < vector.length && count > 0; w++) {
        long bits = vector[w];
        while (bits != 0) {
          int position = 64 * w + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          pos = Varint.write(out, pos, position - previous - 1);
          previous = position;
        }
      }
      return out;
    }
    byte[] out = new byte[denseLength];
    out[0] = DENSE;
    for (int i = 0; i < sectionSize; i++) {
      if ((vector[i >>> 6] & 1L << i) != 0) {
        out[1 + i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return out;
  }

  /**
   * The vector {@code value} encodes.
   *
   * @throws IllegalArgumentException if it is not an encoding of a vector over a section of this size
   */
  long[] decode(byte[] value) {
    if (value.length == 0) {
      throw new IllegalArgumentException("a bloom vector has a tag byte");
    }
    long[] vector = new long[words];
    if (value[0] == SPARSE) {
      int pos = 1;
      int position = -1;
      while (pos < value.length) {
        int gap = Varint.read(value, pos);
        pos += Varint.length(gap);
        position += gap + 1;
        if (position >= sectionSize || position < 0) {
          throw new IllegalArgumentException("a bloom vector sets bit " + position + " of a " + sectionSize
              + "-block section");
        }
        vector[position >>> 6] |= 1L << position;
      }
      return vector;
    }
    if (value[0] != DENSE || value.length != 1 + (sectionSize + 7) / 8) {
      throw new IllegalArgumentException("a bloom vector of " + value.length + " bytes with tag " + value[0]
          + " is neither sparse nor dense for a " + sectionSize + "-block section");
    }
    for (int i = 0; i < sectionSize; i++) {
      if ((value[1 + i / 8] & 1 << (i % 8)) != 0) {
        vector[i >>> 6] |= 1L << i;
      }
    }
    return vector;
  }

  private long[] decodeStored(byte[] key, byte[] value) {
    try {
      return decode(value);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("block store: the LogBloomBits entry of section " + sectionOfKey(key) + " bit "
          + bitOfKey(key) + " does not decode (" + e.getMessage() + "); run repair()", e);
    }
  }
}
