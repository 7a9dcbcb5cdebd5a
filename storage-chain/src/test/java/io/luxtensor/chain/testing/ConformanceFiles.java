package io.luxtensor.chain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds and reads the Ethereum conformance vectors ({@code shared/conformance/ethereum-tests}).
 *
 * <p>The directory is the system property {@code conformance.dir} when set; otherwise the first
 * {@code shared/conformance/ethereum-tests} found beside the working directory or any of its
 * ancestors (the repository is cloned at some X and {@code shared/} sits at {@code X/../shared}).
 * Not finding it is an error, never a skip: a conformance suite that silently runs nothing
 * proves nothing.
 */
public final class ConformanceFiles {

  /** The system property that overrides the search. */
  public static final String PROPERTY = "conformance.dir";

  private static final Path RELATIVE = Path.of("shared", "conformance", "ethereum-tests");

  private ConformanceFiles() {}

  /** The conformance directory; throws {@link IllegalStateException} saying where it looked. */
  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured).toAbsolutePath();
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not a directory");
      }
      return dir;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("conformance vectors not found: no " + RELATIVE + " in " + start
        + " or any parent directory; put shared/ beside the repository or pass -D" + PROPERTY + "=<dir>");
  }

  /** A file below {@link #root()}, which must exist. */
  public static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("conformance file missing: " + file);
    }
    return file;
  }

  /** The top-level JSON object of a conformance file: test name to test case. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> cases(String relative) {
    try {
      Object parsed = Json.parse(Files.readString(file(relative), StandardCharsets.UTF_8));
      if (!(parsed instanceof Map)) {
        throw new IllegalStateException(relative + " is not a JSON object of test cases");
      }
      return (Map<String, Object>) parsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code .json} file below {@link #root()}, as paths relative to it with '/' separators. */
  public static List<String> allJsonFiles() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
