package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.CC;
import org.mapdb.volume.FileChannelVol;

/**
 * The store file as a kill leaves it, built by hand (journal records, a store file holding part of
 * them), then opened: the open completes the commits the journal holds whole, in order, and ignores
 * a record cut short.
 */
class JournalReplayTest {

  private static final int PAGE = PageJournal.PAGE;

  @TempDir
  Path dir;

  @Test
  void commitTornInTheStoreFileIsCompletedFromTheJournal() throws IOException {
    Path file = storeOf('A', 'A', 'A');
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(0, 'B'), page(2, 'C'));
    }
    overwritePage(file, 0, 'B'); // killed after the first of its two pages reached the store file

    assertThat(pagesOf(file, 3)).containsExactly('B', 'A', 'C');
    assertThat(StoreDirectory.journalOf(file)).as("emptied and removed on close").doesNotExist();
    assertThat(pagesOf(file, 3)).as("again, from the store file and its checksums alone").containsExactly('B', 'A', 'C');
  }

  @Test
  void readOnlyOpenSeesTheJournalsCommitsAndWritesNothing() throws IOException {
    Path file = storeOf('A', 'A');
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(1, 'B'));
    }
    byte[] before = Files.readAllBytes(file);

    assertThat(pagesOf(file, 2, true)).containsExactly('A', 'B');
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(StoreDirectory.journalOf(file)).exists();
  }

  @Test
  void commitsReplayInOrder() throws IOException {
    Path file = storeOf('A', 'A');
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(0, 'B'), page(1, 'B'));
      append(journal, page(0, 'C'));
    }

    assertThat(pagesOf(file, 2)).containsExactly('C', 'B');
  }

  @Test
  void recordCutShortByAKillIsIgnoredAndTheCommitsBeforeItStay() throws IOException {
    Path file = storeOf('A', 'A');
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(0, 'B'));
      append(journal, page(1, 'C'));
    }
    try (RandomAccessFile raf = new RandomAccessFile(StoreDirectory.journalOf(file).toFile(), "rw")) {
      raf.setLength(raf.length() - 100); // killed while the second record was written: the store file is untouched
    }

    assertThat(pagesOf(file, 2)).containsExactly('B', 'A');
  }

  @Test
  void recordWithAFlippedBitEndsTheReplay() throws IOException {
    Path file = storeOf('A', 'A');
    long firstRecord;
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(0, 'B'));
      firstRecord = journal.size();
      append(journal, page(1, 'C'));
    }
    try (RandomAccessFile raf = new RandomAccessFile(StoreDirectory.journalOf(file).toFile(), "rw")) {
      raf.seek(firstRecord + 100);
      int b = raf.read();
      raf.seek(firstRecord + 100);
      raf.write(b ^ 0x10);
    }

    assertThat(pagesOf(file, 2)).containsExactly('B', 'A');
  }

  @Test
  void storeIsGrownToTheLengthTheJournalRecords() throws IOException {
    Path file = storeOf('A');
    try (PageJournal journal = journalOf(file)) {
      append(journal, page(3, 'D'));
    }

    assertThat(pagesOf(file, 4)).containsExactly('A', '\0', '\0', 'D');
  }

  private Path storeOf(char... pages) throws IOException {
    Path file = dir.resolve(MapDbFiles.FILE_NAME);
    byte[] content = new byte[pages.length * PAGE];
    for (int i = 0; i < pages.length; i++) {
      Arrays.fill(content, i * PAGE, (i + 1) * PAGE, (byte) pages[i]);
    }
    Files.write(file, content);
    return file;
  }

  private static PageJournal journalOf(Path file) {
    return new PageJournal(StoreDirectory.journalOf(file));
  }

  /** Appends one commit of {@code pages}, recording a store as long as its last page reaches. */
  @SafeVarargs
  private static void append(PageJournal journal, Map.Entry<Long, byte[]>... pages) {
    NavigableMap<Long, byte[]> images = new TreeMap<>();
    long length = 0;
    for (Map.Entry<Long, byte[]> page : pages) {
      images.put(page.getKey(), page.getValue());
      length = Math.max(length, (page.getKey() + 1) * PAGE);
    }
    journal.append(length, images);
  }

  private static Map.Entry<Long, byte[]> page(long index, char fill) {
    byte[] image = new byte[PAGE];
    Arrays.fill(image, (byte) fill);
    return Map.entry(index, image);
  }

  private static void overwritePage(Path file, long index, char fill) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(index * PAGE);
      byte[] image = new byte[PAGE];
      Arrays.fill(image, (byte) fill);
      raf.write(image);
    }
  }

  /** Opens the store file through the journaled volume and returns the fill of each of its first pages. */
  private static char[] pagesOfArray(Path file, int pages, boolean readOnly) {
    JournaledVolume volume = JournaledVolume.open(
        FileChannelVol.FACTORY.makeVolume(file.toString(), readOnly, 0L, CC.PAGE_SHIFT, 0L, false), file, readOnly);
    try {
      char[] fills = new char[pages];
      byte[] image = new byte[PAGE];
      for (int i = 0; i < pages; i++) {
        volume.getData((long) i * PAGE, image, 0, PAGE);
        for (byte b : image) {
          assertThat(b).as("page %d is one fill", i).isEqualTo(image[0]);
        }
        fills[i] = (char) image[0];
      }
      return fills;
    } finally {
      volume.close();
    }
  }

  private static List<Character> pagesOf(Path file, int pages) {
    return pagesOf(file, pages, false);
  }

  private static List<Character> pagesOf(Path file, int pages, boolean readOnly) {
    List<Character> fills = new ArrayList<>();
    for (char c : pagesOfArray(file, pages, readOnly)) {
      fills.add(c);
    }
    return fills;
  }
}
