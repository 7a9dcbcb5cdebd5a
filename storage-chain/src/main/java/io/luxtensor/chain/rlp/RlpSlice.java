package io.luxtensor.chain.rlp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * One canonically encoded RLP item seen in place inside the bytes it was decoded from, with its
 * raw encoding ({@link #encoded()}) and typed accessors ({@link #asLong()}, {@link #bytes()},
 * {@link #get(int)}, ...) that spare a cast per field.
 *
 * <p>Made by {@link #of(byte[])}, which checks the whole input with the strict decoder first
 * (every rule of {@link Rlp}), so navigating a slice never meets malformed bytes. The raw bytes
 * matter where a hash is taken over an item as it was received: a header inside a block, a
 * transaction inside a block body. Hashing them needs no re-encode.
 *
 * <p>Immutable and thread-safe: {@link #of} copies its input once and slices share that copy;
 * every array returned is a fresh copy. Equality is equality of the encodings.
 */
public final class RlpSlice {

  private static final int STRING_OFFSET = 0x80;
  private static final int LONG_STRING = 0xb8;
  private static final int LIST_OFFSET = 0xc0;
  private static final int LONG_LIST = 0xf8;

  private final byte[] source;
  private final int offset;
  private final int end;
  private final int payloadStart;
  private volatile List<RlpSlice> children;

  private RlpSlice(byte[] source, int offset) {
    this.source = source;
    this.offset = offset;
    int prefix = source[offset] & 0xff;
    int start;
    int length;
    if (prefix < STRING_OFFSET) {
      start = offset;
      length = 1;
    } else if (prefix < LONG_STRING) {
      start = offset + 1;
      length = prefix - STRING_OFFSET;
    } else if (prefix < LIST_OFFSET) {
      int lengthOfLength = prefix - (LONG_STRING - 1);
      start = offset + 1 + lengthOfLength;
      length = readLength(source, offset + 1, lengthOfLength);
    } else if (prefix < LONG_LIST) {
      start = offset + 1;
      length = prefix - LIST_OFFSET;
    } else {
      int lengthOfLength = prefix - (LONG_LIST - 1);
      start = offset + 1 + lengthOfLength;
      length = readLength(source, offset + 1, lengthOfLength);
    }
    this.payloadStart = start;
    this.end = start + length;
  }

  /**
   * The item encoded in {@code input}, which must be exactly one canonical RLP item.
   *
   * @throws RlpException if it is not (the message names the offset and the rule broken)
   */
  public static RlpSlice of(byte[] input) {
    byte[] copy = input.clone();
    new RlpDecoder(copy, false).decodeAll();
    return new RlpSlice(copy, 0);
  }

  private static int readLength(byte[] in, int from, int count) {
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (in[from + i] & 0xff);
    }
    return length;
  }

  /** Whether this item is a list (else it is a byte string). */
  public boolean isList() {
    return (source[offset] & 0xff) >= LIST_OFFSET;
  }

  /** The raw encoding of this item, header included; a fresh copy. */
  public byte[] encoded() {
    return Arrays.copyOfRange(source, offset, end);
  }

  /** Size of {@link #encoded()}, without copying. */
  public int encodedLength() {
    return end - offset;
  }

  /** The items of this list, in order; each one a slice of the same bytes. */
  public List<RlpSlice> items() {
    requireList();
    List<RlpSlice> list = children;
    if (list == null) {
      List<RlpSlice> built = new ArrayList<>();
      for (int pos = payloadStart; pos < end; ) {
        RlpSlice child = new RlpSlice(source, pos);
        built.add(child);
        pos = child.end;
      }
      list = Collections.unmodifiableList(built);
      children = list;
    }
    return list;
  }

  /** Number of items of this list. */
  public int size() {
    return items().size();
  }

  /** The item at {@code index} of this list. */
  public RlpSlice get(int index) {
    List<RlpSlice> list = items();
    if (index < 0 || index >= list.size()) {
      throw new RlpException(offset, "list has " + list.size() + " item(s), no item " + index);
    }
    return list.get(index);
  }

  /** The content of this byte string; a fresh copy. */
  public byte[] bytes() {
    requireString();
    return Arrays.copyOfRange(source, payloadStart, end);
  }

  /** Number of content bytes of this byte string. */
  public int length() {
    requireString();
    return end - payloadStart;
  }

  /**
   * This byte string as an unsigned integer of at most 64 bits, held in a {@code long} with
   * unsigned meaning (values from 2^63 read as negative; see {@link Long#toUnsignedString}).
   *
   * @throws RlpException if it is a list, has a leading zero byte or more than 8 bytes
   */
  public long asLong() {
    requireCanonicalInteger(8);
    long value = 0;
    for (int i = payloadStart; i < end; i++) {
      value = (value << 8) | (source[i] & 0xff);
    }
    return value;
  }

  /**
   * This byte string as a non-negative integer of at most {@code maxBytes} bytes.
   *
   * @throws RlpException if it is a list, has a leading zero byte or is longer than {@code maxBytes}
   */
  public BigInteger asBigInteger(int maxBytes) {
    requireCanonicalInteger(maxBytes);
    return new BigInteger(1, Arrays.copyOfRange(source, payloadStart, end));
  }

  /** The item as the value model of {@link Rlp}. */
  public RlpItem toItem() {
    return Rlp.decode(encoded());
  }

  /** Writes {@link #encoded()} into {@code target} at {@code at}; returns the offset past it. */
  public int writeEncoded(byte[] target, int at) {
    System.arraycopy(source, offset, target, at, end - offset);
    return at + end - offset;
  }

  private void requireCanonicalInteger(int maxBytes) {
    requireString();
    int length = end - payloadStart;
    if (length > maxBytes) {
      throw new RlpException(offset, "integer of " + length + " bytes exceeds " + maxBytes + " bytes");
    }
    if (length > 0 && source[payloadStart] == 0) {
      throw new RlpException(offset, "integer has a leading zero byte");
    }
  }

  private void requireList() {
    if (!isList()) {
      throw new RlpException(offset, "expected a list, found a byte string");
    }
  }

  private void requireString() {
    if (isList()) {
      throw new RlpException(offset, "expected a byte string, found a list");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RlpSlice that
        && Arrays.equals(source, offset, end, that.source, that.offset, that.end);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = offset; i < end; i++) {
      h = 31 * h + source[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "RlpSlice[0x" + HexFormat.of().formatHex(source, offset, end) + "]";
  }
}
