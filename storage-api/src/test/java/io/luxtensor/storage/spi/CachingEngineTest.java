package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachingEngineTest {

  private static final EngineColumnFamily CF = MapEngine.DEFAULT;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean storeDeclaresSerializable(boolean engineBeneathDoes) {
    StorageEngineProvider provider = MapEngine.provider(() -> CachingEngine.wrap(new MapEngine(engineBeneathDoes), 1 << 20));
    try (KeyValueStore store = StorageEngines.open(provider, StorageConfig.builder().build())) {
      return store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS);
    }
  }

  @Test
  void aStoreBehindTheCacheDeclaresSerializableTransactionsWhenTheEngineBeneathDoes() {
    assertThat(storeDeclaresSerializable(true)).isTrue();
  }

  @Test
  void aStoreBehindTheCacheDoesNotDeclareSerializableTransactionsWhenTheEngineBeneathDoesNot() {
    assertThat(storeDeclaresSerializable(false)).isFalse();
  }

  @Test
  void aSerializableCommitReplacesTheCachedValue() {
    StorageEngine engine = CachingEngine.wrap(new MapEngine(true), 1 << 20);
    engine.put(CF, b("k"), b("old"), WriteOptions.ASYNC);
    assertThat(engine.get(CF, b("k"))).isEqualTo(b("old"));
    try (EngineTransaction transaction = engine.beginTransaction(Isolation.SERIALIZABLE)) {
      transaction.put(CF, b("k"), b("new"));
      transaction.commit();
    }
    assertThat(engine.get(CF, b("k"))).isEqualTo(b("new"));
  }

  @Test
  void aSerializableCommitsDeleteDropsTheCachedValue() {
    StorageEngine engine = CachingEngine.wrap(new MapEngine(true), 1 << 20);
    engine.put(CF, b("k"), b("old"), WriteOptions.ASYNC);
    assertThat(engine.get(CF, b("k"))).isEqualTo(b("old"));
    try (EngineTransaction transaction = engine.beginTransaction(Isolation.SERIALIZABLE)) {
      transaction.delete(CF, b("k"));
      transaction.commit();
    }
    assertThat(engine.get(CF, b("k"))).isNull();
  }
}
