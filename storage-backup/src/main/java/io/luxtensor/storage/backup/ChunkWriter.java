package io.luxtensor.storage.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Writes one data file: the magic, chunks of records (each framed by stored length, raw length,
 * flags and a CRC-32C), and an end frame with the chunk and record counts, so a file cut at a chunk
 * boundary is still seen as truncated. Computes the file's SHA-256 as it writes. Not thread-safe; the
 * caller closes it (closing without {@link #finish()} leaves a file its directory's owner deletes).
 */
final class ChunkWriter implements AutoCloseable {

  static final byte[] MAGIC = "LUXBKDT1".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_BYTES = 13;
  /**
   * Raw bytes per chunk: large enough for zstd to find redundancy, small enough to verify in bits. Not
   * larger: JDK 17's AES-GCM runs ~70 MB/s on 1 MiB calls and 3-4 GB/s on 256 KiB ones here (its
   * intrinsic is not reached on the large calls), measured in the bench notes.
   */
  static final int DEFAULT_CHUNK_BYTES = 256 << 10;

  private final FileChannel channel;
  private final OutputStream out;
  private final MessageDigest sha = Hashing.sha256();
  private final ChunkCodec codec;
  private final int chunkBytes;
  private final int[] flags = new int[1];
  private final CRC32C crc = new CRC32C();
  private byte[] buf;
  private int len;
  private long chunks;
  private long records;
  private long size;

  ChunkWriter(Path file, ChunkCodec codec, int chunkBytes) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.codec = codec;
    this.chunkBytes = chunkBytes;
    this.buf = new byte[chunkBytes + 1024];
    write(MAGIC, MAGIC.length);
  }

  long records() {
    return records;
  }

  /** Bytes written to the file so far. */
  long size() {
    return size;
  }

  void put(byte[] key, byte[] value) throws IOException {
    ensure(11 + key.length + value.length);
    buf[len++] = Records.PUT;
    field(key);
    field(value);
    recordAdded();
  }

  void delete(byte[] key) throws IOException {
    ensure(6 + key.length);
    buf[len++] = Records.DELETE;
    field(key);
    recordAdded();
  }

  void deleteRange(byte[] from, byte[] to) throws IOException {
    ensure(11 + from.length + (to == null ? 0 : to.length));
    buf[len++] = Records.DELETE_RANGE;
    field(from);
    if (to == null) {
      varint(0);
    } else {
      varint(to.length + 1L);
      System.arraycopy(to, 0, buf, len, to.length);
      len += to.length;
    }
    recordAdded();
  }

  /** Writes the last chunk and the end frame, forces the file to disk, and returns its size and SHA-256. */
  Manifest.FileEntry finish() throws IOException {
    if (len > 0) {
      flushChunk();
    }
    ByteBuffer end = ByteBuffer.allocate(HEADER_BYTES + 16);
    end.putInt(-1).putInt(0).put((byte) 0).putInt(0).putLong(chunks).putLong(records);
    crc.reset();
    crc.update(end.array(), 0, 9);
    crc.update(end.array(), HEADER_BYTES, 16);
    end.putInt(9, (int) crc.getValue());
    write(end.array(), end.capacity());
    out.flush();
    channel.force(true);
    out.close();
    return new Manifest.FileEntry(size, HexFormat.of().formatHex(sha.digest()));
  }

  private void recordAdded() throws IOException {
    records++;
    if (len >= chunkBytes) {
      flushChunk();
    }
  }

  private void flushChunk() throws IOException {
    byte[] stored = codec.encode(buf, len, chunks, flags);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.putInt(stored.length).putInt(len).put((byte) flags[0]);
    crc.reset();
    crc.update(header.array(), 0, 9);
    crc.update(stored);
    header.putInt((int) crc.getValue());
    write(header.array(), HEADER_BYTES);
    write(stored, stored.length);
    chunks++;
    len = 0;
  }

  private void write(byte[] bytes, int n) throws IOException {
    out.write(bytes, 0, n);
    sha.update(bytes, 0, n);
    size += n;
  }

  private void ensure(long extra) {
    if (len + extra > buf.length) {
      if (len + extra > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("an entry of " + extra + " bytes is too large for a backup chunk");
      }
      buf = java.util.Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, len + extra));
    }
  }

  private void field(byte[] bytes) {
    varint(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      buf[len++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buf[len++] = (byte) value;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
