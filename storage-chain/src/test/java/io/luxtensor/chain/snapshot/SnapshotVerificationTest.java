package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chunks that are tampered with, missing, duplicated or reordered, and manifests that lie. */
class SnapshotVerificationTest {

  private KeyValueStore source;
  private KeyValueStore target;
  private SnapshotExporter exporter;
  private SnapshotManifest manifest;

  @BeforeEach
  void export() {
    source = StorageEngines.open(StorageConfig.inMemory());
    target = StorageEngines.open(StorageConfig.inMemory());
    StateStore state = StateStore.open(source);
    SnapshotFixture.populate(state, new Random(7), 120, 3);
    exporter = SnapshotExporter.open(state, state.headHeight().getAsLong(), 1_500);
    manifest = exporter.manifest();
    assertThat(manifest.chunks()).hasSizeGreaterThan(3);
  }

  @AfterEach
  void close() {
    exporter.close();
    source.close();
    target.close();
  }

  private long storedRows() {
    long rows = 0;
    for (String family : List.of("StateAccounts", "StateStorage", "StateCode", "StateTrieNodes", "StateRoots")) {
      rows += target.count(target.columnFamily(family), KeyRange.all());
    }
    return rows;
  }

  @Test
  void aChunkWithAFlippedByteIsRefusedByNameAndNothingOfItIsKept() {
    SnapshotImporter importer = SnapshotImporter.open(target, manifest);
    byte[] chunk = SnapshotFixture.chunk(exporter, 2);
    chunk[chunk.length / 2] ^= 1;

    assertThatThrownBy(() -> importer.importChunk(2, chunk)).isInstanceOf(InvalidChunkException.class)
        .hasMessageContaining("chunk 2").extracting(e -> ((InvalidChunkException) e).chunk()).isEqualTo(2);
    assertThat(storedRows()).isZero();
    assertThat(importer.missingChunks()).contains(2);
  }

  @Test
  void aChunkOfferedAsAnotherIsRefused() {
    SnapshotImporter importer = SnapshotImporter.open(target, manifest);

    assertThatThrownBy(() -> importer.importChunk(1, SnapshotFixture.chunk(exporter, 3)))
        .isInstanceOf(InvalidChunkException.class).hasMessageContaining("chunk 1");
    assertThat(storedRows()).isZero();
  }

  @Test
  void aDuplicatedChunkIsIgnoredAndReorderedChunksComplete() {
    SnapshotImporter importer = SnapshotImporter.open(target, manifest);
    List<Integer> order = new ArrayList<>(importer.missingChunks());
    java.util.Collections.reverse(order);
    for (int index : order) {
      assertThat(importer.importChunk(index, SnapshotFixture.chunk(exporter, index)))
          .isEqualTo(SnapshotImporter.Outcome.IMPORTED);
      assertThat(importer.importChunk(index, SnapshotFixture.chunk(exporter, index)))
          .isEqualTo(SnapshotImporter.Outcome.ALREADY_IMPORTED);
    }
    assertThat(importer.isComplete()).isTrue();
    assertThat(StateStore.open(target).headRoot()).isEqualTo(manifest.root());
  }

  @Test
  void withAChunkMissingTheImportIsNotCompleteAndTheStateIsNotVisible() {
    SnapshotImporter importer = SnapshotImporter.open(target, manifest);
    for (int index = 1; index < manifest.chunks().size(); index++) {
      importer.importChunk(index, SnapshotFixture.chunk(exporter, index));
    }

    assertThat(importer.isComplete()).isFalse();
    assertThat(importer.missingChunks()).containsExactly(0);
    assertThat(StateStore.open(target).headHeight()).isEmpty();
  }

  @Test
  void aManifestWhoseRootDoesNotMatchItsChunksHasEveryChunkRefused() {
    SnapshotManifest lying = new SnapshotManifest(manifest.height(), Hash.keccak256(new byte[] {1}),
        manifest.blockHash(), manifest.chunks());
    SnapshotImporter importer = SnapshotImporter.open(target, lying);

    for (int index = 0; index < lying.chunks().size(); index++) {
      int chunk = index;
      assertThatThrownBy(() -> importer.importChunk(chunk, SnapshotFixture.chunk(exporter, chunk)))
          .isInstanceOf(InvalidChunkException.class).hasMessageContaining("do not match state root");
    }
    assertThat(storedRows()).isZero();
    assertThat(importer.isComplete()).isFalse();
  }

  /** A chunk re-hashed into a forged manifest still has to prove its content against the root. */
  private void assertForgedChunkRefused(UnaryOperator<Chunk> forge, String reason) {
    int index = 1;
    Chunk forged = forge.apply(Chunk.decode(SnapshotFixture.chunk(exporter, index)));
    byte[] bytes = forged.encode();
    List<ChunkRange> chunks = new ArrayList<>(manifest.chunks());
    ChunkRange range = chunks.get(index);
    chunks.set(index, new ChunkRange(index, range.first(), range.last(), bytes.length,
        Hash.of(SnapshotManifest.sha256(bytes)), forged.accounts().size()));
    SnapshotImporter importer = SnapshotImporter.open(target,
        new SnapshotManifest(manifest.height(), manifest.root(), manifest.blockHash(), chunks));

    assertThatThrownBy(() -> importer.importChunk(index, bytes)).isInstanceOf(InvalidChunkException.class)
        .hasMessageContaining(reason);
    assertThat(storedRows()).isZero();
  }

  @Test
  void aForgedChunkThatOmitsAnAccountIsRefusedByItsRangeProof() {
    assertForgedChunkRefused(chunk -> {
      List<Chunk.AccountData> accounts = new ArrayList<>(chunk.accounts());
      accounts.remove(accounts.size() / 2);
      return new Chunk(chunk.index(), chunk.first(), chunk.last(), chunk.proof(), accounts, chunk.codes());
    }, "do not match state root");
  }

  @Test
  void aForgedChunkWithAChangedBalanceIsRefusedByItsRangeProof() {
    assertForgedChunkRefused(chunk -> {
      List<Chunk.AccountData> accounts = new ArrayList<>(chunk.accounts());
      Chunk.AccountData victim = accounts.get(0);
      io.luxtensor.chain.state.Account account = io.luxtensor.chain.state.Account.decode(victim.account());
      accounts.set(0, new Chunk.AccountData(victim.address(),
          account.withBalance(account.balance().add(java.math.BigInteger.ONE)).encode(), victim.slots()));
      return new Chunk(chunk.index(), chunk.first(), chunk.last(), chunk.proof(), accounts, chunk.codes());
    }, "do not match state root");
  }

  @Test
  void aForgedChunkWithAChangedSlotIsRefusedByTheAccountsStorageRoot() {
    assertForgedChunkRefused(chunk -> {
      List<Chunk.AccountData> accounts = new ArrayList<>(chunk.accounts());
      int at = 0;
      while (accounts.get(at).slots().isEmpty()) {
        at++;
      }
      Chunk.AccountData victim = accounts.get(at);
      List<Chunk.Slot> slots = new ArrayList<>(victim.slots());
      slots.set(0, new Chunk.Slot(slots.get(0).slot(), new byte[] {0x42}));
      accounts.set(at, new Chunk.AccountData(victim.address(), victim.account(), slots));
      return new Chunk(chunk.index(), chunk.first(), chunk.last(), chunk.proof(), accounts, chunk.codes());
    }, "does not rebuild to its storage root");
  }

  @Test
  void aStoreThatAlreadyHoldsStateIsRefused() {
    assertThatThrownBy(() -> SnapshotImporter.open(source, manifest)).isInstanceOf(SnapshotException.class)
        .hasMessageContaining("already holds state");
  }

  @Test
  void anUnfinishedImportOfAnotherManifestIsNotMixedWithANewOne() {
    SnapshotImporter.open(target, manifest).importChunk(0, SnapshotFixture.chunk(exporter, 0));
    SnapshotManifest other = new SnapshotManifest(manifest.height() + 1, manifest.root(), manifest.blockHash(),
        manifest.chunks());

    assertThatThrownBy(() -> SnapshotImporter.open(target, other)).isInstanceOf(SnapshotException.class)
        .hasMessageContaining("unfinished import of another snapshot");
  }

  @Test
  void aManifestSurvivesItsWireForm() {
    assertThat(SnapshotManifest.decode(manifest.encode())).isEqualTo(manifest);
    byte[] truncated = java.util.Arrays.copyOf(manifest.encode(), manifest.encode().length - 3);
    assertThatThrownBy(() -> SnapshotManifest.decode(truncated)).isInstanceOf(SnapshotException.class);
  }
}
