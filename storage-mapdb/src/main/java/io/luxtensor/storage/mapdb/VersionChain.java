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
 * <p>Pruning keeps, for each sequence a reader may read at, the version that reader sees, and every
 * version of a batch still in progress; the rest is unreachable (see {@link #prune}). A chain left
 * with nothing is removed from the tree.
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
   * newest version, then pruned for the readers at {@code keep} (see {@link #prune}). A version
   * {@code old} already holds at {@code seq} (an earlier write of the same batch) is replaced.
   */
  static byte[] write(byte[] old, long seq, byte[] value, long[] keep) {
    byte[] head = single(seq, value);
    if (old == null) {
      return head;
    }
    int start = seqAt(old, 0) == seq ? next(old, 0) : 0;
    byte[] tail = retain(old, start, seq, keep);
    if (tail.length == 0) {
      return head;
    }
    byte[] chain = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, chain, head.length, tail.length);
    return chain;
  }

  /**
   * {@code chain} with only the versions someone can read: those newer than every sequence in
   * {@code keep} (a batch in progress) and, for each sequence in {@code keep}, the newest version at or
   * below it. A tombstone with nothing older left under it goes too, since readers find "absent"
   * either way, but only once it is at or below the oldest reader: until then it tells an optimistic
   * transaction that began earlier that the key changed. So the newest version of a key stays while
   * any reader older than it is open. Returns the same instance when nothing goes, {@code null} when
   * nothing is left.
   *
   * @param keep the sequences readers may read at, ascending: every open reader's and the last
   *     committed one (where plain reads and new snapshots read)
   */
  static byte[] prune(byte[] chain, long[] keep) {
    byte[] kept = retain(chain, 0, Long.MAX_VALUE, keep);
    if (kept.length == 0) {
      return null;
    }
    return kept.length == chain.length ? chain : kept;
  }

  /**
   * The records of {@code chain} from {@code start} that {@link #prune} keeps; {@code newer} is the
   * sequence of the record before {@code start} (the one that hides them from readers at or above it).
   */
  private static byte[] retain(byte[] chain, int start, long newer, long[] keep) {
    byte[] out = new byte[chain.length - start];
    int length = 0;
    int end = 0;
    long newerSeq = newer;
    for (int at = start; at < chain.length; at = next(chain, at)) {
      long seq = seqAt(chain, at);
      if (seq > keep[keep.length - 1] || readBySome(seq, newerSeq, keep)) {
        int size = next(chain, at) - at;
        System.arraycopy(chain, at, out, length, size);
        length += size;
        if (!isTombstone(chain, at) || seq > keep[0]) {
          end = length;
        }
      }
      newerSeq = seq;
    }
    return end == out.length ? out : Arrays.copyOf(out, end);
  }

  /** Whether some reader in {@code keep} reads the version at {@code seq}: {@code seq <= x < newerSeq}. */
  private static boolean readBySome(long seq, long newerSeq, long[] keep) {
    int i = Arrays.binarySearch(keep, seq);
    int first = i >= 0 ? i : -i - 1;
    return first < keep.length && keep[first] < newerSeq;
  }

  private static int find(byte[] chain, long seq) {
    if (chain.length == 0) {
      throw malformed(chain, 0); // the engine never stores an empty chain: it removes the key
    }
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
