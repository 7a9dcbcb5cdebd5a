package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** Translating an engine batch into one native write batch, including deletes to the end of a family. */
class NativeBatchTest {

  @TempDir
  Path dir;

  private RocksDbEngine engine;
  private RocksDbColumnFamily family;

  @BeforeEach
  void open() {
    engine = RocksDbEngine.open(StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(1 << 20).build());
    family = (RocksDbColumnFamily) engine.columnFamilies().get(0);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static EngineBatch batch(Consumer<EngineBatch.Handler> operations) {
    return new EngineBatch() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void forEach(Handler handler) {
        operations.accept(handler);
      }
    };
  }

  @Test
  void failureWhileReadingTheOperationsPropagatesUnchanged() {
    IllegalStateException failure = new IllegalStateException("operations changed while read");
    EngineBatch broken = batch(handler -> {
      handler.put(family, new byte[] {1}, new byte[] {1});
      throw failure;
    });
    assertThatThrownBy(() -> NativeBatch.of(broken, cf -> null)).isSameAs(failure);
  }

  @Test
  void deleteToTheEndOfAnEmptyFamilyCoversKeysPutInTheSameBatch() throws RocksDBException {
    EngineBatch operations = batch(handler -> {
      handler.put(family, new byte[] {5}, new byte[] {1});
      handler.deleteRange(family, new byte[] {1}, null);
    });
    try (NativeBatch nativeBatch = NativeBatch.of(operations, cf -> null)) {
      assertThat(nativeBatch.batch().count()).isEqualTo(2);
      assertThat(nativeBatch.needsLastKeys()).isFalse();
    }
  }

  @Test
  void deleteToTheEndOfAnEmptyFamilyWithNothingPutIsLeftOut() throws RocksDBException {
    EngineBatch operations = batch(handler -> handler.deleteRange(family, new byte[] {1}, null));
    try (NativeBatch nativeBatch = NativeBatch.of(operations, cf -> null)) {
      assertThat(nativeBatch.batch().count()).isZero();
    }
  }

  @Test
  void deleteToTheEndUsesTheFamilysLastKeyWhenNothingWasPut() throws RocksDBException {
    EngineBatch operations = batch(handler -> handler.deleteRange(family, new byte[] {1}, null));
    try (NativeBatch nativeBatch = NativeBatch.of(operations, cf -> new byte[] {9})) {
      assertThat(nativeBatch.batch().count()).isEqualTo(1);
    }
  }

  @Test
  void deleteToTheEndWithoutLastKeysIsDeferredToTheCaller() {
    EngineBatch operations = batch(handler -> handler.deleteRange(family, new byte[] {1}, null));
    try (NativeBatch nativeBatch = NativeBatch.of(operations, null)) {
      assertThat(nativeBatch.needsLastKeys()).isTrue();
      assertThat(nativeBatch.families()).containsExactly(family);
    }
  }

  @Test
  void everyFamilyTouchedIsListedOnce() throws RocksDBException {
    EngineColumnFamily same = family;
    EngineBatch operations = batch(handler -> {
      handler.put(same, new byte[] {1}, new byte[] {1});
      handler.delete(same, new byte[] {2});
      handler.deleteRange(same, new byte[] {3}, new byte[] {4});
    });
    try (NativeBatch nativeBatch = NativeBatch.of(operations, null)) {
      assertThat(nativeBatch.families()).containsExactly(family);
      assertThat(nativeBatch.batch().count()).isEqualTo(3);
    }
  }
}
