package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.CorruptionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The stored form of one key's value: its versions, newest first, each tagged with the sequence
 * number of the batch that wrote it. A record is {@code seq:8 | kind:1 | length:4 | bytes}; a
 * tombstone has kind 1 and no bytes. Readers pick the newest version whose sequence is at most their
 * own, so a chain answers for every open snapshot at once.
 *
 * <p>Pruning keeps every version above the <em>horizon</em> (the oldest sequence any reader may
 * still use) and the newest version at or below it, which is what that oldest reader sees; older
 * versions are unreachable. A chain pruned down to one tombstone at or below the horizon is removed.
 *
 * <p>Stateless; chains are never modified in place, every change returns a new array.
 */
final class VersionChain {

  private static final int HEADER = 8 + 1 + 4;
  private static final byte PUT = 0;
  private static final byte TOMBSTONE = 1;
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private VersionChain() {}

  /** A chain of one version: {@code value} at {@code seq}, or a tombstone when {@code value} is null. */
  static byte[] single(long seq, byte[] value) {
    int length = value == null ? 0 : value.length;
    byte[] chain = new byte[HEADER + length];
    writeHeader(chain, 0, seq, value == null ? TOMBSTONE : PUT, length);
    if (value != null) {
      System.arraycopy(value, 0, chain, HEADER, length);
    }
    return chain;
  }

  /** The value visible at {@code seq}, or {@code null} when the key is absent at that sequence. */
  static byte[] visible(byte[] chain, long seq) {
    int at = find(chain, seq);
    return at < 0 || isTombstone(chain, at) ? null : valueAt(chain, at);
  }

  /**
   * The offset of the newest version with a sequence at most {@code seq} that is a value (not a
   * tombstone), or -1 when the key is absent at {@code seq}.
   */
  static int visibleOffset(byte[] chain, long seq) {
    int at = find(chain, seq);
    return at < 0 || isTombstone(chain, at) ? -1 : at;
  }

  /** The bytes of the value record at {@code offset}, copied. */
  static byte[] valueAt(byte[] chain, int offset) {
    int length = length(chain, offset);
    return Arrays.copyOfRange(chain, offset + HEADER, offset + HEADER + length);
  }

  /** Whether the newest version, whatever its sequence, is a tombstone. */
  static boolean newestIsTombstone(byte[] chain) {
    return isTombstone(chain, 0);
  }

  /** The sequence of the newest version. */
  static long newestSeq(byte[] chain) {
    return seqAt(chain, 0);
  }

  /** Whether the chain holds more than one version, or a tombstone: something pruning may remove. */
  static boolean hasGarbage(byte[] chain) {
    return isTombstone(chain, 0) || HEADER + length(chain, 0) < chain.length;
  }

  /** The number of versions, for stats and tests. */
  static int versionCount(byte[] chain) {
    int count = 0;
    for (int at = 0; at < chain.length; at = next(chain, at)) {
      count++;
    }
    return count;
  }

  /**
   * {@code old} (may be null) with {@code value} (null for a tombstone) written at {@code seq} as the
   * newest version, pruned at {@code horizon}. A version {@code old} already holds at {@code seq}
   * (an earlier write of the same batch) is replaced.
   */
  static byte[] write(byte[] old, long seq, byte[] value, long horizon) {
    byte[] head = single(seq, value);
    if (old == null) {
      return head;
    }
    int start = seqAt(old, 0) == seq ? next(old, 0) : 0;
    int keepEnd = keepEnd(old, start, horizon);
    if (start == keepEnd) {
      return head;
    }
    byte[] chain = Arrays.copyOf(head, head.length + keepEnd - start);
    System.arraycopy(old, start, chain, head.length, keepEnd - start);
    return chain;
  }

  /**
   * {@code chain} pruned at {@code horizon}: the same instance when nothing can go, {@code null} when
   * the whole key can go (its only remaining version is a tombstone no reader needs).
   */
  static byte[] prune(byte[] chain, long horizon) {
    int keepEnd = keepEnd(chain, 0, horizon);
    if (keepEnd == 0) {
      return null;
    }
    return keepEnd == chain.length ? chain : Arrays.copyOf(chain, keepEnd);
  }

  /**
   * The end of the records from {@code start} worth keeping: all above the horizon and the first at
   * or below it, unless that one is a tombstone (readers at or above the horizon find "absent"
   * whether it is there or not).
   */
  private static int keepEnd(byte[] chain, int start, long horizon) {
    int at = start;
    while (at < chain.length) {
      int next = next(chain, at);
      if (seqAt(chain, at) <= horizon) {
        return isTombstone(chain, at) ? at : next;
      }
      at = next;
    }
    return chain.length;
  }

  private static int find(byte[] chain, long seq) {
    for (int at = 0; at < chain.length; at = next(chain, at)) {
      if (seqAt(chain, at) <= seq) {
        return at;
      }
    }
    return -1;
  }

  private static int next(byte[] chain, int offset) {
    return offset + HEADER + length(chain, offset);
  }

  private static long seqAt(byte[] chain, int offset) {
    if (offset + HEADER > chain.length) {
      throw malformed(chain, offset);
    }
    return (long) LONG.get(chain, offset);
  }

  private static boolean isTombstone(byte[] chain, int offset) {
    byte kind = chain[offset + 8];
    if (kind != PUT && kind != TOMBSTONE) {
      throw malformed(chain, offset);
    }
    return kind == TOMBSTONE;
  }

  private static int length(byte[] chain, int offset) {
    if (offset + HEADER > chain.length) {
      throw malformed(chain, offset);
    }
    int length = (int) INT.get(chain, offset + 9);
    if (length < 0 || length > chain.length - offset - HEADER) {
      throw malformed(chain, offset);
    }
    return length;
  }

  private static CorruptionException malformed(byte[] chain, int offset) {
    return new CorruptionException("stored value is malformed: version record at offset " + offset
        + " overruns its " + chain.length + "-byte chain; restore the store from a backup");
  }

  private static void writeHeader(byte[] chain, int offset, long seq, byte kind, int length) {
    LONG.set(chain, offset, seq);
    chain[offset + 8] = kind;
    INT.set(chain, offset + 9, length);
  }
}
