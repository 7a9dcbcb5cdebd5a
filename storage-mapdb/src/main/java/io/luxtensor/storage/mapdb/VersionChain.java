package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Keys;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The stored form of one key's value: its versions, newest first, each tagged with the sequence
 * number of the batch that wrote it, then a checksum. A record is
 * {@code seq:8 | kind:1 | length:4 | bytes}; a tombstone has kind 1 and no bytes. The trailing 4
 * bytes are the CRC-32C of the key and the records, so a value that rotted on disk, or a chain that
 * ended up under another key, is reported as {@link CorruptionException} rather than returned (MapDB
 * keeps no checksums of its own records). Readers pick the newest version whose sequence is at most
 * their own, so a chain answers for every open snapshot at once.
 *
 * <p>Pruning keeps, for each sequence a reader may read at, the version that reader sees, and every
 * version of a batch still in progress; the rest is unreachable (see {@link #prune}). A chain left
 * with nothing is removed from the tree.
 *
 * <p>Stateless; chains are never modified in place, every change returns a new array. Functions
 * taking a key verify the checksum of a chain read from the store before using it.
 */
final class VersionChain {

  private static final int HEADER = 8 + 1 + 4;
  private static final int TRAILER = 4;
  private static final byte PUT = 0;
  private static final byte TOMBSTONE = 1;
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private VersionChain() {}

  /** A chain of one version of {@code key}: {@code value} at {@code seq}, or a tombstone when {@code value} is null. */
  static byte[] single(byte[] key, long seq, byte[] value) {
    byte[] chain = new byte[recordSize(value) + TRAILER];
    putRecord(chain, 0, seq, value);
    return seal(key, chain);
  }

  /** The value of {@code key} visible at {@code seq}, or {@code null} when absent at that sequence. */
  static byte[] visible(byte[] key, byte[] chain, long seq) {
    int at = visibleOffset(key, chain, seq);
    return at < 0 ? null : valueAt(chain, at);
  }

  /**
   * The offset of the newest version at or below {@code seq} when it is a value (not a tombstone),
   * or -1 when {@code key} is absent at {@code seq}.
   */
  static int visibleOffset(byte[] key, byte[] chain, long seq) {
    int end = verify(key, chain);
    for (int at = 0; at < end; at = next(chain, at, end)) {
      if (seqAt(chain, at, end) <= seq) {
        return isTombstone(chain, at) ? -1 : at;
      }
    }
    return -1;
  }

  /** The bytes of the value record at {@code offset} of a verified chain, copied. */
  static byte[] valueAt(byte[] chain, int offset) {
    int length = length(chain, offset, limit(chain));
    return Arrays.copyOfRange(chain, offset + HEADER, offset + HEADER + length);
  }

  /** Whether the newest version of {@code key}, whatever its sequence, is a tombstone. */
  static boolean newestIsTombstone(byte[] key, byte[] chain) {
    verify(key, chain);
    return isTombstone(chain, 0);
  }

  /** The sequence of the newest version of {@code key}. */
  static long newestSeq(byte[] key, byte[] chain) {
    return seqAt(chain, 0, verify(key, chain));
  }

  /** Whether a chain this class built holds more than one version, or a tombstone: something pruning may remove. */
  static boolean hasGarbage(byte[] chain) {
    int end = limit(chain);
    return isTombstone(chain, 0) || next(chain, 0, end) < end;
  }

  /** The number of versions in a chain this class built, for stats and tests. */
  static int versionCount(byte[] chain) {
    int end = limit(chain);
    int count = 0;
    for (int at = 0; at < end; at = next(chain, at, end)) {
      count++;
    }
    return count;
  }

  /**
   * {@code old} (the stored chain of {@code key}, or null) with {@code value} (null for a tombstone)
   * written at {@code seq} as the newest version, then pruned for the readers at {@code keep} (see
   * {@link #prune}). A version {@code old} already holds at {@code seq} (an earlier write of the same
   * batch) is replaced.
   */
  static byte[] write(byte[] key, byte[] old, long seq, byte[] value, long[] keep) {
    if (old == null) {
      return single(key, seq, value);
    }
    int end = verify(key, old);
    int start = seqAt(old, 0, end) == seq ? next(old, 0, end) : 0;
    int[] kept = retain(old, start, end, seq, keep);
    int headSize = recordSize(value);
    byte[] chain = new byte[headSize + kept[0] + TRAILER];
    putRecord(chain, 0, seq, value);
    copyRecords(old, start, end, kept, chain, headSize);
    return seal(key, chain);
  }

  /**
   * The stored chain of {@code key} with only the versions someone can read: those newer than every
   * sequence in {@code keep} (a batch in progress) and, for each sequence in {@code keep}, the newest
   * version at or below it. A tombstone with nothing older left under it goes too, since readers find
   * "absent" either way, but only once it is at or below the oldest reader: until then it tells an
   * optimistic transaction that began earlier that the key changed. So the newest version of a key
   * stays while any reader older than it is open. Returns the same instance when nothing goes,
   * {@code null} when nothing is left.
   *
   * @param keep the sequences readers may read at, ascending: every open reader's and the last
   *     committed one (where plain reads and new snapshots read)
   */
  static byte[] prune(byte[] key, byte[] chain, long[] keep) {
    int end = verify(key, chain);
    int[] kept = retain(chain, 0, end, Long.MAX_VALUE, keep);
    if (kept[0] == 0) {
      return null;
    }
    if (kept[0] == end) {
      return chain;
    }
    byte[] pruned = new byte[kept[0] + TRAILER];
    copyRecords(chain, 0, end, kept, pruned, 0);
    return seal(key, pruned);
  }

  /**
   * Which records of {@code chain} from {@code start} {@link #prune} keeps: element 0 is their total
   * size, then one flag per record (1 = keep). {@code newer} is the sequence of the record before
   * {@code start}, the one that hides them from readers at or above it.
   */
  private static int[] retain(byte[] chain, int start, int end, long newer, long[] keep) {
    int[] kept = new int[1 + versionsFrom(chain, start, end)];
    int size = 0;
    int sizeWithoutTrailingTombstones = 0;
    int lastKeptUseful = 0;
    long newerSeq = newer;
    int index = 1;
    for (int at = start; at < end; at = next(chain, at, end), index++) {
      long seq = seqAt(chain, at, end);
      if (seq > keep[keep.length - 1] || readBySome(seq, newerSeq, keep)) {
        kept[index] = 1;
        size += next(chain, at, end) - at;
        if (!isTombstone(chain, at) || seq > keep[0]) {
          sizeWithoutTrailingTombstones = size;
          lastKeptUseful = index;
        }
      }
      newerSeq = seq;
    }
    for (int i = lastKeptUseful + 1; i < kept.length; i++) {
      kept[i] = 0; // trailing tombstones no reader can tell from absence
    }
    kept[0] = sizeWithoutTrailingTombstones;
    return kept;
  }

  private static void copyRecords(byte[] from, int start, int end, int[] kept, byte[] to, int toOffset) {
    int index = 1;
    int position = toOffset;
    for (int at = start; at < end; at = next(from, at, end), index++) {
      if (kept[index] == 1) {
        int size = next(from, at, end) - at;
        System.arraycopy(from, at, to, position, size);
        position += size;
      }
    }
  }

  private static int versionsFrom(byte[] chain, int start, int end) {
    int count = 0;
    for (int at = start; at < end; at = next(chain, at, end)) {
      count++;
    }
    return count;
  }

  /** Whether some reader in {@code keep} reads the version at {@code seq}: {@code seq <= x < newerSeq}. */
  private static boolean readBySome(long seq, long newerSeq, long[] keep) {
    int i = Arrays.binarySearch(keep, seq);
    int first = i >= 0 ? i : -i - 1;
    return first < keep.length && keep[first] < newerSeq;
  }

  /** Checks the trailer against {@code key} and the records; returns where the records end. */
  private static int verify(byte[] key, byte[] chain) {
    int end = limit(chain);
    if ((int) INT.get(chain, end) != checksum(key, chain, end)) {
      throw new CorruptionException("stored value of key " + Keys.toHex(key) + " fails its checksum: the store"
          + " file is damaged; restore the store from a backup");
    }
    return end;
  }

  private static byte[] seal(byte[] key, byte[] chain) {
    int end = chain.length - TRAILER;
    INT.set(chain, end, checksum(key, chain, end));
    return chain;
  }

  private static int checksum(byte[] key, byte[] chain, int end) {
    CRC32C crc = new CRC32C();
    crc.update(key, 0, key.length);
    crc.update(chain, 0, end);
    return (int) crc.getValue();
  }

  /** Where the records end (the trailer begins); a chain holds at least one record. */
  private static int limit(byte[] chain) {
    if (chain.length < HEADER + TRAILER) {
      throw malformed(chain, 0); // the engine never stores an empty chain: it removes the key
    }
    return chain.length - TRAILER;
  }

  private static int recordSize(byte[] value) {
    return HEADER + (value == null ? 0 : value.length);
  }

  private static void putRecord(byte[] chain, int offset, long seq, byte[] value) {
    LONG.set(chain, offset, seq);
    chain[offset + 8] = value == null ? TOMBSTONE : PUT;
    INT.set(chain, offset + 9, value == null ? 0 : value.length);
    if (value != null) {
      System.arraycopy(value, 0, chain, offset + HEADER, value.length);
    }
  }

  private static int next(byte[] chain, int offset, int end) {
    return offset + HEADER + length(chain, offset, end);
  }

  private static long seqAt(byte[] chain, int offset, int end) {
    if (offset + HEADER > end) {
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

  private static int length(byte[] chain, int offset, int end) {
    if (offset + HEADER > end) {
      throw malformed(chain, offset);
    }
    int length = (int) INT.get(chain, offset + 9);
    if (length < 0 || length > end - offset - HEADER) {
      throw malformed(chain, offset);
    }
    return length;
  }

  private static CorruptionException malformed(byte[] chain, int offset) {
    return new CorruptionException("stored value is malformed: version record at offset " + offset
        + " overruns its " + chain.length + "-byte chain; restore the store from a backup");
  }
}
