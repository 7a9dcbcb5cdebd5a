package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads through an engine's reader (the store, a snapshot or a transaction), decrypting values; keys
 * and ranges pass through unchanged, as they are stored in clear, and so do counts. As thread-safe as the reader it wraps.
 */
abstract class EncryptedReader implements EngineReader {

  final ValueCipher cipher;

  EncryptedReader(ValueCipher cipher) {
    this.cipher = cipher;
  }

  /** The engine's reader this one decrypts. */
  abstract EngineReader innerReader();

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    return open(family, key, innerReader().get(family.inner(), key));
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    List<byte[]> stored = innerReader().multiGet(family.inner(), keys);
    List<byte[]> values = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      values.add(open(family, keys.get(i), stored.get(i)));
    }
    return values;
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    List<EncryptedColumnFamily> encrypted = new ArrayList<>(families.size());
    List<EngineColumnFamily> inner = new ArrayList<>(families.size());
    for (EngineColumnFamily cf : families) {
      EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
      encrypted.add(family);
      inner.add(family.inner());
    }
    List<byte[]> stored = innerReader().multiGet(inner, keys);
    List<byte[]> values = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      values.add(open(encrypted.get(i), keys.get(i), stored.get(i)));
    }
    return values;
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    return new EncryptedCursor(innerReader().cursor(family.inner(), bounds), family, cipher);
  }

  /** The engine's count: keys are stored in clear, so counting them needs no value decrypted. */
  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    return innerReader().count(EncryptedColumnFamily.of(cf).inner(), bounds);
  }

  private byte[] open(EncryptedColumnFamily family, byte[] key, byte[] stored) {
    return stored == null ? null : cipher.decrypt(family.name(), family.tag(), key, stored);
  }
}
