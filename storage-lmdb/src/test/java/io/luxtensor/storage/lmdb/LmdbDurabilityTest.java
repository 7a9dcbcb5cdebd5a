package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.StorageException;
import org.junit.jupiter.api.Test;

class LmdbDurabilityTest {

  @Test
  void lmdbjavasBindingOfSetFlagsIsFound() {
    assertThat(LmdbDurability.Binding.LMDBJAVA.failure()).isNull();
    assertThat(LmdbDurability.Binding.LMDBJAVA.setFlags()).isNotNull();
  }

  @Test
  void missingBindingIsReportedWithItsCause() {
    LmdbDurability.Binding missing = LmdbDurability.Binding.lookUp("org.lmdbjava.NoSuchLibrary");
    assertThat(missing.setFlags()).isNull();
    assertThat(missing.failure()).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void missingBindingFailsTheOpenInsteadOfWeakeningSyncedWrites() {
    LmdbDurability.Binding missing = LmdbDurability.Binding.lookUp("org.lmdbjava.NoSuchLibrary");
    assertThatThrownBy(() -> new LmdbDurability(null, "/some/store", missing))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("/some/store")
        .hasMessageContaining("mdb_env_set_flags")
        .hasCauseInstanceOf(ClassNotFoundException.class);
  }
}
