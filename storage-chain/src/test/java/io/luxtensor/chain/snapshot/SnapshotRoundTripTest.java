package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.chain.state.Words;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Export at a height, import chunk by chunk into an empty store, and the same state comes out. */
class SnapshotRoundTripTest {

  @Test
  void headExportedInSmallChunksImportsInShuffledOrderToTheSameState() throws Exception {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, new Random(1), 300, 5);
      long head = state.headHeight().getAsLong();
      try (SnapshotExporter exporter = SnapshotExporter.open(source, head, 2_000)) {
        SnapshotManifest manifest = exporter.manifest();
        assertThat(manifest.chunks()).hasSizeGreaterThan(5);
        assertThat(manifest.root()).isEqualTo(state.headRoot());
        SnapshotImporter importer = SnapshotImporter.open(target, manifest);
        List<Integer> order = new ArrayList<>(importer.missingChunks());
        Collections.shuffle(order, new Random(2));
        for (int index : order) {
          assertThat(importer.isComplete()).isFalse();
          importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
        }
        assertThat(importer.isComplete()).isTrue();
      }
      StateStore imported = StateStore.open(target);
      assertThat(imported.headHeight()).hasValue(head);
      SnapshotFixture.assertSameState(state.head(), imported.head(), addresses);
      // The trie is complete: the same next block gives the same root on both, and proofs verify.
      assertThat(nextBlock(imported, head + 1)).isEqualTo(nextBlock(state, head + 1));
      imported.head().proof(addresses.get(7), List.of(Words.of(3))).verify(imported.headRoot());
    }
  }

  private static Hash nextBlock(StateStore state, long height) {
    WorldState world = state.begin();
    for (int i = 0; i < 40; i++) {
      Address address = SnapshotFixture.address(i * 7);
      world.setBalance(address, BigInteger.valueOf(i + 5));
      world.setStorage(address, Words.of(i % 3), Words.of(i + 9));
    }
    world.deleteAccount(SnapshotFixture.address(11));
    return world.commit(height, SnapshotFixture.blockHash(height));
  }
}
