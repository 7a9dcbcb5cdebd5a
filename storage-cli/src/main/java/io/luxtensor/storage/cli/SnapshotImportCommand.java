package io.luxtensor.storage.cli;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.snapshot.InvalidChunkException;
import io.luxtensor.chain.snapshot.SnapshotException;
import io.luxtensor.chain.snapshot.SnapshotImporter;
import io.luxtensor.chain.snapshot.SnapshotManifest;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.KeyValueStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Imports a snapshot directory ({@link SnapshotFiles}) into a store that holds no state (created if
 * missing, any engine), chunk by chunk: each chunk is checked against the manifest and the state root
 * before anything of it is written, so a damaged chunk stops the import with exit 3 naming it and the
 * chunks before it kept; running the command again resumes with the chunks still missing. When the
 * last chunk is in, the state store is opened and its root compared with the manifest's.
 */
@Command(name = "import", description = "Import a snapshot directory into a new store, verifying every chunk; resumes an interrupted import.")
final class SnapshotImportCommand implements Callable<Integer> {

  @Option(names = "--from", paramLabel = "DIR", required = true, description = "The snapshot directory ('luxdb snapshot export --out').")
  Path from;

  @Option(names = {"--db", "--path"}, paramLabel = "DIR", required = true,
      description = "The store to import into (created if missing; must hold no state, or this snapshot's unfinished import).")
  Path db;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME",
      description = "Engine of a new store. Default: the existing store's, else the highest-priority engine.")
  String engine;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SnapshotManifest manifest = SnapshotFiles.readManifest(from);
    long started = System.nanoTime();
    int imported = 0;
    Hash root;
    String engineName;
    try (KeyValueStore kv = StoreOpener.open(StoreOpener.creatable(db, engine).build())) {
      engineName = kv.engine().name();
      SnapshotImporter importer = importer(kv, manifest);
      List<Integer> missing = importer.missingChunks();
      try (Progress bar = Progress.start(!json, "importing", manifest.chunks().size(), "chunks")) {
        bar.step(manifest.chunks().size() - missing.size());
        for (int i : missing) {
          if (importer.importChunk(i, chunk(i)) == SnapshotImporter.Outcome.IMPORTED) {
            imported++;
          }
          bar.step(1);
        }
      } catch (InvalidChunkException e) {
        throw new CliException(ExitCode.CORRUPTION, "chunk " + e.chunk() + " (" + SnapshotFiles.chunk(from, e.chunk())
            + ") is damaged: " + e.getMessage() + "; " + imported + " chunk(s) of this run were kept, export the"
            + " snapshot again and rerun the import to resume", e);
      }
      if (!importer.isComplete()) {
        throw new IllegalStateException("every chunk was imported but the import is not complete: missing "
            + importer.missingChunks());
      }
      root = StateStore.open(kv).headRoot();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    boolean matches = root.equals(manifest.root());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = SnapshotExportCommand.describe(manifest);
      o.put("db", db.toString());
      o.put("engine", engineName);
      o.put("importedChunks", imported);
      o.put("importedRoot", root.toHex());
      o.put("rootMatches", matches);
      o.put("seconds", seconds);
      out.println(Json.write(o));
    } else {
      out.printf("imported height %d into %s (%s): %,d of %,d chunks in this run, %,d accounts in %.2f s%n",
          manifest.height(), db, engineName, imported, manifest.chunks().size(), manifest.accounts(), seconds);
      out.printf("state root %s %s%n", root.toHex(), matches ? "equals the manifest's"
          : "DIFFERS from the manifest's " + manifest.root().toHex());
    }
    out.flush();
    if (!matches) {
      throw new CliException(ExitCode.CORRUPTION, "the imported state root " + root.toHex() + " differs from the"
          + " manifest's " + manifest.root().toHex() + "; do not use the store at " + db);
    }
    return ExitCode.OK;
  }

  private SnapshotImporter importer(KeyValueStore kv, SnapshotManifest manifest) {
    // Checked here too, before the importer adds its progress family to a store it will refuse.
    if (StateStores.holdsState(kv)) {
      StateStore state = StateStore.open(kv);
      OptionalLong head = state.headHeight();
      if (head.isPresent() && (head.getAsLong() != manifest.height() || !state.headRoot().equals(manifest.root()))) {
        throw new CliException(ExitCode.USAGE, "cannot import into " + db + ": the store already holds state (head "
            + head.getAsLong() + ", root " + state.headRoot().toHex() + "); import a snapshot into a new or empty store");
      }
    }
    try {
      return SnapshotImporter.open(kv, manifest);
    } catch (SnapshotException e) {
      throw new CliException(ExitCode.USAGE, "cannot import into " + db + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of chunk {@code index}; not found naming the file when it is missing. */
  private byte[] chunk(int index) throws IOException {
    Path file = SnapshotFiles.chunk(from, index);
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCode.NOT_FOUND, "chunk " + index + " of the snapshot is missing: no file " + file
          + "; export the snapshot again (the chunks already imported are kept)");
    }
    return Files.readAllBytes(file);
  }
}
