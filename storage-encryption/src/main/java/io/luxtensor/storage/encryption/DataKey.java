package io.luxtensor.storage.encryption;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 data key and the id every value encrypted under it carries. Immutable; the key
 * material never leaves this process unwrapped.
 *
 * @param id the key's id, unique within a store, written in clear in each value's header
 * @param key the AES-256 key
 */
record DataKey(int id, SecretKey key) {

  static final int BYTES = 32;

  static DataKey of(int id, byte[] material) {
    if (material.length != BYTES) {
      throw new IllegalArgumentException("a data key has " + BYTES + " bytes, not " + material.length);
    }
    return new DataKey(id, new SecretKeySpec(material, "AES"));
  }

  @Override
  public String toString() {
    return "DataKey[" + id + "]"; // never the material
  }
}
