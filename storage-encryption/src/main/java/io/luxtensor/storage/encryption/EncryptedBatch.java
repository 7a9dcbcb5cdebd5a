package io.luxtensor.storage.encryption;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch with its values encrypted once, up front, and the engine's column family handles, for the
 * engine to replay as often as it needs. Immutable after construction.
 */
final class EncryptedBatch implements EngineBatch {

  private enum Kind { PUT, DELETE, DELETE_RANGE }

  private record Operation(Kind kind, EngineColumnFamily cf, byte[] key, byte[] valueOrTo) {}

  private final List<Operation> operations;

  private EncryptedBatch(List<Operation> operations) {
    this.operations = operations;
  }

  /** Encrypts {@code batch}'s values under {@code key} with {@code cipher}. */
  static EncryptedBatch of(EngineBatch batch, ValueCipher cipher, DataKey key) {
    List<Operation> operations = new ArrayList<>(batch.size());
    batch.forEach(new Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] k, byte[] value) {
        EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
        operations.add(new Operation(Kind.PUT, family.inner(), k, cipher.encrypt(key, family.tag(), k, value)));
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] k) {
        operations.add(new Operation(Kind.DELETE, EncryptedColumnFamily.of(cf).inner(), k, null));
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        operations.add(new Operation(Kind.DELETE_RANGE, EncryptedColumnFamily.of(cf).inner(), from, to));
      }
    });
    return new EncryptedBatch(operations);
  }

  /** A batch of the engine's own puts, values already encrypted: what a rotation step writes. */
  static EncryptedBatch ofStoredPuts(EngineColumnFamily innerCf, List<byte[]> keys, List<byte[]> stored) {
    List<Operation> operations = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      operations.add(new Operation(Kind.PUT, innerCf, keys.get(i), stored.get(i)));
    }
    return new EncryptedBatch(operations);
  }

  @Override
  public int size() {
    return operations.size();
  }

  @Override
  public void forEach(Handler handler) {
    for (Operation operation : operations) {
      switch (operation.kind()) {
        case PUT -> handler.put(operation.cf(), operation.key(), operation.valueOrTo());
        case DELETE -> handler.delete(operation.cf(), operation.key());
        case DELETE_RANGE -> handler.deleteRange(operation.cf(), operation.key(), operation.valueOrTo());
      }
    }
  }
}
