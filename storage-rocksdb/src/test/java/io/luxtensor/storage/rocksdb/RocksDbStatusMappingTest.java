package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Each RocksDB status a store can meet, mapped to the one storage exception that says what to do. */
class RocksDbStatusMappingTest {

  private static final Path PATH = Path.of("/var/lib/lux");

  private static RocksDBException failure(Status.Code code, Status.SubCode subCode, String message) {
    return new RocksDBException(message, new Status(code, subCode, message));
  }

  @Test
  void noSpaceMessageWithoutTheSubCodeIsStillStorageFull() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No space left on device");
    assertThat(RocksDbErrors.map(cause, "flushing", PATH)).isInstanceOf(StorageFullException.class).hasCause(cause);
  }

  @Test
  void missingCurrentFileOnOpenMeansThereIsNoStore() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None,
        "IO error: No such file or directory: While opening a file for sequentially reading: /var/lib/lux/CURRENT");
    StorageException mapped = RocksDbErrors.onOpen(cause, PATH, Optional.empty());
    assertThat(mapped).isExactlyInstanceOf(StorageException.class).hasMessageContaining("there is no store there")
        .hasMessageContaining("createIfMissing(true)").hasCause(cause);
  }

  @Test
  void missingCurrentFileAfterOpenIsAPlainIoError() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No such file or directory: CURRENT");
    assertThat(RocksDbErrors.map(cause, "checkpointing", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("I/O error");
  }

  @Test
  void missingWalFileIsCorruption() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No such file or directory: /db/000007.log");
    assertThat(RocksDbErrors.map(cause, "reading", PATH)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void missingManifestIsCorruption() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No such file or directory: /db/MANIFEST-000005");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.empty())).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void missingBlobFileIsCorruption() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No such file or directory: /db/000009.blob");
    assertThat(RocksDbErrors.map(cause, "reading", PATH)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void missingFileOfAnotherKindIsAPlainIoError() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: No such file or directory: /db/OPTIONS-x");
    assertThat(RocksDbErrors.map(cause, "reading", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("permissions");
  }

  @Test
  void lockMessageOutsideOpenIsAPlainIoError() {
    RocksDBException cause = failure(Status.Code.IOError, Status.SubCode.None, "IO error: lock hold by current process");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageNotContaining("another process holds its lock file");
  }

  @Test
  void tryAgainOutsideCommitIsBusyNotAConflict() {
    RocksDBException cause = failure(Status.Code.TryAgain, Status.SubCode.None, "try again");
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("busy").hasMessageContaining("retry");
  }

  @Test
  void invalidArgumentOnOpenOfAMissingStoreSaysHowToCreateIt() {
    RocksDBException cause = failure(Status.Code.InvalidArgument, Status.SubCode.None, "/x/CURRENT: does not exist (create_if_missing is false)");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.empty())).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("createIfMissing is false");
  }

  @Test
  void invalidArgumentOnOpenForAnotherReasonSaysRocksDbRejectedIt() {
    RocksDBException cause = failure(Status.Code.InvalidArgument, Status.SubCode.None, "Column family not found: x");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.empty())).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("rejected");
  }

  @Test
  void shutdownInProgressSaysTheStoreIsShuttingDown() {
    RocksDBException cause = failure(Status.Code.ShutdownInProgress, Status.SubCode.None, "Shutdown in progress");
    assertThat(RocksDbErrors.map(cause, "compacting", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("shutting down").hasCause(cause);
  }

  @Test
  void unlistedStatusNamesItsCode() {
    RocksDBException cause = failure(Status.Code.NotSupported, Status.SubCode.None, "not supported");
    assertThat(RocksDbErrors.map(cause, "ingesting", PATH)).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("NotSupported").hasCause(cause);
  }

  @Test
  void corruptionWithoutWalDamageOnOpenIsCorruption() {
    RocksDBException cause = failure(Status.Code.Corruption, Status.SubCode.None, "bad");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.empty())).isInstanceOf(CorruptionException.class);
  }

  @Test
  void walDamageWithoutCorruptionIsMappedByItsStatus() {
    RocksDBException cause = failure(Status.Code.Busy, Status.SubCode.None, "busy");
    assertThat(RocksDbErrors.onOpen(cause, PATH, Optional.of("000004.log"))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("busy");
  }

  @Test
  void nullNativeMessageIsMappedWithoutFailing() {
    RocksDBException cause = new RocksDBException((String) null);
    assertThat(RocksDbErrors.map(cause, "writing", PATH)).isExactlyInstanceOf(StorageException.class).hasCause(cause);
  }
}
