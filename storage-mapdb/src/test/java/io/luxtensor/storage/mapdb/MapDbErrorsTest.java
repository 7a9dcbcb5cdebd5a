package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mapdb.DBException;

class MapDbErrorsTest {

  private static final Path FILE = Path.of("/data/lux/mapdb.db");

  @Test
  void checksumAndFormatErrorsBecomeCorruptionWithTheCauseKept() {
    DBException.DataCorruption checksum = new DBException.DataCorruption("Header checksum broken");
    StorageException mapped = MapDbErrors.map(checksum, "open", FILE);
    assertThat(mapped).isInstanceOf(CorruptionException.class).hasCause(checksum).hasMessageContaining(FILE.toString());
    assertThat(MapDbErrors.map(new DBException.WrongFormat("not a MapDB file"), "open", FILE)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void fullDiskBecomesStorageFull() {
    DBException.VolumeIOError full = new DBException.VolumeIOError(new IOException("No space left on device"));
    assertThat(MapDbErrors.map(full, "write a batch", FILE)).isInstanceOf(StorageFullException.class).hasCause(full)
        .hasMessageContaining("nothing of this write was applied");
    assertThat(MapDbErrors.map(new DBException.VolumeMaxSizeExceeded(10, 20), "write a batch", FILE))
        .isInstanceOf(StorageFullException.class);
  }

  @Test
  void lockedFileIsNamedWithTheWayOut() {
    DBException.FileLocked locked = new DBException.FileLocked(FILE, new IOException("lock held"));
    StorageException mapped = MapDbErrors.map(locked, "open", FILE);
    assertThat(mapped.getClass()).isEqualTo(StorageException.class);
    assertThat(mapped).hasCause(locked).hasMessageContaining(FILE.toString()).hasMessageContaining("locked by another process");
  }

  @Test
  void storageExceptionsPassThroughUnchanged() {
    UnknownColumnFamilyException unknown = new UnknownColumnFamilyException("x", "dropped");
    assertThat(MapDbErrors.map(unknown, "write a batch", FILE)).isSameAs(unknown);
  }

  @Test
  void otherErrorsKeepTheirCauseAndSayWhatWasAsked() {
    IllegalStateException odd = new IllegalStateException("odd");
    assertThat(MapDbErrors.map(odd, "flush", null)).hasCause(odd).hasMessageContaining("flush").hasMessageContaining("temporary");
  }
}
