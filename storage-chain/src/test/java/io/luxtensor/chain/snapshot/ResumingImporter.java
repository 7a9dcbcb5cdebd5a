package io.luxtensor.chain.snapshot;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Child JVM of {@link SnapshotResumeTest}: imports the snapshot in a directory (a manifest file
 * and one file per chunk) into a RocksDB store, in a shuffled order, printing {@code ACK i} after
 * each chunk is written, until it is killed or done.
 */
public final class ResumingImporter {

  private ResumingImporter() {}

  /** {@code args}: the store directory, the snapshot directory and a random seed. */
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path snapshot = Path.of(args[1]);
    SnapshotManifest manifest;
    try (InputStream in = Files.newInputStream(snapshot.resolve("manifest"))) {
      manifest = SnapshotManifest.readFrom(in);
    }
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(store).build())) {
      SnapshotImporter importer = SnapshotImporter.open(kv, manifest);
      List<Integer> order = new ArrayList<>(importer.missingChunks());
      Collections.shuffle(order, new Random(Long.parseLong(args[2])));
      for (int index : order) {
        try (InputStream in = Files.newInputStream(snapshot.resolve("chunk-" + index))) {
          importer.importChunk(index, in);
        }
        System.out.println("ACK " + index);
        System.out.flush();
      }
    }
  }
}
