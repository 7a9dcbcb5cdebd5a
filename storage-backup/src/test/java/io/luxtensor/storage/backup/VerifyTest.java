package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {

  @TempDir
  Path dir;
  private Backups backups;
  private Manifest m;

  @BeforeEach
  void backUp() {
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 1000, 11);
      backups = Backups.open(dir);
      m = backups.create(source, BackupOptions.full());
    }
  }

  static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }

  @Test
  void aSoundBackupVerifiesWithNoProblem() {
    VerifyReport r = backups.verify(m.id(), null);
    assertThat(r.problems()).isEmpty();
    assertThat(r.decrypted()).isTrue();
  }

  @Test
  void aFlippedByteInsideAChunkIsReportedWithItsFileAndChunk() throws IOException {
    flip(dir.resolve("000001/cf-0001.dat"), 8 + 13 + 100);
    VerifyReport r = backups.verify(m.id(), null);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("cf-0001.dat");
      assertThat(p.message()).contains("chunk 0").contains("CRC-32C");
    });
  }

  @Test
  void aFlippedByteInAKeyIndexIsReportedWithItsFile() throws IOException {
    flip(dir.resolve("000001/cf-0002.idx"), 30);
    assertThat(backups.verify(m.id(), null).problems()).extracting(VerifyReport.Problem::file)
        .containsExactly("cf-0002.idx");
  }

  @Test
  void aTruncatedFileIsReportedAsTruncated() throws IOException {
    Path file = dir.resolve("000001/cf-0000.dat");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 5);
    }
    assertThat(backups.verify(m.id(), null).problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("cf-0000.dat");
      assertThat(p.message()).contains("truncated");
    });
  }

  @Test
  void aFileCutAtAChunkBoundaryIsStillTruncated() throws IOException {
    Path file = dir.resolve("000001/cf-0000.dat");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 29); // exactly the end frame
    }
    assertThat(backups.verify(m.id(), null).problems()).singleElement().satisfies(p ->
        assertThat(p.message()).contains("without its end frame"));
  }

  @Test
  void aMissingFileIsReportedAsMissing() throws IOException {
    Files.delete(dir.resolve("000001/cf-0001.idx"));
    assertThat(backups.verify(m.id(), null).problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("cf-0001.idx");
      assertThat(p.message()).contains("is missing");
    });
  }

  @Test
  void aFlippedByteInTheManifestIsReportedAndTheBackupLeavesTheList() throws IOException {
    flip(dir.resolve("000001/manifest"), 40);
    assertThat(backups.verifyAll(null).problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("manifest");
      assertThat(p.message()).contains("does not parse");
    });
    assertThat(backups.list()).isEmpty();
  }

  @Test
  void aBackupWithAnExtraByteAfterItsEndIsReported() throws IOException {
    Files.write(dir.resolve("000001/cf-0000.dat"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    assertThat(backups.verify(m.id(), null).problems()).singleElement().satisfies(p ->
        assertThat(p.message()).contains("after its end frame"));
  }
}
