package io.luxtensor.storage.backup;

/**
 * The records inside a chunk: an operation byte, then length-prefixed (unsigned LEB128) fields.
 * {@code PUT key value}, {@code DELETE key}, {@code DELETE_RANGE from (to length + 1, 0 for open) to}.
 */
final class Records {

  static final int PUT = 1;
  static final int DELETE = 2;
  static final int DELETE_RANGE = 3;

  private Records() {}

  /** Receives the records of a data file in order. */
  interface Sink {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** Deletes {@code [from, to)}, {@code to == null} for no upper bound. */
    void deleteRange(byte[] from, byte[] to);
  }

  /** Parses the records of one chunk into {@code sink}; returns how many there were. */
  static int parse(byte[] chunk, Sink sink, String where) {
    int[] pos = {0};
    int n = 0;
    while (pos[0] < chunk.length) {
      int op = chunk[pos[0]++];
      switch (op) {
        case PUT -> sink.put(field(chunk, pos, where), field(chunk, pos, where));
        case DELETE -> sink.delete(field(chunk, pos, where));
        case DELETE_RANGE -> {
          byte[] from = field(chunk, pos, where);
          long toLength = varint(chunk, pos, where);
          byte[] to = null;
          if (toLength > 0) {
            to = bytes(chunk, pos, toLength - 1, where);
          }
          sink.deleteRange(from, to);
        }
        default -> throw new BackupCorruptedException(where + " holds a record of unknown type " + op + " at byte "
            + (pos[0] - 1));
      }
      n++;
    }
    return n;
  }

  private static byte[] field(byte[] b, int[] pos, String where) {
    return bytes(b, pos, varint(b, pos, where), where);
  }

  private static byte[] bytes(byte[] b, int[] pos, long length, String where) {
    if (length > b.length - pos[0]) {
      throw new BackupCorruptedException(where + " has a record field of " + length + " bytes at byte " + pos[0]
          + " that runs past the chunk's end");
    }
    byte[] out = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) length);
    pos[0] += (int) length;
    return out;
  }

  private static long varint(byte[] b, int[] pos, String where) {
    long value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos[0] >= b.length) {
        throw new BackupCorruptedException(where + " ends inside a record length");
      }
      int x = b[pos[0]++];
      value |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
    }
    throw new BackupCorruptedException(where + " has a record length longer than 5 bytes at byte " + pos[0]);
  }
}
