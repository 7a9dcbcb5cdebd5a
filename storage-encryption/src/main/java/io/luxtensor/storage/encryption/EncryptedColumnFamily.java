package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineColumnFamily;

/**
 * The encryption layer's handle to a column family: the engine's handle, and the family's name as
 * associated data, computed once. Immutable.
 */
final class EncryptedColumnFamily implements EngineColumnFamily {

  private final EngineColumnFamily inner;
  private final byte[] tag;

  EncryptedColumnFamily(EngineColumnFamily inner) {
    this.inner = inner;
    this.tag = ValueCipher.familyTag(inner.name());
  }

  /** The layer's own handle, which the decorator hands back in every call. */
  static EncryptedColumnFamily of(EngineColumnFamily cf) {
    if (cf instanceof EncryptedColumnFamily encrypted) {
      return encrypted;
    }
    throw new IllegalArgumentException("column family " + cf.name() + " does not belong to this encrypted store");
  }

  EngineColumnFamily inner() {
    return inner;
  }

  /** The associated-data part naming this family; read-only. */
  byte[] tag() {
    return tag;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String toString() {
    return "EncryptedColumnFamily[" + name() + "]";
  }
}
