package io.luxtensor.storage.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Reads one data file written by {@link ChunkWriter}, checking everything: the magic, every chunk's
 * CRC-32C, the end frame's counts, that nothing follows it, and at the end the file's size and
 * SHA-256 against the manifest. Any failure is a {@link BackupCorruptedException} naming the file and
 * the chunk. Records are handed out chunk by chunk as each passes its checks, so a caller that must not
 * act on damaged data (a restore) writes into a scratch store it throws away on failure. Not
 * thread-safe; the caller closes it, and closing it closes its codec.
 */
final class ChunkReader implements AutoCloseable {

  /** Largest stored chunk accepted: far above what the writer makes, small enough to never exhaust the heap. */
  private static final int MAX_CHUNK = 256 << 20;

  private final InputStream in;
  private final String where;
  private final Manifest.FileEntry expected;
  private final ChunkCodec codec;
  private final MessageDigest sha = Hashing.sha256();
  private final CRC32C crc = new CRC32C();
  private final long[] offset = {0};
  private long chunk;
  private long records;
  private boolean ended;

  /**
   * Opens {@code file}.
   *
   * @param codec decodes chunks, or {@code null} to check only checksums (no key at hand)
   * @param expected the manifest's size and SHA-256, or {@code null} to skip that check
   */
  ChunkReader(Path file, String where, Manifest.FileEntry expected, ChunkCodec codec) {
    this.where = where;
    this.expected = expected;
    this.codec = codec;
    try {
      this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new BackupCorruptedException(where + " is missing: restore an older backup, or take a new one", e);
    } catch (IOException e) {
      throw new BackupException("cannot read " + where + ": " + e, e);
    }
  }

  /**
   * Reads {@code file} through.
   *
   * @param sink receives the records, or {@code null} (with a {@code null} codec, nothing is parsed)
   * @param progress receives the bytes of each chunk read, or {@code null}
   * @return the number of records in the file
   */
  static long read(Path file, String where, Manifest.FileEntry expected, ChunkCodec codec, Records.Sink sink,
      LongConsumer progress) {
    try (ChunkReader reader = new ChunkReader(file, where, expected, codec)) {
      byte[] raw;
      long before = 0;
      while ((raw = reader.nextChunk()) != null) {
        if (codec != null) {
          reader.records += Records.parse(raw, sink != null ? sink : IGNORE, where + " chunk " + (reader.chunk - 1));
        }
        if (progress != null) {
          progress.accept(reader.offset[0] - before);
          before = reader.offset[0];
        }
      }
      return reader.records;
    }
  }

  /** Where the reader is, for messages: the file and the chunk just read. */
  String position() {
    return where + " chunk " + (chunk - 1);
  }

  /**
   * The next chunk's raw records (its stored bytes when there is no codec), or {@code null} after the
   * end frame, once the whole file checked out.
   */
  byte[] nextChunk() {
    if (ended) {
      return null;
    }
    try {
      if (chunk == 0 && offset[0] == 0) {
        byte[] magic = readFully(ChunkWriter.MAGIC.length);
        if (magic == null || !Arrays.equals(magic, ChunkWriter.MAGIC)) {
          throw corrupt(where, "does not start with the data file magic (truncated or not a backup data file)");
        }
      }
      long at = offset[0];
      byte[] header = readFully(ChunkWriter.HEADER_BYTES);
      if (header == null) {
        throw corrupt(where, "ends after chunk " + chunk + " (byte " + at + ") without its end frame: the file is"
            + " truncated");
      }
      ByteBuffer h = ByteBuffer.wrap(header);
      int storedLength = h.getInt();
      int rawLength = h.getInt();
      int flags = h.get();
      int sum = h.getInt();
      if (storedLength == -1) {
        end(header, sum, at);
        return null;
      }
      if (storedLength < 0 || storedLength > MAX_CHUNK || rawLength < 0 || rawLength > MAX_CHUNK
          || (flags & ~(ChunkCodec.FLAG_ZSTD | ChunkCodec.FLAG_AES_GCM)) != 0) {
        throw corrupt(where, "has a malformed header for chunk " + chunk + " at byte " + at);
      }
      byte[] stored = readFully(storedLength);
      if (stored == null) {
        throw corrupt(where, "is truncated inside chunk " + chunk + " (byte " + at + ")");
      }
      crc.reset();
      crc.update(header, 0, 9);
      crc.update(stored);
      if ((int) crc.getValue() != sum) {
        throw corrupt(where, "chunk " + chunk + " at byte " + at + " fails its CRC-32C checksum");
      }
      byte[] out = codec == null ? stored : codec.decode(stored, flags, rawLength, chunk, where + " chunk " + chunk);
      chunk++;
      return out;
    } catch (IOException e) {
      throw new BackupException("cannot read " + where + ": " + e, e);
    }
  }

  private void end(byte[] header, int sum, long at) throws IOException {
    byte[] counts = readFully(16);
    if (counts == null) {
      throw corrupt(where, "is truncated inside its end frame at byte " + at);
    }
    crc.reset();
    crc.update(header, 0, 9);
    crc.update(counts);
    if ((int) crc.getValue() != sum) {
      throw corrupt(where, "has an end frame at byte " + at + " that fails its CRC-32C");
    }
    ByteBuffer c = ByteBuffer.wrap(counts);
    long chunks = c.getLong();
    long expectRecords = c.getLong();
    if (chunks != chunk || (codec != null && records > 0 && expectRecords != records)) {
      throw corrupt(where, "ends with " + chunk + " chunks and " + records + " records, its end frame says "
          + chunks + " and " + expectRecords);
    }
    if (in.read() != -1) {
      throw corrupt(where, "has bytes after its end frame at byte " + offset[0]);
    }
    records = expectRecords;
    ended = true;
    if (expected != null) {
      if (offset[0] != expected.size()) {
        throw corrupt(where, "is " + offset[0] + " bytes, the manifest says " + expected.size());
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(expected.sha256())) {
        throw corrupt(where, "has SHA-256 " + actual + ", the manifest says " + expected.sha256());
      }
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // a read-only stream: nothing was lost by a failed close
    } finally {
      if (codec != null) {
        codec.close();
      }
    }
  }

  private static final Records.Sink IGNORE = new Records.Sink() {
    @Override
    public void put(byte[] key, byte[] value) {}

    @Override
    public void delete(byte[] key) {}

    @Override
    public void deleteRange(byte[] from, byte[] to) {}
  };

  private byte[] readFully(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    sha.update(b);
    offset[0] += b.length;
    return b.length == n ? b : null;
  }

  static BackupCorruptedException corrupt(String where, String what) {
    return new BackupCorruptedException(where + " " + what + ": the backup is damaged; restore an older backup, or take"
        + " a new one");
  }
}
