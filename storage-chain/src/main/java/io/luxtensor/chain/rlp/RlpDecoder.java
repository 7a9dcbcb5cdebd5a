package io.luxtensor.chain.rlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict recursive-descent decoder; one instance per input, not thread-safe, used through
 * {@link Rlp#decode(byte[])}.
 */
final class RlpDecoder {

  /** Deeper nesting than any chain structure needs; guards the stack against hostile input. */
  static final int MAX_DEPTH = 1024;

  private static final int STRING_OFFSET = 0x80;
  private static final int LONG_STRING = 0xb8;
  private static final int LIST_OFFSET = 0xc0;
  private static final int LONG_LIST = 0xf8;
  private static final int SHORT_LIMIT = 56;

  private final byte[] input;
  /** Whether to build the item tree; without it the decoder only checks the input is canonical. */
  private final boolean build;
  /** The top-level item, set when {@link #decodeItem} is called without a sink. */
  private RlpItem lastItem;

  RlpDecoder(byte[] input) {
    this(input, true);
  }

  RlpDecoder(byte[] input, boolean build) {
    this.input = input;
    this.build = build;
  }

  RlpItem decodeAll() {
    if (input.length == 0) {
      throw new RlpException(0, "input is empty; expected one RLP item");
    }
    int end = decodeItem(0, input.length, 0, null);
    if (end != input.length) {
      throw new RlpException(end, (input.length - end) + " trailing byte(s) after the top-level item");
    }
    return lastItem;
  }

  /** Decodes the item at {@code pos}, which must end at or before {@code limit}; returns its end. */
  private int decodeItem(int pos, int limit, int depth, List<RlpItem> sink) {
    int prefix = input[pos] & 0xff;
    RlpItem item;
    int end;
    if (prefix < STRING_OFFSET) {
      item = build ? new RlpString(new byte[] {(byte) prefix}) : null;
      end = pos + 1;
    } else if (prefix < LIST_OFFSET) {
      int headerEnd;
      int length;
      if (prefix < LONG_STRING) {
        length = prefix - STRING_OFFSET;
        headerEnd = pos + 1;
        if (length == 1) {
          requireAvailable(pos, headerEnd, 1, limit, "string");
          if ((input[headerEnd] & 0xff) < STRING_OFFSET) {
            throw new RlpException(pos, String.format(
                "single byte 0x%02x below 0x80 must be encoded as itself, not wrapped as 0x81%02x",
                input[headerEnd] & 0xff, input[headerEnd] & 0xff));
          }
        }
      } else {
        int lengthOfLength = prefix - (LONG_STRING - 1);
        length = readLongLength(pos, lengthOfLength, limit, "string");
        headerEnd = pos + 1 + lengthOfLength;
      }
      requireAvailable(pos, headerEnd, length, limit, "string");
      item = build ? new RlpString(Arrays.copyOfRange(input, headerEnd, headerEnd + length)) : null;
      end = headerEnd + length;
    } else {
      if (depth >= MAX_DEPTH) {
        throw new RlpException(pos, "lists nested deeper than " + MAX_DEPTH);
      }
      int headerEnd;
      int length;
      if (prefix < LONG_LIST) {
        length = prefix - LIST_OFFSET;
        headerEnd = pos + 1;
      } else {
        int lengthOfLength = prefix - (LONG_LIST - 1);
        length = readLongLength(pos, lengthOfLength, limit, "list");
        headerEnd = pos + 1 + lengthOfLength;
      }
      requireAvailable(pos, headerEnd, length, limit, "list");
      end = headerEnd + length;
      List<RlpItem> items = build ? new ArrayList<>() : null;
      int cursor = headerEnd;
      while (cursor < end) {
        cursor = decodeItem(cursor, end, depth + 1, items);
      }
      item = build ? new RlpList(items) : null;
    }
    if (!build) {
      return end;
    }
    if (sink != null) {
      sink.add(item);
    } else {
      lastItem = item;
    }
    return end;
  }

  private int readLongLength(int pos, int lengthOfLength, int limit, String kind) {
    if (pos + 1 + lengthOfLength > limit) {
      throw new RlpException(pos, String.format(
          "%s header announces a %d-byte length but only %d byte(s) remain",
          kind, lengthOfLength, Math.max(0, limit - pos - 1)));
    }
    if (input[pos + 1] == 0) {
      throw new RlpException(pos + 1, kind + " length has a leading zero byte");
    }
    if (lengthOfLength > 4) {
      throw new RlpException(pos + 1, kind + " length of " + lengthOfLength
          + " bytes overflows a 32-bit integer");
    }
    long length = 0;
    for (int i = 1; i <= lengthOfLength; i++) {
      length = (length << 8) | (input[pos + i] & 0xff);
    }
    if (length > Integer.MAX_VALUE) {
      throw new RlpException(pos + 1, kind + " length " + length + " overflows a 32-bit integer");
    }
    if (length < SHORT_LIMIT) {
      throw new RlpException(pos, kind + " length " + length
          + " uses the long form; lengths below 56 must use the short form");
    }
    return (int) length;
  }

  private static void requireAvailable(int pos, int payloadStart, long length, int limit, String kind) {
    if (payloadStart + length > limit) {
      throw new RlpException(pos, String.format(
          "%s declares %d payload byte(s) but only %d remain before offset %d",
          kind, length, Math.max(0, limit - payloadStart), limit));
    }
  }
}
