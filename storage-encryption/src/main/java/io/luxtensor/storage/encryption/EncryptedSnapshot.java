package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;

/** A snapshot whose values are decrypted as read; closes the engine's snapshot. Thread-safe as the engine's. */
final class EncryptedSnapshot extends EncryptedReader implements EngineSnapshot {

  private final EngineSnapshot inner;

  EncryptedSnapshot(EngineSnapshot inner, ValueCipher cipher) {
    super(cipher);
    this.inner = inner;
  }

  @Override
  EngineReader innerReader() {
    return inner;
  }

  @Override
  public void close() {
    inner.close();
  }
}
