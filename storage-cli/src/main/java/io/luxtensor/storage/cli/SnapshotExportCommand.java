package io.luxtensor.storage.cli;

import io.luxtensor.chain.snapshot.SnapshotException;
import io.luxtensor.chain.snapshot.SnapshotExporter;
import io.luxtensor.chain.snapshot.SnapshotManifest;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyValueStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Exports the state of one kept height (default: the head) of a store's state store to a new
 * directory ({@link SnapshotFiles}): every chunk, then the manifest. The store is opened read-only
 * and read from one store snapshot, so a RocksDB store can be exported beside the node writing it.
 */
@Command(name = "export", description = "Export the state at the head (or --height) as a manifest and chunks in a new directory.")
final class SnapshotExportCommand implements Callable<Integer> {

  @Option(names = {"--db", "--path"}, paramLabel = "DIR", required = true, description = "The store's directory.")
  Path db;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME",
      description = "The store's engine. Default: recognised from the directory's files.")
  String engine;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "The snapshot directory (must not exist, or be empty).")
  Path out;

  @Option(names = "--height", paramLabel = "H", description = "A kept height. Default: the state's head.")
  Long height;

  @Option(names = "--chunk-bytes", paramLabel = "N", defaultValue = "" + SnapshotExporter.DEFAULT_CHUNK_BYTES,
      description = "Chunk size aimed at, in bytes (default: ${DEFAULT-VALUE}); an account is never split.")
  int chunkBytes;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (chunkBytes <= 0) {
      throw new CliException(ExitCode.USAGE, "--chunk-bytes must be positive, not " + chunkBytes);
    }
    if (!SnapshotFiles.isAbsentOrEmpty(out)) {
      throw new CliException(ExitCode.USAGE, "the snapshot directory " + out + " is not empty: export into a new or"
          + " empty directory, so that chunks of two exports never mix");
    }
    StoreOptions store = new StoreOptions();
    store.path = db;
    store.engine = engine;
    long started = System.nanoTime();
    SnapshotManifest manifest;
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      StateStore state = state(kv);
      long at = height(state, store);
      try (SnapshotExporter exporter = open(state, at, store)) {
        manifest = exporter.manifest();
        Files.createDirectories(out);
        try {
          write(exporter, manifest);
        } catch (IOException | RuntimeException e) {
          removeChunks(manifest.chunks().size());
          throw e;
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = describe(manifest);
      m.put("out", out.toString());
      m.put("seconds", seconds);
      o.println(Json.write(m));
    } else {
      o.printf("exported height %d of %s to %s: %,d chunks, %,d accounts, %,d bytes in %.2f s%n", manifest.height(), db,
          out, manifest.chunks().size(), manifest.accounts(), manifest.bytes(), seconds);
      o.printf("state root %s%n", manifest.root().toHex());
      o.printf("block hash %s%n", manifest.blockHash().toHex());
    }
    o.flush();
    return ExitCode.OK;
  }

  private void write(SnapshotExporter exporter, SnapshotManifest manifest) throws IOException {
    int chunks = manifest.chunks().size();
    try (Progress bar = Progress.start(!json, "exporting", chunks, "chunks")) {
      for (int i = 0; i < chunks; i++) {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(SnapshotFiles.chunk(out, i),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
          exporter.writeChunk(i, file);
        }
        bar.step(1);
      }
    }
    // Last, so that a directory with a manifest holds every chunk it lists.
    try (OutputStream file = Files.newOutputStream(SnapshotFiles.manifest(out), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      manifest.writeTo(file);
    }
  }

  /** Removes what a failed export wrote, so that the directory can take the next attempt. */
  private void removeChunks(int chunks) {
    for (int i = 0; i < chunks; i++) {
      try {
        Files.deleteIfExists(SnapshotFiles.chunk(out, i));
      } catch (IOException e) {
        // best effort: the failure being reported matters more than a leftover chunk
      }
    }
  }

  /** The manifest's summary, for JSON. */
  static Map<String, Object> describe(SnapshotManifest manifest) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", manifest.height());
    m.put("stateRoot", manifest.root().toHex());
    m.put("blockHash", manifest.blockHash().toHex());
    m.put("id", manifest.id().toHex());
    m.put("chunks", manifest.chunks().size());
    m.put("accounts", manifest.accounts());
    m.put("bytes", manifest.bytes());
    return m;
  }

  /** The state store in {@code kv} (its held tries rebuilt); not found when the store has no state. */
  private StateStore state(KeyValueStore kv) {
    if (!StateStores.holdsState(kv)) {
      throw new CliException(ExitCode.NOT_FOUND, "the store at " + db + " holds no state store; build one with"
          + " 'luxdb demo --path DIR' or import a snapshot into it");
    }
    return StateStore.open(kv);
  }

  /** The height to export: the one asked for, or the state's head. */
  private long height(StateStore state, StoreOptions store) {
    if (state.headHeight().isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "the state store at " + db + " has no committed height yet");
    }
    if (height == null) {
      return state.headHeight().getAsLong();
    }
    if (height < state.oldestHeight().orElse(0) || height > state.headHeight().getAsLong()) {
      throw new CliException(ExitCode.NOT_FOUND, kept(state, store, height));
    }
    return height;
  }

  private SnapshotExporter open(StateStore state, long at, StoreOptions store) {
    try {
      return SnapshotExporter.open(state, at, chunkBytes);
    } catch (SnapshotException e) {
      throw new CliException(ExitCode.NOT_FOUND, kept(state, store, at) + " (" + e.getMessage() + ")", e);
    }
  }

  private static String kept(StateStore state, StoreOptions store, long at) {
    return "height " + at + " is not kept in the state store at " + store.path + ": it holds heights "
        + state.oldestHeight().orElse(-1) + ".." + state.headHeight().orElse(-1);
  }
}
