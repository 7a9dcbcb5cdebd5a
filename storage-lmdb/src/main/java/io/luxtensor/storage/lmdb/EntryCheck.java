package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Keys;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Checks the entries of one column family as they are read, and names the family, the key and the
 * store when one is damaged. Two kinds of damage are caught: an entry whose {@link StoredValue}
 * checksum over its key and value fails, and a lookup that landed where the keys around it say it
 * cannot be (LMDB finds a key through the separator keys of its branch pages, which carry no checksum;
 * a damaged separator sends a lookup to the wrong leaf, which would read as "absent" or skip entries).
 *
 * <p>Immutable and thread-safe.
 *
 * @param family the column family's name
 * @param where the store's location, for messages
 */
record EntryCheck(String family, String where) {

  private static final String RESTORE = "restore the store from a checkpoint or backup "
      + "(LmdbVerifier.verifyInChildJvm lists the damage without risking this process)";

  /**
   * The value stored in {@code stored} under {@code key[0, keyLength)}, copied after its checksum is
   * checked.
   *
   * @throws CorruptionException when the stored bytes are too short, of an unknown format or fail
   *     their checksum
   */
  byte[] open(byte[] key, int keyLength, ByteBuffer stored) {
    String defect = StoredValue.defect(key, keyLength, stored);
    if (defect != null) {
      throw damaged(Arrays.copyOf(key, keyLength), defect);
    }
    return StoredValue.value(stored);
  }

  /** Checks the entry {@code key}, {@code stored} without copying it; throws as {@link #open}. */
  void check(byte[] key, int keyLength, ByteBuffer stored) {
    String defect = StoredValue.defect(key, keyLength, stored);
    if (defect != null) {
      throw damaged(Arrays.copyOf(key, keyLength), defect);
    }
  }

  /** Checks the entry {@code key}, {@code stored} without copying it; throws as {@link #open}. */
  void check(ByteBuffer key, ByteBuffer stored) {
    String defect = StoredValue.defect(key, stored);
    if (defect != null) {
      throw damaged(Buffers.copy(key), defect);
    }
  }

  /** A lookup of {@code target} found keys around it in an order a sound B-tree cannot have. */
  CorruptionException misplaced(byte[] target, String what) {
    return new CorruptionException("a lookup of key " + Keys.toHex(target) + " in column family \"" + family
        + "\" of LMDB store " + where + " " + what + ": the store's B-tree is damaged; " + RESTORE);
  }

  /** A step of a cursor from key {@code from} by {@code operation} reached {@code to}, out of order. */
  CorruptionException outOfOrder(byte[] from, String operation, byte[] to) {
    return new CorruptionException("a cursor in column family \"" + family + "\" of LMDB store " + where + " went from key "
        + Keys.toHex(from) + " by " + operation + " to key " + Keys.toHex(to) + ", out of order: the store's B-tree is"
        + " damaged; " + RESTORE);
  }

  private CorruptionException damaged(byte[] key, String what) {
    return new CorruptionException("the stored value of key " + Keys.toHex(key) + " in column family \"" + family
        + "\" of LMDB store " + where + " " + what + ": the data file is damaged; " + RESTORE);
  }
}
