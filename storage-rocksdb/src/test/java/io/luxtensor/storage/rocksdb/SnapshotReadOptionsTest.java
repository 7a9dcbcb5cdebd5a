package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

class SnapshotReadOptionsTest {

  @BeforeAll
  static void loadNativeLibrary() {
    RocksDB.loadLibrary();
  }

  @Test
  void optionsGivenBackAreTakenAgainInsteadOfNewOnes() {
    try (SnapshotReadOptions pool = new SnapshotReadOptions()) {
      ReadOptions first = pool.take(null);
      pool.give(first);
      assertThat(pool.take(null)).isSameAs(first);
    }
  }

  @Test
  void takenOptionsVerifyChecksums() {
    try (SnapshotReadOptions pool = new SnapshotReadOptions()) {
      assertThat(pool.take(null).verifyChecksums()).isTrue();
    }
  }

  @Test
  void atMostMaxIdleOptionsWaitAndTheRestAreFreed() {
    try (SnapshotReadOptions pool = new SnapshotReadOptions()) {
      List<ReadOptions> taken = new ArrayList<>();
      for (int i = 0; i < SnapshotReadOptions.MAX_IDLE + 3; i++) {
        taken.add(pool.take(null));
      }
      taken.forEach(pool::give);
      assertThat(pool.idle()).isEqualTo(SnapshotReadOptions.MAX_IDLE);
      assertThat(taken.stream().filter(o -> !o.isOwningHandle())).hasSize(3);
    }
  }

  @Test
  void closingThePoolFreesIdleOptionsAndThoseGivenBackLater() {
    SnapshotReadOptions pool = new SnapshotReadOptions();
    ReadOptions idle = pool.take(null);
    ReadOptions inUse = pool.take(null);
    pool.give(idle);

    pool.close();
    pool.give(inUse);

    assertThat(idle.isOwningHandle()).isFalse();
    assertThat(inUse.isOwningHandle()).isFalse();
    assertThat(pool.idle()).isZero();
  }
}
