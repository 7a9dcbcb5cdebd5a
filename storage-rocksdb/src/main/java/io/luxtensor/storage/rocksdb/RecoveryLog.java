package io.luxtensor.storage.rocksdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What RocksDB's info log ({@code LOG} in the store directory, begun afresh by every open) says about a
 * damaged write-ahead log, for the error of a failed open. RocksDB's status says only "checksum
 * mismatch"; the log names the file and the bytes it could not replay. Stateless.
 */
final class RecoveryLog {

  /** RocksDB's recovery warning: {@code <dir>/000004.log: dropping 20352 bytes; Corruption: checksum mismatch}. */
  private static final Pattern DROPPING = Pattern.compile("(\\S+\\.log): dropping (\\d+) bytes; (.*)$");

  private RecoveryLog() {}

  /**
   * The damaged write-ahead logs the last open of {@code store} reported, as one sentence such as
   * {@code "000004.log (dropping 20352 bytes; Corruption: checksum mismatch)"}, or empty when the log names
   * none or cannot be read (the error then stays the generic one).
   */
  static Optional<String> walDamage(Path store) {
    if (store == null) {
      return Optional.empty();
    }
    List<String> damaged = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(store.resolve("LOG"), StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Matcher m = DROPPING.matcher(line);
        if (m.find()) {
          damaged.add(Path.of(m.group(1)).getFileName() + " (" + m.group(2) + " bytes unreadable from the damaged record: "
              + m.group(3) + ")");
        }
      }
    } catch (IOException | InvalidPathException e) {
      return Optional.empty();
    }
    return damaged.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", damaged));
  }
}
