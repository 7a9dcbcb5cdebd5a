package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.StateConfig;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A state store with two diff layers holds heights up to its flat height in the flat tables and
 * history rows, and the two above only in its stored diffs: an export of any kept height, below,
 * at or above the flat height, imports into a store whose root and reads are that height's.
 */
class SnapshotAcrossTheFlatHeightTest {

  private static final int HEIGHTS = 6;

  @ParameterizedTest(name = "height {0} of 0-5, flat tables at 3")
  @ValueSource(longs = {1, 3, 4, 5})
  void anExportOfAnyKeptHeightImportsToThatHeightsState(long height) {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source, StateConfig.DEFAULT.withDiffLayers(2));
      List<Address> addresses = SnapshotFixture.populate(state, new Random(7), 120, HEIGHTS);
      assertThat(state.headHeight()).hasValue(HEIGHTS - 1);
      try (SnapshotExporter exporter = SnapshotExporter.open(state, height, 2_000)) {
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        for (int index : importer.missingChunks()) {
          importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
        }
        assertThat(importer.isComplete()).isTrue();
      }
      StateStore imported = StateStore.open(target);
      assertThat(imported.headRoot()).isEqualTo(state.committed(height).orElseThrow().root());
      SnapshotFixture.assertSameState(state.at(height), imported.head(), addresses);
    }
  }
}
