package io.luxtensor.storage.encryption;

import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An append-only log of events, one line each: {@code <UTC instant> <event> <name=value>...}. It never
 * holds a key or a value, only names, counts and sizes, so it can be shipped to a log collector.
 * Created {@code 0600}. Thread-safe: lines never interleave. Administrative events are forced to disk
 * before the call returns; write events are left to the OS, as a log of every write would otherwise
 * cost a disk flush each.
 */
final class AuditLog implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;

  AuditLog(Path file) {
    this.file = file;
    try {
      StorePermissions.createPrivateFile(file, false);
      this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new StorageException("cannot open the audit log " + file + " (" + e + "); check audit.file", e);
    }
  }

  /** Appends an administrative event, durably. */
  void admin(String event) {
    append(event, true);
  }

  /** Appends a write event. */
  void write(String event) {
    append(event, false);
  }

  private synchronized void append(String event, boolean force) {
    ByteBuffer line = ByteBuffer.wrap((Instant.now() + " " + event + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
      if (force) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new StorageException("the audit log " + file + " could not be written (" + e + "); the event \""
          + event + "\" happened but is not recorded", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageException("the audit log " + file + " could not be closed: " + e, e);
    }
  }
}
