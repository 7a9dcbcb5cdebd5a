package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The redo journal of a store file ({@code <store>.journal}): one record per commit, holding the full
 * new image of every page the commit changes, appended and fsynced before any of those pages reaches
 * the store file. That fsync is the commit's only one: the store file and its checksums are written
 * without one and made durable together at a checkpoint ({@link #reset}), which empties the journal.
 * Replaying the records in order over the store file after a kill or a power cut gives the state of
 * the last whole record, whatever the store file held of them; replaying a record whose pages are
 * already there changes nothing.
 *
 * <p>Record: {@code magic:8 | epoch:8 | bodyLength:8 | crc32c(epoch, bodyLength, body):4 | body},
 * the body being {@code storeLength:8 | pageCount:4 | (pageIndex:8 | page:PAGE)*}. The epoch is drawn
 * at random at each checkpoint: the records of one epoch are the journal, and replay stops at the
 * first record that is cut short, fails its checksum or belongs to another epoch (bytes a kill or an
 * earlier epoch left behind). Not thread-safe: used under the volume's lock.
 */
final class PageJournal implements AutoCloseable {

  /** The page size of the journal and of the store's page checksums. */
  static final int PAGE_SHIFT = 12;
  static final int PAGE = 1 << PAGE_SHIFT;

  private static final long MAGIC = 0x4c55584a524e4c32L; // "LUXJRNL2"
  private static final int HEADER = 8 + 8 + 8 + 4;
  private static final int SLICE_PAGES = 256;
  private static final SecureRandom EPOCHS = new SecureRandom();

  /** One commit read back from a journal: the store's length and its page images by page index. */
  record Commit(long storeLength, NavigableMap<Long, byte[]> pages) {}

  /** Receives the commits of a journal, oldest first. */
  @FunctionalInterface
  interface Replay {
    void commit(Commit commit);
  }

  private final Path path;
  private FileChannel channel;
  private long epoch = EPOCHS.nextLong();
  /** Where the next record goes: the bytes of this epoch's records. */
  private long end;

  PageJournal(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Bytes of the records since the last checkpoint. */
  long size() {
    return end;
  }

  /**
   * Appends {@code pages} (page index to an image of {@link #PAGE} bytes) as one record and fsyncs
   * it. The body goes first, in slices of {@value #SLICE_PAGES} pages (no second copy of the commit in
   * memory), the header last, so until the record is whole it fails its checksum and ends the replay.
   */
  void append(long storeLength, NavigableMap<Long, byte[]> pages) {
    long bodyLength = 8 + 4 + pages.size() * (long) (8 + PAGE);
    CRC32C crc = new CRC32C();
    ByteBuffer prefix = ByteBuffer.allocate(16).putLong(epoch).putLong(bodyLength);
    crc.update(prefix.array(), 0, 16);
    try {
      boolean created = channel == null && !Files.exists(path);
      FileChannel out = channel();
      long position = end + HEADER;
      ByteBuffer slice = ByteBuffer.allocate(Math.min(pages.size(), SLICE_PAGES) * (8 + PAGE) + 12);
      slice.putLong(storeLength).putInt(pages.size());
      int inSlice = 0;
      for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
        slice.putLong(page.getKey()).put(page.getValue());
        if (++inSlice == SLICE_PAGES) {
          position = writeSlice(out, slice, position, crc);
          inSlice = 0;
        }
      }
      writeSlice(out, slice, position, crc);
      ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(epoch).putLong(bodyLength)
          .putInt((int) crc.getValue());
      header.flip();
      writeFully(out, header, end);
      out.force(false);
      if (created) {
        StoreDirectory.syncDirectory(path.getParent()); // the journal's name must survive a power cut too
      }
      end += HEADER + bodyLength;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the MapDB store journal " + path, e);
    }
  }

  /**
   * Empties the journal, once the store file and its checksums hold all of it durably, and starts a
   * new epoch, so that no byte of the old records can be taken for a new one.
   */
  void reset() {
    try {
      FileChannel out = channel();
      out.truncate(0);
      out.force(true);
      epoch = EPOCHS.nextLong();
      end = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the MapDB store journal " + path, e);
    }
  }

  /**
   * Calls {@code replay} with each whole commit of the journal at {@code path}, oldest first; returns
   * how many there were (0 when there is no journal). A record cut short or failing its checksum ends
   * the journal: a kill while it was written leaves one, and its commit had not touched the store.
   */
  static int replay(Path path, Replay replay) {
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = in.size();
      long position = 0;
      long epoch = 0;
      int commits = 0;
      while (size - position >= HEADER) {
        ByteBuffer header = readFully(in, position, HEADER);
        long recordEpoch = header.getLong(8);
        long bodyLength = header.getLong(16);
        if (header.getLong(0) != MAGIC || (commits > 0 && recordEpoch != epoch) || bodyLength < 12
            || bodyLength > size - position - HEADER || bodyLength > Integer.MAX_VALUE) {
          break;
        }
        ByteBuffer body = readFully(in, position + HEADER, (int) bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 8, 16);
        crc.update(body.array(), 0, (int) bodyLength);
        Commit commit = (int) crc.getValue() == header.getInt(24) ? decode(body) : null;
        if (commit == null) {
          break;
        }
        replay.commit(commit);
        epoch = recordEpoch;
        commits++;
        position += HEADER + bodyLength;
      }
      return commits;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MapDB store journal " + path, e);
    }
  }

  private static Commit decode(ByteBuffer body) {
    long storeLength = body.getLong();
    int count = body.getInt();
    if (count < 0 || (long) count * (8 + PAGE) != body.limit() - 12L) {
      return null;
    }
    NavigableMap<Long, byte[]> pages = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      long index = body.getLong();
      byte[] page = new byte[PAGE];
      body.get(page);
      pages.put(index, page);
    }
    return new Commit(storeLength, pages);
  }

  /** Removes the journal, once the store file and its checksums hold all of it durably. */
  void delete() {
    close();
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the MapDB store journal " + path, e);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the MapDB store journal " + path, e);
      } finally {
        channel = null;
      }
    }
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PrivateFiles.fileAttributes(path));
    }
    return channel;
  }

  /** Writes what {@code slice} holds at {@code position}, adds it to {@code crc}, empties it; the next position. */
  private static long writeSlice(FileChannel out, ByteBuffer slice, long position, CRC32C crc) throws IOException {
    slice.flip();
    int length = slice.limit();
    crc.update(slice.array(), 0, length);
    writeFully(out, slice, position);
    slice.clear();
    return position + length;
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      position += out.write(buffer, position);
    }
  }

  private static ByteBuffer readFully(FileChannel in, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int n = in.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("the journal ended inside a record it said was whole");
      }
    }
    buffer.flip();
    return buffer;
  }
}
