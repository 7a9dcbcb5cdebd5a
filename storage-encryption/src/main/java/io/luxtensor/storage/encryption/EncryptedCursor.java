package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineCursor;

/**
 * A cursor that decrypts values as they are read, with keys as stored. The current key is fetched
 * once per position (it is also the associated data of the value) and handed out as a copy. Used by
 * one thread at a time; closes the engine's cursor.
 */
final class EncryptedCursor implements EngineCursor {

  private final EngineCursor inner;
  private final EncryptedColumnFamily cf;
  private final ValueCipher cipher;
  private byte[] key;

  EncryptedCursor(EngineCursor inner, EncryptedColumnFamily cf, ValueCipher cipher) {
    this.inner = inner;
    this.cf = cf;
    this.cipher = cipher;
  }

  @Override
  public void seek(byte[] target) {
    key = null;
    inner.seek(target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    key = null;
    inner.seekForPrev(target);
  }

  @Override
  public void seekToFirst() {
    key = null;
    inner.seekToFirst();
  }

  @Override
  public void seekToLast() {
    key = null;
    inner.seekToLast();
  }

  @Override
  public void next() {
    key = null;
    inner.next();
  }

  @Override
  public void prev() {
    key = null;
    inner.prev();
  }

  @Override
  public boolean isValid() {
    return inner.isValid();
  }

  @Override
  public byte[] key() {
    return currentKey().clone();
  }

  @Override
  public byte[] value() {
    return cipher.decrypt(cf.name(), cf.tag(), currentKey(), inner.value());
  }

  private byte[] currentKey() {
    byte[] current = key;
    if (current == null) {
      current = inner.key();
      key = current;
    }
    return current;
  }

  @Override
  public void close() {
    inner.close();
  }
}
