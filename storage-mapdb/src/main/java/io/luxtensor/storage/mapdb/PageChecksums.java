package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A CRC-32C of every {@link PageJournal#PAGE}-byte page of the store file, kept in memory and in the
 * side file {@code <store>.crc} (4 bytes per page, 0.1% of the store), so that a damaged page is
 * reported before MapDB, which keeps no checksums of its own records, reads anything from it. Each
 * page is checked the first time it is read after open, and trusted afterwards (it is in the page
 * cache or mapped, and every later change comes through here with a fresh checksum).
 *
 * <p>An entry holds {@code crc32c(page) ^ crc32c(zero page)}, so an entry of 0, and any page past
 * the end of the side file, stands for a page of zeros: the store file grows by zero-filled pages
 * that need no entry. The side file changes only in {@link #write}, after the journal holding the
 * same pages is synced, and is synced itself at the store's checkpoints ({@link #force}), after
 * which the journal is emptied: until then, a kill or a power cut leaves it to be rewritten from the
 * journal with the pages.
 *
 * <p>Checks may run concurrently from many threads; a page checked twice by two racing threads is
 * harmless. {@link #update} and {@link #write} run under the volume's lock.
 */
final class PageChecksums implements AutoCloseable {

  private static final int ZERO_PAGE_CRC = crc(new byte[PageJournal.PAGE], 0, PageJournal.PAGE);

  private final Path path;
  private final boolean readOnly;
  private FileChannel channel;
  private volatile int[] entries;
  /** One bit per page: checked since open, or written by this process. */
  private volatile long[] checked;

  private PageChecksums(Path path, boolean readOnly, int[] entries) {
    this.path = path;
    this.readOnly = readOnly;
    this.entries = entries;
    this.checked = new long[(entries.length >> 6) + 1];
  }

  /**
   * Loads the checksums of the store file {@code store} (whose pages {@code pages} reads). A store
   * without a side file (made before this engine kept one) gets one computed from its current
   * content, written unless {@code readOnly}.
   */
  static PageChecksums open(Path path, boolean readOnly, long storeLength, PageReader pages) {
    try {
      if (Files.exists(path)) {
        byte[] bytes = Files.readAllBytes(path);
        int[] entries = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).asIntBuffer().get(entries);
        return new PageChecksums(path, readOnly, entries);
      }
      int count = (int) ((storeLength + PageJournal.PAGE - 1) >> PageJournal.PAGE_SHIFT);
      int[] entries = new int[count];
      byte[] page = new byte[PageJournal.PAGE];
      for (int i = 0; i < count; i++) {
        pages.read(i, page);
        entries[i] = crc(page, 0, page.length) ^ ZERO_PAGE_CRC;
      }
      PageChecksums checksums = new PageChecksums(path, readOnly, entries);
      if (!readOnly) {
        checksums.writeAll();
      }
      return checksums;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the page checksums of the MapDB store " + path, e);
    }
  }

  /** Reads page {@code index} of the store file into {@code page}, zero-filled past its end. */
  @FunctionalInterface
  interface PageReader {
    void read(long index, byte[] page);
  }

  /** Whether page {@code index} was checked since open; when not, the caller calls {@link #check}. */
  boolean isChecked(long index) {
    long[] bits = checked;
    int word = (int) (index >>> 6);
    return word < bits.length && (bits[word] & (1L << index)) != 0;
  }

  /** Checks {@code page}, the content of page {@code index} in the store file; throws when damaged. */
  void check(long index, byte[] page) {
    int expected = entry(index);
    int actual = crc(page, 0, page.length) ^ ZERO_PAGE_CRC;
    if (expected != actual) {
      throw new org.mapdb.DBException.DataCorruption("page " + index + " (bytes " + (index << PageJournal.PAGE_SHIFT)
          + " to " + ((index + 1) << PageJournal.PAGE_SHIFT) + ") of " + path.getFileName().toString().replace(".crc", "")
          + " fails its checksum");
    }
    markChecked(index);
  }

  /** Takes the new images of {@code pages} as the store's content: their checksums, in memory. */
  void update(NavigableMap<Long, byte[]> pages) {
    for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
      long index = page.getKey();
      ensureCapacity(index);
      entries[(int) index] = crc(page.getValue(), 0, PageJournal.PAGE) ^ ZERO_PAGE_CRC;
      markChecked(index);
    }
  }

  /**
   * Writes the entries of {@code pages} (after {@link #update}) to the side file, without an fsync:
   * the journal holds the same pages until the next checkpoint, which calls {@link #force}.
   */
  void write(NavigableMap<Long, byte[]> pages) {
    if (readOnly || pages.isEmpty()) {
      return;
    }
    int[] all = entries;
    long first = pages.firstKey();
    long last = pages.lastKey();
    ByteBuffer buffer = ByteBuffer.allocate((int) (last - first + 1) * 4);
    for (long i = first; i <= last; i++) {
      buffer.putInt(all[(int) i]);
    }
    buffer.flip();
    try {
      FileChannel out = channel();
      long position = first * 4;
      while (buffer.hasRemaining()) {
        position += out.write(buffer, position);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the page checksums of the MapDB store " + path, e);
    }
  }

  /** Makes the side file durable. */
  void force() {
    if (readOnly || channel == null) {
      return;
    }
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the page checksums of the MapDB store " + path, e);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the page checksums of the MapDB store " + path, e);
      } finally {
        channel = null;
      }
    }
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** Writes the whole side file under a temporary name and renames it, so a kill leaves none or all of it. */
  private void writeAll() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(entries.length * 4);
    buffer.asIntBuffer().put(entries);
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), PrivateFiles.fileAttributes(temporary))) {
      long position = 0;
      while (buffer.hasRemaining()) {
        position += out.write(buffer, position);
      }
      out.force(false);
    }
    Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    StoreDirectory.syncDirectory(path.getParent());
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      boolean created = !Files.exists(path);
      channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PrivateFiles.fileAttributes(path));
      if (created) {
        StoreDirectory.syncDirectory(path.getParent());
      }
    }
    return channel;
  }

  private int entry(long index) {
    int[] all = entries;
    return index < all.length ? all[(int) index] : 0;
  }

  private void ensureCapacity(long index) {
    if (index >= entries.length) {
      entries = Arrays.copyOf(entries, (int) Math.max(index + 1, entries.length * 2L));
    }
    int words = (int) (index >>> 6) + 1;
    if (words > checked.length) {
      checked = Arrays.copyOf(checked, Math.max(words, checked.length * 2));
    }
  }

  private void markChecked(long index) {
    long[] bits = checked;
    int word = (int) (index >>> 6);
    if (word >= bits.length) {
      bits = Arrays.copyOf(bits, Math.max(word + 1, bits.length * 2));
      checked = bits;
    }
    bits[word] |= 1L << index;
  }
}
