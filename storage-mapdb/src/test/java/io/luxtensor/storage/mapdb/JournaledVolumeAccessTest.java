package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.CC;
import org.mapdb.volume.FileChannelVol;

/**
 * MapDB's typed reads and writes through the journaled store file: a write inside a commit is seen
 * by the reads that follow it before the commit reaches the file, and after it; the file is never
 * shrunk and a read-only volume takes no writes.
 */
class JournaledVolumeAccessTest {

  private static final int PAGE = PageJournal.PAGE;

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve(MapDbFiles.FILE_NAME);
  }

  private static JournaledVolume open(Path file, boolean readOnly) {
    return JournaledVolume.open(FileChannelVol.FACTORY.makeVolume(file.toString(), readOnly, 0L, CC.PAGE_SHIFT, 0L, false),
        file, readOnly);
  }

  private JournaledVolume withOnePage() {
    JournaledVolume volume = open(file(), false);
    volume.ensureAvailable(PAGE);
    volume.putData(0, new byte[PAGE], 0, PAGE);
    volume.sync();
    return volume;
  }

  @Test
  void typedWritesAreReadBackBeforeTheCommitReachesTheFile() {
    JournaledVolume volume = withOnePage();
    volume.putLong(0, 0x0102030405060708L);
    volume.putInt(8, 0xCAFEBABE);
    volume.putByte(12, (byte) 0x7F);

    assertThat(volume.getLong(0)).isEqualTo(0x0102030405060708L);
    assertThat(volume.getInt(8)).isEqualTo(0xCAFEBABE);
    assertThat(volume.getByte(12)).isEqualTo((byte) 0x7F);
    volume.close();
  }

  @Test
  void typedWritesAreReadBackAfterTheCommitAndAReopen() {
    JournaledVolume volume = withOnePage();
    volume.putLong(0, -2L);
    volume.putInt(8, -3);
    volume.putByte(12, (byte) -4);
    volume.sync();
    volume.close();

    JournaledVolume reopened = open(file(), false);
    assertThat(reopened.getLong(0)).isEqualTo(-2L);
    assertThat(reopened.getInt(8)).isEqualTo(-3);
    assertThat(reopened.getByte(12)).isEqualTo((byte) -4);
    reopened.close();
  }

  @Test
  void bufferWriteTakesTheBufferRemainderAndLeavesItsPositionAlone() throws Exception {
    JournaledVolume volume = withOnePage();
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2, 3});
    buffer.position(1);
    volume.putData(100, buffer);

    assertThat(buffer.position()).isEqualTo(1);
    byte[] read = new byte[3];
    volume.getDataInput(100, 3).readFully(read);
    assertThat(read).containsExactly(1, 2, 3);
    volume.close();
  }

  @Test
  void clearZeroesTheRangeOnly() throws Exception {
    JournaledVolume volume = withOnePage();
    byte[] ones = new byte[16];
    Arrays.fill(ones, (byte) 1);
    volume.putData(0, ones, 0, 16);
    volume.clear(4, 12);

    byte[] read = new byte[16];
    volume.getDataInput(0, 16).readFully(read);
    assertThat(read).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1);
    volume.close();
  }

  @Test
  void storeFileIsNeverShrunk() {
    JournaledVolume volume = withOnePage();
    long before = volume.length();
    assertThatThrownBy(() -> volume.truncate(0)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("never shrinks");
    assertThat(volume.length()).isEqualTo(before).isGreaterThanOrEqualTo(PAGE);
    volume.close();
  }

  @Test
  void readOnlyVolumeRejectsWritesAndReportsItself() {
    withOnePage().close();
    JournaledVolume readOnly = open(file(), true);
    assertThat(readOnly.isReadOnly()).isTrue();
    assertThatThrownBy(() -> readOnly.putLong(0, 1L)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("read-only");
    readOnly.close();
  }

  @Test
  void reportsTheUnderlyingFilesShapeAndLock() {
    withOnePage().close();
    org.mapdb.volume.Volume base = FileChannelVol.FACTORY.makeVolume(file().toString(), false, 0L, CC.PAGE_SHIFT, 0L, false);
    JournaledVolume volume = JournaledVolume.open(base, file(), false);
    assertThat(volume.getFile().toPath()).isEqualTo(file());
    assertThat(volume.isReadOnly()).isFalse();
    assertThat(volume.isSliced()).isEqualTo(base.isSliced());
    assertThat(volume.sliceSize()).isEqualTo(base.sliceSize());
    assertThat(volume.getFileLocked()).isEqualTo(base.getFileLocked());
    assertThat(volume.fileLoad()).isEqualTo(base.fileLoad());
    volume.close();
  }

  @Test
  void closingTwiceIsHarmless() {
    JournaledVolume volume = withOnePage();
    volume.close();
    volume.close();
    JournaledVolume reopened = open(file(), false);
    assertThat(reopened.length()).isGreaterThanOrEqualTo(PAGE);
    reopened.close();
  }
}
