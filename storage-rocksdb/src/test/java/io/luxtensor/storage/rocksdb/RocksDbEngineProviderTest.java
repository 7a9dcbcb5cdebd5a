package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.StorageEngines;
import org.junit.jupiter.api.Test;

class RocksDbEngineProviderTest {

  @Test
  void isFoundByNameThroughTheServiceLoader() {
    assertThat(StorageEngines.provider("rocksdb")).isInstanceOf(RocksDbEngineProvider.class);
  }

  @Test
  void isTheEngineChosenWhenNoneIsNamed() {
    assertThat(StorageEngines.provider(null)).isInstanceOf(RocksDbEngineProvider.class);
  }

  @Test
  void declaresPriority400AndTheNativeCapabilities() {
    EngineInfo info = StorageEngines.infoOf(new RocksDbEngineProvider());
    assertThat(info.priority()).isEqualTo(400);
    assertThat(info.capabilities()).containsExactlyInAnyOrder(Capability.TRANSACTIONS, Capability.CHECKPOINTS,
        Capability.RANGE_DELETE_NATIVE, Capability.COMPRESSION, Capability.PERSISTENT, Capability.DISABLE_WAL,
        Capability.NATIVE_BACKUP, Capability.SERIALIZABLE_TRANSACTIONS);
  }

  @Test
  void reportsTheNativeLibraryVersion() {
    assertThat(new RocksDbEngineProvider().version()).isEqualTo("11.8.1");
  }

  @Test
  void acceptsKeysUpTo8MiB() {
    assertThat(new RocksDbEngineProvider().maxKeySize()).isEqualTo(8 * 1024 * 1024);
  }
}
