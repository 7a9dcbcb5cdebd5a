package io.luxtensor.storage.encryption;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * The stored form of a key ring: its data keys wrapped (AES-256-GCM) by the key-encryption key,
 * beside how that key is made. Layout:
 * {@code "LXKR" [version 1] [kind 1] (kind 2: [salt 16] [memory 4] [iterations 4] [lanes 4])
 * [current id 4] [count 4] ([id 4] [nonce 12] [wrapped key 32] [tag 16])*}.
 * Each wrapped key's associated data is everything before the current id plus its own id, so a key
 * cannot be moved to another id or paired with another derivation. Stateless.
 */
final class KeyRingCodec {

  private static final byte[] MAGIC = "LXKR".getBytes(StandardCharsets.US_ASCII);
  private static final byte VERSION = 1;
  private static final byte KIND_KEY_FILE = 1;
  private static final byte KIND_PASSPHRASE = 2;
  private static final int WRAPPED_BYTES = Gcm.NONCE_BYTES + DataKey.BYTES + Gcm.TAG_BYTES;

  private KeyRingCodec() {}

  /** A stored key ring, read but not unwrapped. */
  record Sealed(KekSpec spec, byte[] prefix, int current, Map<Integer, byte[]> wrapped) {}

  static byte[] encode(KeyRing ring, KekSpec spec, SecretKey kek) {
    byte[] prefix = prefix(spec);
    ByteBuffer out = ByteBuffer.allocate(prefix.length + 8 + ring.keys().size() * (4 + WRAPPED_BYTES));
    out.put(prefix).putInt(ring.current().id()).putInt(ring.keys().size());
    for (DataKey key : new TreeMap<>(ring.keys()).values()) {
      byte[] nonce = Gcm.random(Gcm.NONCE_BYTES);
      byte[] wrapped = new byte[DataKey.BYTES + Gcm.TAG_BYTES];
      Gcm.encrypt(kek, nonce, key.key().getEncoded(), wrapped, 0, prefix, idBytes(key.id()));
      out.putInt(key.id()).put(nonce).put(wrapped);
    }
    return out.array();
  }

  /**
   * Parses a stored key ring.
   *
   * @throws CorruptionException when the record is malformed
   */
  static Sealed parse(byte[] record) {
    try {
      ByteBuffer in = ByteBuffer.wrap(record);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC) || in.get() != VERSION) {
        throw damaged("it does not start with the key ring's magic and version");
      }
      byte kind = in.get();
      KekSpec spec;
      if (kind == KIND_KEY_FILE) {
        spec = new KekSpec(false, new byte[0], null);
      } else if (kind == KIND_PASSPHRASE) {
        byte[] salt = new byte[KekSpec.SALT_BYTES];
        in.get(salt);
        spec = new KekSpec(true, salt, new Argon2Settings(in.getInt(), in.getInt(), in.getInt()));
      } else {
        throw damaged("its key kind " + kind + " is unknown");
      }
      byte[] prefix = new byte[in.position()];
      System.arraycopy(record, 0, prefix, 0, prefix.length);
      int current = in.getInt();
      int count = in.getInt();
      if (count < 1 || count != in.remaining() / (4 + WRAPPED_BYTES) || in.remaining() % (4 + WRAPPED_BYTES) != 0) {
        throw damaged("it announces " + count + " keys in " + in.remaining() + " bytes");
      }
      Map<Integer, byte[]> wrapped = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        int id = in.getInt();
        byte[] sealed = new byte[WRAPPED_BYTES];
        in.get(sealed);
        wrapped.put(id, sealed);
      }
      if (!wrapped.containsKey(current) || wrapped.size() != count) {
        throw damaged("its current key " + current + " is not among its keys " + wrapped.keySet());
      }
      return new Sealed(spec, prefix, current, wrapped);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptionException("this store's encryption key ring is damaged (" + e.getMessage()
          + "); restore the store from a backup", e);
    }
  }

  /**
   * Unwraps a stored key ring with {@code kek}.
   *
   * @throws StorageException when {@code kek} is not the key that wrapped it
   */
  static KeyRing unwrap(Sealed sealed, SecretKey kek) {
    Map<Integer, DataKey> keys = new TreeMap<>();
    for (Map.Entry<Integer, byte[]> entry : sealed.wrapped().entrySet()) {
      byte[] blob = entry.getValue();
      byte[] material;
      try {
        material = Gcm.decrypt(kek, blob, 0, blob, Gcm.NONCE_BYTES, blob.length - Gcm.NONCE_BYTES, sealed.prefix(),
            idBytes(entry.getKey()));
      } catch (AEADBadTagException e) {
        throw new StorageException("wrong encryption key: the " + (sealed.spec().passphrase() ? "passphrase" : "key file")
            + " given does not unwrap this store's data keys (or the key ring was altered); nothing was read or"
            + " written; open the store with the key it was created or last re-wrapped with", e);
      }
      keys.put(entry.getKey(), DataKey.of(entry.getKey(), material));
    }
    return new KeyRing(keys.get(sealed.current()), keys);
  }

  private static byte[] prefix(KekSpec spec) {
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + (spec.passphrase() ? KekSpec.SALT_BYTES + 12 : 0));
    out.put(MAGIC).put(VERSION).put(spec.passphrase() ? KIND_PASSPHRASE : KIND_KEY_FILE);
    if (spec.passphrase()) {
      out.put(spec.salt()).putInt(spec.argon2().memoryKib()).putInt(spec.argon2().iterations())
          .putInt(spec.argon2().parallelism());
    }
    return out.array();
  }

  private static byte[] idBytes(int id) {
    return ByteBuffer.allocate(4).putInt(id).array();
  }

  private static CorruptionException damaged(String why) {
    return new CorruptionException("this store's encryption key ring is damaged: " + why
        + "; restore the store from a backup");
  }
}
