package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.CC;
import org.mapdb.DBException;
import org.mapdb.volume.FileChannelVol;

/**
 * A commit MapDB abandons halfway (a write failing on a damaged page, a journal that cannot be
 * written for want of space) leaves nothing behind: MapDB's rollback reads the store as it was, and
 * later commits and reopens see none of it.
 */
class JournaledVolumeTest {

  private static final int PAGE = PageJournal.PAGE;

  @TempDir
  Path dir;

  @Test
  void commitWhoseJournalCannotBeWrittenLeavesTheStoreAsItWas() throws IOException {
    Path file = committedStore('A', 'A');
    JournaledVolume volume = open(file);
    Files.createDirectory(StoreDirectory.journalOf(file)); // the journal cannot be created: as a full disk
    volume.putData(0, fill('B'), 0, PAGE);

    assertThatThrownBy(volume::sync).isInstanceOf(UncheckedIOException.class);

    assertThat(pageOf(volume, 0)).as("what MapDB's rollback reads").isEqualTo('A');
    Files.delete(StoreDirectory.journalOf(file));
    volume.putData(PAGE, fill('C'), 0, PAGE);
    volume.sync();
    volume.close();
    JournaledVolume reopened = open(file);
    assertThat(pageOf(reopened, 0)).isEqualTo('A');
    assertThat(pageOf(reopened, 1)).isEqualTo('C');
    reopened.close();
  }

  @Test
  void writeFailingOnADamagedPageAbandonsTheWholeCommit() throws IOException {
    Path file = committedStore('A', 'A');
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(PAGE + 10);
      raf.write('Z');
    }
    JournaledVolume volume = open(file);
    volume.putData(0, fill('B'), 0, PAGE);

    assertThatThrownBy(() -> volume.putData(PAGE, fill('C'), 0, 8)).isInstanceOf(DBException.DataCorruption.class);

    assertThat(pageOf(volume, 0)).as("the first write of the commit is gone too").isEqualTo('A');
    volume.close();
    assertThat(StoreDirectory.journalOf(file)).doesNotExist();
    JournaledVolume reopened = open(file);
    assertThat(pageOf(reopened, 0)).isEqualTo('A');
    reopened.close();
  }

  /** A store file of pages filled with {@code fills}, written through the volume, so it has checksums. */
  private Path committedStore(char... fills) {
    Path file = dir.resolve(MapDbFiles.FILE_NAME);
    JournaledVolume volume = open(file);
    for (int i = 0; i < fills.length; i++) {
      volume.ensureAvailable((long) (i + 1) * PAGE);
      volume.putData((long) i * PAGE, fill(fills[i]), 0, PAGE);
    }
    volume.sync();
    volume.close();
    return file;
  }

  private static JournaledVolume open(Path file) {
    return JournaledVolume.open(FileChannelVol.FACTORY.makeVolume(file.toString(), false, 0L, CC.PAGE_SHIFT, 0L, false),
        file, false);
  }

  private static byte[] fill(char c) {
    byte[] page = new byte[PAGE];
    Arrays.fill(page, (byte) c);
    return page;
  }

  private static char pageOf(JournaledVolume volume, long index) {
    byte[] page = new byte[PAGE];
    volume.getData(index * PAGE, page, 0, PAGE);
    return (char) page[0];
  }
}
