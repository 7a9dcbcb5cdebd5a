package io.luxtensor.storage.tck;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The reference engine's durable form: one append-only file of records, each one atomic write of the
 * engine (a batch, a column family created or dropped), framed as {@code [length][crc of length][crc
 * of payload][payload]}. Replay applies every whole record; a record cut short at the end of the file
 * (a kill in the middle of its write) is dropped, while a whole record whose checksum fails is
 * corruption, reported, never skipped. Not thread-safe: the engine calls it under its lock.
 */
final class ReferenceLog implements AutoCloseable {

  static final String FILE_NAME = "reference.log";
  private static final int HEADER = 12;

  /** Operation codes of a record's payload. */
  static final byte PUT = 1;
  static final byte DELETE = 2;
  static final byte DELETE_RANGE = 3;
  static final byte CREATE_FAMILY = 4;
  static final byte DROP_FAMILY = 5;

  /** What a replay applies, one operation at a time. */
  interface Replay {
    void apply(byte op, String family, byte[] key, byte[] value);
  }

  private final Path file;
  private final FileChannel channel;

  private ReferenceLog(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Opens the log in {@code directory}, replaying it into {@code replay}; creates it when
   * {@code create}, else a missing log is an error. A torn last record is cut off.
   */
  static ReferenceLog open(Path directory, boolean create, boolean readOnly, Replay replay) {
    Path file = directory.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        if (!create || readOnly) {
          throw new StorageException("no reference store at " + directory);
        }
        Files.createDirectories(directory);
      }
      FileChannel channel = readOnly ? FileChannel.open(file, StandardOpenOption.READ)
          : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long whole = replay(file, Files.readAllBytes(file), replay);
      if (!readOnly) {
        channel.truncate(whole);
        channel.position(whole);
      }
      return new ReferenceLog(file, channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one record; with {@code sync}, forces it to disk before returning. */
  void append(byte[] payload, boolean sync) {
    ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
    record.putInt(payload.length).putInt(crc(ByteBuffer.allocate(4).putInt(payload.length).array()))
        .putInt(crc(payload)).put(payload).flip();
    try {
      while (record.hasRemaining()) {
        channel.write(record);
      }
      if (sync) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new StorageException("could not append to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Forces every appended record to disk. */
  void force() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new StorageException("could not sync " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a log holding exactly {@code payload} as one record into a new directory. */
  static void writeCopy(Path directory, byte[] payload) {
    try {
      Files.createDirectories(directory);
      try (ReferenceLog copy = new ReferenceLog(directory.resolve(FILE_NAME), FileChannel.open(
          directory.resolve(FILE_NAME), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
        copy.append(payload, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds one record's payload. */
  static final class Payload {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    Payload add(byte op, String family, byte[] key, byte[] value) {
      try {
        out.writeByte(op);
        out.writeUTF(family);
        writeBytes(key);
        writeBytes(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    boolean isEmpty() {
      return bytes.size() == 0;
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }

    private void writeBytes(byte[] b) throws IOException {
      out.writeInt(b == null ? -1 : b.length);
      if (b != null) {
        out.write(b);
      }
    }
  }

  /** Applies every whole record; returns the length of the whole records. */
  private static long replay(Path file, byte[] log, Replay replay) {
    ByteBuffer in = ByteBuffer.wrap(log);
    while (in.remaining() >= HEADER) {
      int start = in.position();
      int length = in.getInt();
      if (in.getInt() != crc(ByteBuffer.allocate(4).putInt(length).array())) {
        throw new CorruptionException("record length at byte " + start + " of " + file + " fails its checksum");
      }
      int payloadCrc = in.getInt();
      if (in.remaining() < length) {
        return start; // cut short by a kill: the write it belonged to never returned
      }
      byte[] payload = new byte[length];
      in.get(payload);
      if (crc(payload) != payloadCrc) {
        throw new CorruptionException("record at byte " + start + " of " + file + " fails its checksum");
      }
      applyPayload(payload, replay);
    }
    return in.position();
  }

  private static void applyPayload(byte[] payload, Replay replay) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      while (in.available() > 0) {
        byte op = in.readByte();
        String family = in.readUTF();
        replay.apply(op, family, readBytes(in), readBytes(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : in.readNBytes(length);
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
