package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import java.lang.reflect.Constructor;
import java.nio.BufferOverflowException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * How {@link LmdbErrors} maps each error lmdbjava can raise onto the storage hierarchy. lmdbjava's
 * native exceptions have package-private constructors (only its result-code mapper makes them), so
 * they are built here reflectively, exactly as LMDB would hand them over.
 */
class LmdbErrorsTest {

  private static final String WHERE = "/data/chain";

  private static <T extends RuntimeException> T lmdb(Class<T> type) {
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + type, e);
    }
  }

  private static LmdbNativeException errno(int rc) {
    try {
      Constructor<LmdbNativeException> constructor =
          LmdbNativeException.class.getDeclaredConstructor(int.class, String.class);
      constructor.setAccessible(true);
      return constructor.newInstance(rc, "errno " + rc);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build an LmdbNativeException", e);
    }
  }

  private static StorageException map(RuntimeException e) {
    StorageException mapped = LmdbErrors.map(e, "put", WHERE);
    assertThat(mapped.getCause()).isSameAs(e);
    assertThat(mapped.getMessage()).startsWith("put on LMDB store " + WHERE + " failed: ");
    return mapped;
  }

  @Test
  void aStorageExceptionPassesThroughUnchanged() {
    StorageException original = new StorageException("already mapped");
    assertThat(LmdbErrors.map(original, "put", WHERE)).isSameAs(original);
  }

  @Test
  void aFullMapIsStorageFullNamingTheMapSizeAndGrowOption() {
    assertThat(map(lmdb(Env.MapFullException.class))).isExactlyInstanceOf(StorageFullException.class)
        .hasMessageContaining("StorageConfig.mapSizeBytes").hasMessageContaining("lmdb.grow");
  }

  @Test
  void fullReaderSlotsNameTheMaxReadersOption() {
    assertThat(map(lmdb(Env.ReadersFullException.class))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("lmdb.max_readers");
  }

  @Test
  void fullThreadLocalReaderSlotsAreReportedLikeFullReaderSlots() {
    assertThat(map(lmdb(LmdbNativeException.TlsFullException.class))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("lmdb.max_readers");
  }

  @Test
  void tooManyDatabasesIsStorageFullNamingTheMaxDbsOption() {
    assertThat(map(lmdb(Dbi.DbFullException.class))).isExactlyInstanceOf(StorageFullException.class)
        .hasMessageContaining("lmdb.max_dbs");
  }

  @Test
  void aRejectedKeySizeStatesTheAllowedKeySizes() {
    assertThat(map(lmdb(Dbi.BadValueSizeException.class))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("keys must be 1 to " + LmdbEngineProvider.MAX_KEY_SIZE + " bytes");
  }

  @Test
  void aDatabaseChangedUnderTheHandleAsksForAReopen() {
    assertThat(map(lmdb(Dbi.BadDbiException.class))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("reopen the store");
  }

  @Test
  void anAlreadyClosedEnvironmentIsReportedAsAnEngineBug() {
    assertThat(map(new Env.AlreadyClosedException())).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("already closed").hasMessageContaining("bug");
  }

  @Test
  void anAlreadyClosedCursorIsReportedAsAnEngineBug() {
    assertThat(map(new Cursor.ClosedException())).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("already closed").hasMessageContaining("bug");
  }

  @Test
  void aFullTransactionIsStorageFullAskingForSmallerBatches() {
    assertThat(map(lmdb(Txn.TxFullException.class))).isExactlyInstanceOf(StorageFullException.class)
        .hasMessageContaining("split the batch");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {
      LmdbNativeException.PageCorruptedException.class,
      LmdbNativeException.PageNotFoundException.class,
      LmdbNativeException.PanicException.class,
      Cursor.FullException.class,
      LmdbNativeException.PageFullException.class,
      Env.FileInvalidException.class,
      Env.VersionMismatchException.class})
  void damageLmdbDetectsIsCorruptionAskingForARestore(Class<? extends RuntimeException> type) {
    RuntimeException e = lmdb(type);
    assertThat(map(e)).isExactlyInstanceOf(CorruptionException.class)
        .hasMessageContaining(e.getMessage()).hasMessageContaining("restore it from a checkpoint or backup");
  }

  @Test
  void noSpaceLeftOnTheDeviceIsStorageFull() {
    assertThat(map(errno(28))).isExactlyInstanceOf(StorageFullException.class)
        .hasMessageContaining("no space left on the device");
  }

  @Test
  void aRefusedMemoryMappingIsStorageFullNamingTheMapSize() {
    assertThat(map(errno(12))).isExactlyInstanceOf(StorageFullException.class)
        .hasMessageContaining("StorageConfig.mapSizeBytes");
  }

  @Test
  void anIoErrorOfTheDeviceIsCorruption() {
    assertThat(map(errno(5))).isExactlyInstanceOf(CorruptionException.class)
        .hasMessageContaining("I/O error");
  }

  @Test
  void anotherOperatingSystemErrorIsAPlainStorageExceptionWithLmdbsMessage() {
    LmdbNativeException e = errno(13);
    assertThat(map(e)).isExactlyInstanceOf(StorageException.class).hasMessageContaining(e.getMessage());
  }

  @Test
  void anLmdbExceptionWithoutAResultCodeIsAPlainStorageExceptionWithItsMessage() {
    assertThat(map(new LmdbException("odd state"))).isExactlyInstanceOf(StorageException.class)
        .hasMessageEndingWith("odd state");
  }

  @Test
  void anOverflowingKeyBufferStatesTheKeySizeLimit() {
    assertThat(map(new BufferOverflowException())).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining(Buffers.KEY_CAPACITY + "-byte key buffer")
        .hasMessageContaining("at most " + LmdbEngineProvider.MAX_KEY_SIZE + " bytes");
  }

  @Test
  void anIllegalStateFromLmdbjavaIsReportedAsAnEngineBugWithItsMessage() {
    assertThat(map(new IllegalStateException("read-only txn"))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("read-only txn").hasMessageContaining("bug");
  }

  @ParameterizedTest
  @ValueSource(strings = {"npe", "arithmetic"})
  void anyOtherUncheckedExceptionIsAStorageExceptionNamingIt(String kind) {
    RuntimeException e = kind.equals("npe") ? new NullPointerException("x") : new ArithmeticException("y");
    assertThat(map(e)).isExactlyInstanceOf(StorageException.class).hasMessageContaining("unexpected " + e);
  }
}
