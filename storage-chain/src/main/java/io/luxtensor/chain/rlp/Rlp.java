package io.luxtensor.chain.rlp;

import java.util.List;

/**
 * Ethereum Recursive Length Prefix encoding (Yellow Paper, Appendix B).
 *
 * <p>Decoding is strict: it accepts only the one canonical encoding of an item and rejects,
 * with an {@link RlpException} naming the offset, any input that is empty, truncated, has
 * trailing bytes, wraps a single byte below {@code 0x80} as a string, writes a length with
 * leading zero bytes, uses the long form for a length below 56, declares a length beyond
 * 32 bits, or nests lists deeper than 1024. Hence {@code encode(decode(b))} equals {@code b}
 * for every accepted {@code b}.
 *
 * <p>Stateless and thread-safe. Arguments must not be {@code null}.
 */
public final class Rlp {

  private Rlp() {}

  /** The canonical encoding of {@code item}. */
  public static byte[] encode(RlpItem item) {
    byte[] out = new byte[encodedLength(item)];
    int end = write(item, out, 0);
    assert end == out.length;
    return out;
  }

  /**
   * Decodes exactly one item that spans all of {@code input}.
   *
   * @throws RlpException if {@code input} is not the canonical encoding of one item
   */
  public static RlpItem decode(byte[] input) {
    return new RlpDecoder(input).decodeAll();
  }

  /** Encoded size of {@code item}, computed without encoding it. */
  public static int encodedLength(RlpItem item) {
    if (item instanceof RlpString s) {
      return RlpEncoder.stringLength(s.unsafeBytes());
    }
    return RlpEncoder.listLength(payloadLength(((RlpList) item).items()));
  }

  private static int payloadLength(List<RlpItem> items) {
    int total = 0;
    for (RlpItem item : items) {
      total += encodedLength(item);
    }
    return total;
  }

  private static int write(RlpItem item, byte[] out, int offset) {
    if (item instanceof RlpString s) {
      return RlpEncoder.writeString(out, offset, s.unsafeBytes());
    }
    List<RlpItem> items = ((RlpList) item).items();
    int pos = RlpEncoder.writeListHeader(out, offset, payloadLength(items));
    for (RlpItem child : items) {
      pos = write(child, out, pos);
    }
    return pos;
  }
}
