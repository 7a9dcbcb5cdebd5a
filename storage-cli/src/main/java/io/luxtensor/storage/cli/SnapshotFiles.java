package io.luxtensor.storage.cli;

import io.luxtensor.chain.snapshot.SnapshotException;
import io.luxtensor.chain.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The layout of a snapshot directory: the manifest in {@code manifest}, chunk {@code i} in
 * {@code chunk-%06d}, each exactly the bytes the exporter wrote. The export writes the manifest last,
 * so a directory without one is an unfinished export. Stateless.
 */
final class SnapshotFiles {

  static final String MANIFEST = "manifest";

  private SnapshotFiles() {}

  static Path manifest(Path dir) {
    return dir.resolve(MANIFEST);
  }

  static Path chunk(Path dir, int index) {
    return dir.resolve(String.format("chunk-%06d", index));
  }

  /** Whether {@code dir} is missing or holds nothing, so an export cannot mix with an older one. */
  static boolean isAbsentOrEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    }
  }

  /**
   * The manifest of the snapshot in {@code dir}: not found when the directory or its manifest is
   * missing, corruption when the manifest does not decode.
   */
  static SnapshotManifest readManifest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.NOT_FOUND, "no snapshot directory at " + dir + "; check --from");
    }
    Path file = manifest(dir);
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCode.NOT_FOUND, "no snapshot manifest at " + file + " (an export writes it last:"
          + " a directory without one is an unfinished export); export the snapshot again");
    }
    try (InputStream in = Files.newInputStream(file)) {
      SnapshotManifest manifest = SnapshotManifest.readFrom(in);
      if (in.read() != -1) {
        throw new CliException(ExitCode.CORRUPTION, "the snapshot manifest " + file + " has trailing bytes; it is"
            + " damaged, export the snapshot again");
      }
      return manifest;
    } catch (SnapshotException e) {
      throw new CliException(ExitCode.CORRUPTION, "the snapshot manifest " + file + " is damaged: " + e.getMessage()
          + "; export the snapshot again", e);
    }
  }
}
