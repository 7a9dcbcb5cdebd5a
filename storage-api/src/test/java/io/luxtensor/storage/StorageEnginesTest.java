package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageEnginesTest {

  @Test
  void availableListsProvidersHighestPriorityFirst() {
    assertThat(StorageEngines.available()).extracting(EngineInfo::name).containsExactly("beta", "alpha");
  }

  @Test
  void noEngineNamedPicksTheHighestPriority() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().build())) {
      assertThat(store.engine().name()).isEqualTo("beta");
    }
  }

  @Test
  void engineIsSelectedByNameCaseInsensitively() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("ALPHA").build())) {
      assertThat(store.engine().name()).isEqualTo("alpha");
      assertThat(store.engine().maxKeySize()).isEqualTo(16);
    }
  }

  @Test
  void unknownEngineNameListsTheEnginesFound() {
    assertThatThrownBy(() -> StorageEngines.open(StorageConfig.builder().engine("rockdb").build()))
        .isInstanceOf(EngineNotFoundException.class)
        .hasMessage("unknown engine \"rockdb\"; found [alpha, beta]; add its jar to the classpath or pick one of these")
        .satisfies(e -> assertThat(((EngineNotFoundException) e).available()).containsExactly("alpha", "beta"));
  }

  @Test
  void closingTheStoreClosesTheEngineOnce() {
    FakeEngines.EmptyEngine engine = new FakeEngines.EmptyEngine();
    FakeEngines.Alpha provider = new FakeEngines.Alpha() {
      @Override
      public io.luxtensor.storage.spi.StorageEngine open(StorageConfig config) {
        return engine;
      }
    };
    KeyValueStore store = StorageEngines.open(provider, StorageConfig.builder().build());
    store.close();
    assertThat(engine.closed).isTrue();
    assertThat(store.isClosed()).isTrue();
  }

  @Test
  void keyLongerThanTheEngineLimitIsRejectedBeforeTheEngine() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("alpha").build())) {
      assertThatThrownBy(() -> store.put(store.defaultColumnFamily(), new byte[17], new byte[0]))
          .isInstanceOf(InvalidKeyException.class)
          .hasMessageContaining("17 bytes").hasMessageContaining("max 16");
    }
  }

  @Test
  void optionalCapabilityTheEngineLacksIsRefusedByName() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("alpha").build())) {
      assertThatThrownBy(store::beginTransaction).isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("TRANSACTIONS");
      assertThatThrownBy(() -> store.put(store.defaultColumnFamily(), new byte[] {1}, new byte[0], WriteOptions.NO_WAL))
          .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("DISABLE_WAL");
    }
  }
}
