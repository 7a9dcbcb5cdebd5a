package io.luxtensor.chain.rlp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Allocation-free RLP building blocks for callers that know their structure up front, such
 * as trie nodes: compute the encoded size first, allocate one array, then write into it.
 *
 * <p>Stateless and thread-safe. Every {@code write*} method writes at {@code offset} and
 * returns the offset just past what it wrote; the caller sizes the array with the matching
 * {@code *Length} method. Arrays passed in are only read.
 */
public final class RlpEncoder {

  private static final int SHORT_LIMIT = 56;
  private static final int STRING_OFFSET = 0x80;
  private static final int LIST_OFFSET = 0xc0;
  // Long-form prefixes sit 55 above the short-form base: 0xb7 + lengthOfLength, 0xf7 + ...
  private static final int LONG_FORM_SHIFT = 55;

  private RlpEncoder() {}

  /** Encoded size of the byte string {@code content[from, from + length)}. */
  public static int stringLength(byte[] content, int from, int length) {
    if (length == 1 && (content[from] & 0xff) < STRING_OFFSET) {
      return 1;
    }
    return headerLength(length) + length;
  }

  /** Encoded size of the byte string {@code content}. */
  public static int stringLength(byte[] content) {
    return stringLength(content, 0, content.length);
  }

  /** Encoded size of a list whose items' encodings total {@code payloadLength} bytes. */
  public static int listLength(int payloadLength) {
    return headerLength(payloadLength) + payloadLength;
  }

  /** Writes {@code content[from, from + length)} as an RLP string. */
  public static int writeString(byte[] target, int offset, byte[] content, int from, int length) {
    if (length == 1 && (content[from] & 0xff) < STRING_OFFSET) {
      target[offset] = content[from];
      return offset + 1;
    }
    int pos = writeHeader(target, offset, STRING_OFFSET, length);
    System.arraycopy(content, from, target, pos, length);
    return pos + length;
  }

  /** Writes {@code content} as an RLP string. */
  public static int writeString(byte[] target, int offset, byte[] content) {
    return writeString(target, offset, content, 0, content.length);
  }

  /** Writes the header of a list whose items, written next by the caller, total {@code payloadLength}. */
  public static int writeListHeader(byte[] target, int offset, int payloadLength) {
    return writeHeader(target, offset, LIST_OFFSET, payloadLength);
  }

  /** The content of the RLP integer {@code value}: its big-endian bytes without leading zeros (none for 0). */
  public static byte[] unsignedBytes(long value) {
    if (value < 0) {
      throw new RlpException("RLP integers are unsigned; got " + value);
    }
    byte[] bytes = new byte[(Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8];
    for (int i = bytes.length - 1; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    return bytes;
  }

  /** As {@link #unsignedBytes(long)}, for any non-negative integer. */
  public static byte[] unsignedBytes(BigInteger value) {
    if (value.signum() < 0) {
      throw new RlpException("RLP integers are unsigned; got " + value);
    }
    byte[] twosComplement = value.toByteArray();
    // At most one leading zero: the sign byte of a value whose top bit is set, or 0 itself.
    return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }

  /** Encodes {@code content} as a standalone RLP string. */
  public static byte[] encodeString(byte[] content) {
    byte[] out = new byte[stringLength(content)];
    writeString(out, 0, content);
    return out;
  }

  /** Wraps already-encoded items into an RLP list. */
  public static byte[] encodeList(byte[]... encodedItems) {
    int payload = 0;
    for (byte[] item : encodedItems) {
      payload += item.length;
    }
    byte[] out = new byte[listLength(payload)];
    int pos = writeListHeader(out, 0, payload);
    for (byte[] item : encodedItems) {
      System.arraycopy(item, 0, out, pos, item.length);
      pos += item.length;
    }
    return out;
  }

  private static int headerLength(int length) {
    return length < SHORT_LIMIT ? 1 : 1 + bytesNeeded(length);
  }

  private static int writeHeader(byte[] target, int offset, int base, int length) {
    if (length < SHORT_LIMIT) {
      target[offset] = (byte) (base + length);
      return offset + 1;
    }
    int lengthOfLength = bytesNeeded(length);
    target[offset] = (byte) (base + LONG_FORM_SHIFT + lengthOfLength);
    for (int i = lengthOfLength; i >= 1; i--) {
      target[offset + i] = (byte) length;
      length >>>= 8;
    }
    return offset + 1 + lengthOfLength;
  }

  private static int bytesNeeded(int length) {
    return (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
  }
}
