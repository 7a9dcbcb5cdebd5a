package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void optionWhosePrefixNamesNoEngineIsRejectedNamingIt() {
    StorageConfig config = StorageConfig.builder().engine("alpha").option("rockdb.cache_size", "1").build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rockdb.cache_size").hasMessageContaining("names no engine");
  }

  @Test
  void optionsOfAnotherEngineOnTheClasspathOrOfThisProjectAreAllowed() {
    StorageConfig config = StorageConfig.builder().engine("alpha").option("beta.x", "1").option("lmdb.max_readers", "9")
        .build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      assertThat(store.engine().name()).isEqualTo("alpha");
    }
  }

  @Test
  void performanceSettingsTheEngineCannotHonourAreRejectedNamingThem() {
    StorageConfig config = StorageConfig.builder().engine("alpha")
        .performance(PerformanceConfig.builder().maxBackgroundJobs(4).level0StopWritesTrigger(30).build()).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"alpha\" cannot honour").hasMessageContaining("max background jobs")
        .hasMessageContaining("level-0 stop writes trigger");
  }

  @Test
  void performanceSettingsTheEngineListsReachIt() {
    PerformanceConfig performance = PerformanceConfig.builder().maxBackgroundJobs(4).build();
    StorageConfig[] seen = new StorageConfig[1];
    FakeEngines.Alpha provider = new FakeEngines.Alpha() {
      @Override
      public java.util.Set<PerformanceConfig.Setting> performanceSettings() {
        return java.util.Set.of(PerformanceConfig.Setting.MAX_BACKGROUND_JOBS);
      }

      @Override
      public io.luxtensor.storage.spi.StorageEngine open(StorageConfig config) {
        seen[0] = config;
        return new FakeEngines.EmptyEngine();
      }
    };
    StorageEngines.open(provider, StorageConfig.builder().performance(performance).build()).close();
    assertThat(seen[0].performance()).isEqualTo(performance);
  }

  @Test
  void badOptionRejectedByTheEngineReachesTheCallerAsItIs() {
    FakeEngines.Alpha provider = new FakeEngines.Alpha() {
      @Override
      public io.luxtensor.storage.spi.StorageEngine open(StorageConfig config) {
        throw new IllegalArgumentException("alpha.x must be a number");
      }
    };
    assertThatThrownBy(() -> StorageEngines.open(provider, StorageConfig.builder().build()))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("alpha.x must be a number");
  }

  @Test
  void engineFailingToOpenSurfacesAsStorageExceptionNamingTheEngine() {
    FakeEngines.Alpha provider = new FakeEngines.Alpha() {
      @Override
      public io.luxtensor.storage.spi.StorageEngine open(StorageConfig config) {
        throw new IllegalStateException("native library missing");
      }
    };
    assertThatThrownBy(() -> StorageEngines.open(provider, StorageConfig.builder().build()))
        .isInstanceOf(StorageException.class).hasMessageContaining("\"alpha\"")
        .hasRootCauseMessage("native library missing");
  }

  @Test
  void readOnlyOpenOfAMissingDirectoryFailsNamingItAndCreatesNothing(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    StorageConfig config = StorageConfig.builder().engine("alpha").path(missing).readOnly(true).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(StorageException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("read-only");
    assertThat(missing).doesNotExist();
  }
}
