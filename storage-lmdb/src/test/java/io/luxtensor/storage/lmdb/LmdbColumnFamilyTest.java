package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a column family handle shows of itself. */
class LmdbColumnFamilyTest {

  @Test
  void aLiveFamilyShowsItsName() {
    assertThat(new LmdbColumnFamily("blocks", null, 1, "/data")).hasToString("LmdbColumnFamily[blocks]");
  }

  @Test
  void aDroppedFamilySaysSoInItsDescription() {
    LmdbColumnFamily family = new LmdbColumnFamily("blocks", null, 1, "/data");
    family.markDropped();
    assertThat(family.isDropped()).isTrue();
    assertThat(family).hasToString("LmdbColumnFamily[blocks, dropped]");
  }
}
