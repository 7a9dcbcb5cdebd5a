package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineTransaction;

/**
 * A transaction whose values are encrypted as written (under the data key current when it began) and
 * decrypted as read. Its commit waits for a running rotation step, like any write. Until it is
 * closed, a rotation does not drop the key it writes under. Used by one thread at a time; closes the
 * engine's transaction.
 */
final class EncryptedTransaction extends EncryptedReader implements EngineTransaction {

  private final EngineTransaction inner;
  private final EncryptedEngine engine;
  private final DataKey key;
  private boolean closed;

  EncryptedTransaction(EngineTransaction inner, EncryptedEngine engine, ValueCipher cipher, DataKey key) {
    super(cipher);
    this.inner = inner;
    this.engine = engine;
    this.key = key;
  }

  @Override
  EngineReader innerReader() {
    return inner;
  }

  DataKey key() {
    return key;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] k, byte[] value) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    inner.put(family.inner(), k, cipher.encrypt(key, family.tag(), k, value));
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] k) {
    inner.delete(EncryptedColumnFamily.of(cf).inner(), k);
  }

  @Override
  public void commit() {
    engine.underWriteGate(inner::commit);
  }

  @Override
  public void rollback() {
    inner.rollback();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      inner.close();
    } finally {
      engine.transactionClosed(this);
    }
  }
}
