package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A full snapshot of A, then the heights A..B from the source's diffs, give B's root and state. */
class IncrementalSnapshotTest {

  private static final long A = 3;
  private static final long B = 8;

  private KeyValueStore source;
  private KeyValueStore target;
  private StateStore state;
  private StateStore imported;
  private List<Address> addresses;

  @BeforeEach
  void importA() throws Exception {
    source = StorageEngines.open(StorageConfig.inMemory());
    target = StorageEngines.open(StorageConfig.builder().engine("lmdb").mapSizeBytes(64 << 20).build());
    state = StateStore.open(source);
    addresses = SnapshotFixture.populate(state, new Random(3), 100, (int) B + 1);
    try (SnapshotExporter exporter = SnapshotExporter.open(state, A, 5_000)) {
      SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
      for (int index : importer.missingChunks()) {
        importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
      }
    }
    imported = StateStore.open(target);
  }

  @AfterEach
  void close() {
    source.close();
    target.close();
  }

  private byte[] incremental(long from, long to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IncrementalSnapshot.write(state, from, to, out);
    return out.toByteArray();
  }

  @Test
  void anIncrementalSnapshotOnTopOfAnImportedHeightReachesTheLaterRoot() throws Exception {
    assertThat(IncrementalSnapshot.apply(imported, new ByteArrayInputStream(incremental(A, B))))
        .isEqualTo(state.committed(B).orElseThrow().root());

    assertThat(imported.headHeight()).hasValue(B);
    SnapshotFixture.assertSameState(state.head(), imported.head(), addresses);
    for (long h = A; h <= B; h++) {
      assertThat(imported.committed(h)).isEqualTo(state.committed(h));
    }
  }

  @Test
  void anIncrementalSnapshotWhoseHeightDoesNotRebuildItsRootLeavesTheTargetAtItsStart() throws Exception {
    byte[] bytes = incremental(A, B);
    // The first height's root follows the header (magic, version, A, A's root, B).
    bytes[4 + 4 + 8 + 32 + 8] ^= 0x10;

    assertThatThrownBy(() -> IncrementalSnapshot.apply(imported, new ByteArrayInputStream(bytes)))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("rolled back");
    assertThat(imported.headHeight()).hasValue(A);
    assertThat(imported.headRoot()).isEqualTo(state.committed(A).orElseThrow().root());
  }

  @Test
  void anIncrementalSnapshotFromAnotherHeightIsRefused() throws Exception {
    byte[] bytes = incremental(A + 1, B);

    assertThatThrownBy(() -> IncrementalSnapshot.apply(imported, new ByteArrayInputStream(bytes)))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("import the full snapshot");
    assertThat(imported.headHeight()).hasValue(A);
  }
}
