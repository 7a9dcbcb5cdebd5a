package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** Export at a height, import chunk by chunk into an empty store, and the same state comes out. */
class SnapshotRoundTripTest {

  @Test
  void headExportedInSmallChunksImportsInShuffledOrderToTheSameState() throws Exception {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, new Random(1), 300, 5);
      long head = state.headHeight().getAsLong();
      try (SnapshotExporter exporter = SnapshotExporter.open(state, head, 2_000)) {
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

  static List<TestEngines.Engine[]> enginePairs() {
    List<TestEngines.Engine[]> pairs = new ArrayList<>();
    for (int i = 0; i < TestEngines.ALL.size(); i++) {
      pairs.add(new TestEngines.Engine[] {TestEngines.ALL.get(i), TestEngines.ALL.get((i + 1) % TestEngines.ALL.size())});
    }
    return pairs;
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("enginePairs")
  void anOlderHeightExportedFromOneEngineImportsIntoAnotherWhileTheSourceGoesOnCommitting(TestEngines.Engine from,
      TestEngines.Engine to) throws Exception {
    try (KeyValueStore source = StorageEngines.open(from.config());
        KeyValueStore target = StorageEngines.open(to.config())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, new Random(from.name().hashCode()), 150, 4);
      long height = 2;
      Hash root = state.committed(height).orElseThrow().root();
      try (SnapshotExporter exporter = SnapshotExporter.open(state, height, 3_000)) {
        // The node moves on while the chunks are served: more heights, a reorg, pruning.
        SnapshotFixture.populate(state, new Random(5), 150, 3);
        state.rollbackTo(5);
        state.pruneTrieNodes();
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        for (int index : importer.missingChunks()) {
          ByteArrayOutputStream chunk = new ByteArrayOutputStream();
          exporter.writeChunk(index, chunk);
          importer.importChunk(index, new ByteArrayInputStream(chunk.toByteArray()));
        }
        assertThat(importer.isComplete()).isTrue();
      }
      StateStore imported = StateStore.open(target);
      assertThat(imported.headRoot()).isEqualTo(root);
      SnapshotFixture.assertSameState(state.at(height), imported.head(), addresses);
    }
  }

  @Test
  void chunksServedWhileAnotherThreadCommitsShowTheExportedHeight() throws Exception {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, new Random(21), 200, 2);
      long height = state.headHeight().getAsLong();
      try (SnapshotExporter exporter = SnapshotExporter.open(state, height, 2_000)) {
        java.util.concurrent.CompletableFuture<Void> committer = java.util.concurrent.CompletableFuture.runAsync(
            () -> SnapshotFixture.populate(state, new Random(22), 200, 8));
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        for (int index : importer.missingChunks()) {
          importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
        }
        committer.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(importer.isComplete()).isTrue();
      }
      assertThat(state.headHeight()).hasValue(height + 8);
      SnapshotFixture.assertSameState(state.at(height), StateStore.open(target).head(), addresses);
    }
  }

  @Test
  void anEmptyStateRoundTrips() {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      state.begin().commit(0, SnapshotFixture.blockHash(0));
      try (SnapshotExporter exporter = SnapshotExporter.open(state, 0)) {
        assertThat(exporter.manifest().chunks()).hasSize(1);
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        importer.importChunk(0, SnapshotFixture.chunk(exporter, 0));
        assertThat(importer.isComplete()).isTrue();
      }
      assertThat(StateStore.open(target).headRoot()).isEqualTo(Hash.EMPTY_TRIE_ROOT);
    }
  }

  @Test
  void aHeightWhoseTrieIsHeldExportsFromTheKeyValueStoreAloneOnlyOnceTheTriesAreFlushed() {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      SnapshotFixture.populate(state, new Random(3), 40, 3);
      long head = state.headHeight().getAsLong();

      assertThatThrownBy(() -> SnapshotExporter.open(source, head)).isInstanceOf(SnapshotException.class)
          .hasMessageContaining("flushTries");
      state.flushTries();
      try (SnapshotExporter exporter = SnapshotExporter.open(source, head, 2_000)) {
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        for (int index : importer.missingChunks()) {
          importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
        }
        assertThat(importer.isComplete()).isTrue();
      }
      assertThat(StateStore.open(target).headRoot()).isEqualTo(state.headRoot());
    }
  }

  @Test
  void aHeightThatIsNotKeptCannotBeExported() {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore.open(source).begin().commit(0, SnapshotFixture.blockHash(0));
      assertThatThrownBy(() -> SnapshotExporter.open(source, 3)).isInstanceOf(SnapshotException.class)
          .hasMessageContaining("height 3");
    }
  }

  @Property(tries = 15)
  void anyRandomStateRoundTripsInAnyChunkSize(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 60) int accounts,
      @ForAll @IntRange(min = 200, max = 20_000) int chunkBytes) {
    Random random = new Random(seed);
    try (KeyValueStore source = StorageEngines.open(StorageConfig.inMemory());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, random, accounts, 1 + random.nextInt(4));
      long height = random.nextInt((int) state.headHeight().getAsLong() + 1);
      try (SnapshotExporter exporter = SnapshotExporter.open(state, height, chunkBytes)) {
        SnapshotImporter importer = SnapshotImporter.open(target, exporter.manifest());
        List<Integer> order = new ArrayList<>(importer.missingChunks());
        Collections.shuffle(order, random);
        for (int index : order) {
          importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
        }
        assertThat(importer.isComplete()).isTrue();
        assertThat(exporter.manifest().accounts()).isEqualTo(addresses.stream()
            .filter(a -> state.at(height).account(a).isPresent()).count());
      }
      SnapshotFixture.assertSameState(state.at(height), StateStore.open(target).head(), addresses);
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
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
