package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serves a snapshot from one store to another through a pipe, as a node would over a socket: the
 * server writes the manifest, then answers each chunk index the client asks for with the chunk.
 */
class SnapshotPipeTest {

  @Test
  void aSnapshotServedThroughPipesImportsToTheSameState() throws Exception {
    try (KeyValueStore source = StorageEngines.open(StorageConfig.builder().engine("rocksdb").build());
        KeyValueStore target = StorageEngines.open(StorageConfig.inMemory())) {
      StateStore state = StateStore.open(source);
      List<Address> addresses = SnapshotFixture.populate(state, new Random(11), 200, 3);
      PipedOutputStream toClient = new PipedOutputStream();
      PipedInputStream clientIn = new PipedInputStream(toClient, 1 << 16);
      PipedOutputStream toServer = new PipedOutputStream();
      PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 10);
      try (SnapshotExporter exporter = SnapshotExporter.open(state, state.headHeight().getAsLong(), 4_000)) {
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
          try (DataInputStream requests = new DataInputStream(serverIn); DataOutputStream out = new DataOutputStream(toClient)) {
            exporter.manifest().writeTo(out);
            out.flush();
            for (int index = requests.readInt(); index >= 0; index = requests.readInt()) {
              exporter.writeChunk(index, out);
              out.flush();
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        try (DataInputStream in = new DataInputStream(clientIn); DataOutputStream requests = new DataOutputStream(toServer)) {
          SnapshotManifest manifest = SnapshotManifest.readFrom(in);
          assertThat(manifest.root()).isEqualTo(state.headRoot());
          SnapshotImporter importer = SnapshotImporter.open(target, manifest);
          for (int index : importer.missingChunks()) {
            requests.writeInt(index);
            requests.flush();
            importer.importChunk(index, in);
          }
          requests.writeInt(-1);
          requests.flush();
          assertThat(importer.isComplete()).isTrue();
        }
        server.get(60, TimeUnit.SECONDS);
      }
      SnapshotFixture.assertSameState(state.head(), StateStore.open(target).head(), addresses);
    }
  }
}
