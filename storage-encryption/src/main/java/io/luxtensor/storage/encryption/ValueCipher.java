package io.luxtensor.storage.encryption;

import io.luxtensor.storage.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts and decrypts stored values. A stored value is
 * {@code [version 1][key id 4][nonce 12][ciphertext][tag 16]}; the associated data is the 5-byte
 * header, the column family's name (length-prefixed, so that family and key cannot trade bytes) and
 * the key, so a value copied to another key or family, or given another key id, fails to decrypt.
 *
 * <p>Nonces are a random 32-bit prefix and a 64-bit counter from a random start, both drawn per
 * instance: unique within an open store, and colliding across opens with odds of about
 * {@code 2 * values / 2^96}, better than fully random nonces. Thread-safe.
 */
final class ValueCipher {

  static final byte VERSION = 1;
  static final int HEADER_BYTES = 1 + 4;
  static final int OVERHEAD = HEADER_BYTES + Gcm.NONCE_BYTES + Gcm.TAG_BYTES;

  private final int noncePrefix;
  private final AtomicLong nonceCounter;
  /** Every key this open store has used, retired ones kept so that older snapshots stay readable. */
  private final Map<Integer, DataKey> known = new ConcurrentHashMap<>();
  private volatile DataKey current;

  ValueCipher(KeyRing ring) {
    byte[] seed = Gcm.random(12);
    this.noncePrefix = (seed[0] & 0xFF) << 24 | (seed[1] & 0xFF) << 16 | (seed[2] & 0xFF) << 8 | (seed[3] & 0xFF);
    long start = 0;
    for (int i = 4; i < 12; i++) {
      start = start << 8 | (seed[i] & 0xFF);
    }
    this.nonceCounter = new AtomicLong(start);
    use(ring);
  }

  /** Makes {@code ring}'s current key encrypt new values; keys it drops stay readable here. */
  void use(KeyRing ring) {
    known.putAll(ring.keys());
    current = ring.current();
  }

  DataKey current() {
    return current;
  }

  /** The associated-data part that names a column family. */
  static byte[] familyTag(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] tag = new byte[4 + utf8.length];
    tag[0] = (byte) (utf8.length >>> 24);
    tag[1] = (byte) (utf8.length >>> 16);
    tag[2] = (byte) (utf8.length >>> 8);
    tag[3] = (byte) utf8.length;
    System.arraycopy(utf8, 0, tag, 4, utf8.length);
    return tag;
  }

  byte[] encrypt(byte[] familyTag, byte[] key, byte[] plain) {
    return encrypt(current, familyTag, key, plain);
  }

  byte[] encrypt(DataKey dataKey, byte[] familyTag, byte[] key, byte[] plain) {
    byte[] out = new byte[OVERHEAD + plain.length];
    out[0] = VERSION;
    writeInt(out, 1, dataKey.id());
    writeInt(out, HEADER_BYTES, noncePrefix);
    long counter = nonceCounter.getAndIncrement();
    for (int i = 0; i < 8; i++) {
      out[HEADER_BYTES + 4 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    Gcm.seal(dataKey.key(), out, HEADER_BYTES, plain, familyTag, key);
    return out;
  }

  /**
   * The plaintext of a stored value.
   *
   * @throws CorruptionException when the value is malformed, names an unknown key or fails authentication
   */
  byte[] decrypt(String family, byte[] familyTag, byte[] key, byte[] stored) {
    int id = keyId(family, stored);
    DataKey latest = current;
    // Nearly every value carries the current key: skip the boxed map lookup for it.
    DataKey dataKey = latest.id() == id ? latest : known.get(id);
    if (dataKey == null) {
      throw new CorruptionException("a value in column family \"" + family + "\" names data key " + id
          + ", which this store's key ring " + known.keySet() + " does not hold: the value is damaged or was"
          + " copied from another store; restore it from a backup");
    }
    try {
      return Gcm.open(dataKey.key(), stored, HEADER_BYTES, familyTag, key);
    } catch (AEADBadTagException e) {
      throw new CorruptionException("a value in column family \"" + family + "\" failed authentication: its"
          + " bytes were changed, or it was moved from another key or column family; restore it from a backup", e);
    }
  }

  /**
   * The id of the data key a stored value was encrypted under.
   *
   * @throws CorruptionException when the value is too short or of an unknown format
   */
  static int keyId(String family, byte[] stored) {
    if (stored.length < OVERHEAD) {
      throw new CorruptionException("a value in column family \"" + family + "\" has " + stored.length
          + " bytes, fewer than the " + OVERHEAD + " of an encrypted empty value: it is damaged or was written"
          + " without the encryption layer; restore it from a backup");
    }
    if (stored[0] != VERSION) {
      throw new CorruptionException("a value in column family \"" + family + "\" has format version "
          + (stored[0] & 0xFF) + ", not " + VERSION + ": it is damaged or was written without the encryption layer");
    }
    return (stored[1] & 0xFF) << 24 | (stored[2] & 0xFF) << 16 | (stored[3] & 0xFF) << 8 | (stored[4] & 0xFF);
  }

  private static void writeInt(byte[] out, int offset, int value) {
    out[offset] = (byte) (value >>> 24);
    out[offset + 1] = (byte) (value >>> 16);
    out[offset + 2] = (byte) (value >>> 8);
    out[offset + 3] = (byte) value;
  }
}
