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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Writes one data file: the magic, chunks of records (each framed by stored length, raw length,
 * flags and a CRC-32C), and an end frame with the chunk and record counts, so a file cut at a chunk
 * boundary is still seen as truncated. Computes the file's SHA-256 as it writes.
 *
 * <p>The caller frames records into a raw chunk; a full chunk goes to a background thread that
 * compresses, encrypts, checksums and writes it, in order, while the caller frames the next (and, when
 * there is a {@link Tap}, to a second thread that reads it). At most {@value #BUFFERS} raw chunks are in
 * flight per file, so memory stays bounded and a caller faster than the disk waits. A file of a single
 * chunk starts no thread. A background failure is thrown by the caller's next call. The bytes written
 * are the same as a one-threaded writer's.
 *
 * <p>One framing thread at a time (not thread-safe); {@link #size()} may be read from any thread. The
 * caller closes it (closing without {@link #finish()} stops the threads and leaves a file its
 * directory's owner deletes); closing closes the codec.
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
  /** Raw chunks in flight per file: one being framed, the rest queued or being encoded. */
  static final int BUFFERS = 4;

  /** Reads every raw chunk of the file, in order, on a thread of its own; must not keep the array. */
  interface Tap {
    void chunk(byte[] raw, int length) throws IOException;
  }

  private final FileChannel channel;
  private final OutputStream out;
  private final MessageDigest sha = Hashing.sha256();
  private final ChunkCodec codec;
  private final int chunkBytes;
  private final CRC32C crc = new CRC32C();
  private final Semaphore permits = new Semaphore(BUFFERS);
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final Lane encoder;
  private final Lane tap;
  private byte[] buf;
  private int len;
  private long chunks;
  private long records;
  private volatile long size;
  private volatile boolean abandoned;

  ChunkWriter(Path file, ChunkCodec codec, int chunkBytes) throws IOException {
    this(file, codec, chunkBytes, null);
  }

  /** @param tap sees every raw chunk, or {@code null} */
  ChunkWriter(Path file, ChunkCodec codec, int chunkBytes, Tap tap) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.codec = codec;
    this.chunkBytes = chunkBytes;
    this.encoder = new Lane("encode " + file.getFileName(), this::encodeAndWrite);
    this.tap = tap == null ? null : new Lane("read " + file.getFileName(), c -> tap.chunk(c.raw, c.length));
    acquire();
    this.buf = newBuffer();
    write(MAGIC, MAGIC.length);
  }

  long records() {
    return records;
  }

  /** Bytes written to the file so far (chunks still queued are not counted). */
  long size() {
    return size;
  }

  void put(byte[] key, byte[] value) throws IOException {
    put(key, 0, key.length, value, 0, value.length);
  }

  /** A put of {@code key[keyOffset, +keyLength)}, {@code value[valueOffset, +valueLength)}. */
  void put(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength)
      throws IOException {
    ensure(11L + keyLength + valueLength);
    buf[len++] = Records.PUT;
    field(key, keyOffset, keyLength);
    field(value, valueOffset, valueLength);
    recordAdded();
  }

  void delete(byte[] key) throws IOException {
    ensure(6L + key.length);
    buf[len++] = Records.DELETE;
    field(key, 0, key.length);
    recordAdded();
  }

  void deleteRange(byte[] from, byte[] to) throws IOException {
    ensure(11L + from.length + (to == null ? 0 : to.length));
    buf[len++] = Records.DELETE_RANGE;
    field(from, 0, from.length);
    if (to == null) {
      varint(0);
    } else {
      varint(to.length + 1L);
      System.arraycopy(to, 0, buf, len, to.length);
      len += to.length;
    }
    recordAdded();
  }

  /**
   * Writes the last chunk and the end frame once every queued chunk is written, forces the file to
   * disk, and returns its size and SHA-256.
   */
  Manifest.FileEntry finish() throws IOException {
    rethrow();
    if (len > 0) {
      Chunk last = new Chunk(buf, len, chunks++);
      buf = null;
      len = 0;
      if (encoder.started()) {
        submit(last);
      } else {
        // a file of one chunk: threads would cost more than they overlap
        try {
          if (tap != null) {
            tap.work.accept(last);
          }
          encoder.work.accept(last);
        } finally {
          last.release();
        }
      }
    }
    encoder.end();
    if (tap != null) {
      tap.end();
    }
    rethrow();
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
      submit(new Chunk(buf, len, chunks++));
      len = 0;
      buf = null;
      acquire();
      buf = newBuffer();
    }
  }

  private void submit(Chunk chunk) throws IOException {
    rethrow();
    if (tap != null) {
      chunk.refs.incrementAndGet();
      tap.submit(chunk);
    }
    encoder.submit(chunk);
  }

  /** Runs on the encoder lane, chunk after chunk in order (or on the caller for a file of one chunk). */
  private void encodeAndWrite(Chunk chunk) throws IOException {
    ChunkCodec.Stored stored = codec.encode(chunk.raw, chunk.length, chunk.index);
    byte[] header = new byte[HEADER_BYTES];
    ByteBuffer.wrap(header).putInt(stored.length()).putInt(chunk.length).put((byte) stored.flags());
    crc.reset();
    crc.update(header, 0, 9);
    crc.update(stored.bytes(), 0, stored.length());
    ByteBuffer.wrap(header).putInt(9, (int) crc.getValue());
    write(header, HEADER_BYTES);
    write(stored.bytes(), stored.length());
  }

  private void write(byte[] bytes, int n) throws IOException {
    out.write(bytes, 0, n);
    sha.update(bytes, 0, n);
    size += n; // one writer at a time: the constructor, then the encoder lane, then finish after joining it
  }

  private void ensure(long extra) {
    if (len + extra > buf.length) {
      if (len + extra > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("an entry of " + extra + " bytes is too large for a backup chunk");
      }
      buf = java.util.Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, len + extra));
    }
  }

  private void field(byte[] bytes, int offset, int length) {
    varint(length);
    System.arraycopy(bytes, offset, buf, len, length);
    len += length;
  }

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      buf[len++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buf[len++] = (byte) value;
  }

  private byte[] newBuffer() {
    byte[] b = free.poll();
    return b != null ? b : new byte[chunkBytes + 1024];
  }

  /** Waits for a buffer to come back: the bound on memory, and the back-pressure on a fast caller. */
  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted while writing a backup file", e);
    }
  }

  private void rethrow() throws IOException {
    Throwable failure = encoder.failure != null ? encoder.failure : tap != null ? tap.failure : null;
    if (failure instanceof IOException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    abandoned = true;
    try {
      encoder.end();
      if (tap != null) {
        tap.end();
      }
    } finally {
      try {
        channel.close();
      } finally {
        codec.close();
      }
    }
  }

  /** A raw chunk in flight; its buffer goes back to the pool when every lane is done with it. */
  private final class Chunk {
    final byte[] raw;
    final int length;
    final long index;
    final AtomicInteger refs = new AtomicInteger(1);

    Chunk(byte[] raw, int length, long index) {
      this.raw = raw;
      this.length = length;
      this.index = index;
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        if (raw.length <= chunkBytes + 1024) {
          free.offer(raw); // an oversized buffer (one huge entry) is not kept
        }
        permits.release();
      }
    }
  }

  /** What a lane does with each chunk. */
  private interface Work {
    void accept(Chunk chunk) throws IOException;
  }

  /** One background thread working through chunks in order; started by the first chunk it gets. */
  private final class Lane implements Runnable {
    private final Chunk endMark = new Chunk(new byte[0], 0, -1);
    private final ArrayBlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final String name;
    final Work work;
    private Thread thread;
    volatile Throwable failure;

    Lane(String name, Work work) {
      this.name = name;
      this.work = work;
    }

    boolean started() {
      return thread != null;
    }

    void submit(Chunk chunk) {
      if (abandoned) {
        chunk.release();
        throw new BackupException("the backup file was closed while it was being written");
      }
      if (thread == null) {
        thread = new Thread(this, "backup " + name);
        thread.setDaemon(true);
        thread.start();
      }
      boolean interrupted = false;
      while (true) {
        try {
          queue.put(chunk);
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the lane drains its queue, so this wait is short: finish it, then report
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
        abandoned = true;
        throw new BackupException("interrupted while writing a backup file");
      }
    }

    /** Lets the lane finish what is queued (skipping the work once abandoned), then waits for it to stop. */
    void end() {
      if (thread == null) {
        return;
      }
      boolean interrupted = false;
      while (true) {
        try {
          if (thread.isAlive() && !queue.contains(endMark)) {
            queue.put(endMark);
          }
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          abandoned = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      while (true) {
        Chunk chunk;
        try {
          chunk = queue.take();
        } catch (InterruptedException e) {
          continue; // nobody interrupts a lane; its end mark ends it
        }
        if (chunk == endMark) {
          return;
        }
        try {
          if (failure == null && !abandoned) {
            work.accept(chunk);
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          chunk.release();
        }
      }
    }
  }
}
