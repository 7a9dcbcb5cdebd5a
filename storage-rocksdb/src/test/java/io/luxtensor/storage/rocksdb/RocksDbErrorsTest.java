package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.TransactionConflictException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class RocksDbErrorsTest {

  private static final Path PATH = Path.of("/var/lib/lux");

  @TempDir
  Path dir;

  @Test
  void secondWritableOpenNamesTheLockFileAndTellsToCloseTheOtherProcess() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).build();
    try (KeyValueStore first = StorageEngines.open(config)) {
      assertThat(first.isClosed()).isFalse();
      assertThatThrownBy(() -> StorageEngines.open(config)).isExactlyInstanceOf(StorageException.class)
          .hasMessageContaining(dir.resolve("LOCK").toString()).hasMessageContaining("close the other process")
          .hasCauseInstanceOf(RocksDBException.class);
    }
  }

  @Test
  void missingStoreWithoutCreateIfMissingSaysHowToCreateIt() {
    StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir.resolve("absent")).createIfMissing(false).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOf(StorageException.class)
        .hasMessageContaining("createIfMissing").hasCauseInstanceOf(RocksDBException.class);
  }

  @Test
  void corruptionStatusBecomesCorruptionExceptionWithTheNativeCause() {
    RocksDBException cause = failure(Status.Code.Corruption, Status.SubCode.None, "block checksum mismatch");
    assertThat(RocksDbErrors.map(cause, "reading", PATH)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("block checksum mismatch").hasMessageContaining(PATH.toString()).hasCause(cause);
  }

  @Test
  void noSpaceIoErrorBecomesStorageFullException() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.NoSpace, "IO error: No space left on device");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isInstanceOf(StorageFullException.class).hasCause(cause);
  }

  @Test
  void busyOnCommitBecomesTransactionConflict() {
    RocksDBException cause = failure(Status.Code.Busy, Status.SubCode.None, "Resource busy");
    assertThat(RocksDbErrors.onCommit(cause, PATH)).isInstanceOf(TransactionConflictException.class).hasCause(cause);
  }

  @Test
  void tryAgainOnCommitBecomesTransactionConflict() {
    RocksDBException cause = failure(Status.Code.TryAgain, Status.SubCode.None, "memtable history too short");
    assertThat(RocksDbErrors.onCommit(cause, PATH)).isInstanceOf(TransactionConflictException.class).hasCause(cause);
  }

  @Test
  void busyOutsideCommitIsNoConflict() {
    RocksDBException cause = failure(Status.Code.Busy, Status.SubCode.None, "Resource busy");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class).hasCause(cause);
  }

  @Test
  void missingTableFileIsCorruptionNotAnIoHiccup() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None,
        "IO error: No such file or directory: While open a file for random read: /db/000012.sst");
    assertThat(RocksDbErrors.map(cause, "reading", PATH)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("missing").hasMessageContaining(PATH.toString()).hasCause(cause);
  }

  @Test
  void otherIoErrorsNameTheStoreAndWhatToCheck() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: Permission denied");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining(PATH.toString()).hasMessageContaining("permissions").hasCause(cause);
  }

  @Test
  void corruptionOnOpenWithADamagedLogNamesTheLogAndTheSalvageOption() {
    RocksDBException cause = failure(Status.Code.Corruption, Status.SubCode.None, "checksum mismatch");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.of("000004.log (20352 bytes unreadable)")))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("000004.log")
        .hasMessageContaining("rocksdb.wal_recovery_mode=point_in_time").hasCause(cause);
  }

  @Test
  void corruptionOnOpenElsewherePointsToTheInfoLog() {
    RocksDBException cause = failure(Status.Code.Corruption, Status.SubCode.None, "bad block in MANIFEST");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.empty())).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("LOG").hasCause(cause);
  }

  @Test
  void invalidArgumentOutsideOpenSaysRocksDbRejectedTheRequest() {
    RocksDBException cause = failure(Status.Code.InvalidArgument, Status.SubCode.None, "bad range");
    assertThat(RocksDbErrors.map(cause, "compacting", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("rejected").hasCause(cause);
  }

  @Test
  void exceptionWithoutStatusIsStillMappedWithItsMessage() {
    RocksDBException cause = new RocksDBException("something odd");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("something odd").hasCause(cause);
  }

  private static RocksDBException failure(Status.Code code, Status.SubCode subCode, String message) {
    return new RocksDBException(message, new Status(code, subCode, message));
  }
}
