package io.luxtensor.storage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's disk writes as Linux counts them ({@code /proc/self/io}); -1 elsewhere. Stateless. */
final class OsIo {

  private OsIo() {}

  /** Bytes this process caused to be sent to the storage layer, or -1 when unknown. */
  static long bytesWritten() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("write_bytes:")) {
          return Long.parseLong(line.substring("write_bytes:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1; // not Linux, or /proc unreadable
    }
    return -1;
  }
}
