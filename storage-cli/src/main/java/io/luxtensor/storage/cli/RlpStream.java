package io.luxtensor.storage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream of concatenated RLP items (the format of {@code geth export}: one block after
 * another, nothing between) into the items' encodings. Reads only the length prefix; the block
 * decoder checks the rest. Not thread-safe; the caller closes the stream.
 */
final class RlpStream {

  /** The largest item accepted: far above any real block, low enough to refuse garbage lengths. */
  static final int MAX_ITEM = 64 << 20;

  private final InputStream in;
  private long offset;

  RlpStream(InputStream in) {
    this.in = in;
  }

  /** The next item's full encoding, or null at the end of the stream. */
  byte[] next() throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    long start = offset;
    offset++;
    byte[] header;
    long length;
    if (first < 0xc0) {
      throw new CliException(ExitCode.USAGE, "byte " + start + " of the block file is 0x" + Integer.toHexString(first)
          + ", not the start of an RLP list: the file is not concatenated RLP blocks (geth export format)");
    } else if (first <= 0xf7) {
      header = new byte[] {(byte) first};
      length = first - 0xc0;
    } else {
      int lengthBytes = first - 0xf7;
      byte[] len = readFully(lengthBytes, start);
      length = 0;
      for (byte b : len) {
        length = (length << 8) | (b & 0xff);
      }
      header = new byte[1 + lengthBytes];
      header[0] = (byte) first;
      System.arraycopy(len, 0, header, 1, lengthBytes);
    }
    if (length > MAX_ITEM) {
      throw new CliException(ExitCode.USAGE, "the RLP item at byte " + start + " of the block file claims "
          + length + " bytes, more than any block: the file is damaged or not RLP blocks");
    }
    byte[] payload = readFully((int) length, start);
    byte[] item = Arrays.copyOf(header, header.length + payload.length);
    System.arraycopy(payload, 0, item, header.length, payload.length);
    return item;
  }

  private byte[] readFully(int n, long itemStart) throws IOException {
    byte[] bytes = in.readNBytes(n);
    offset += bytes.length;
    if (bytes.length < n) {
      throw new CliException(ExitCode.USAGE, "the block file ends inside the RLP item starting at byte " + itemStart
          + ": it is truncated");
    }
    return bytes;
  }
}
