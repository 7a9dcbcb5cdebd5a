package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lmdbjava.EnvFlags.MDB_NOTLS;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * Damage to a closed store's data file: a flipped value byte is reported as {@link CorruptionException}
 * on every read path, never returned; a flipped byte in a B-tree page that crashes LMDB is reported by
 * the verifier's child JVM.
 */
class LmdbCorruptionTest {

  private static final int ENTRIES = 300;
  /** LMDB's page size here and the page header's branch flag (mp_flags, at byte 10 of a page). */
  private static final int PAGE = 4096;
  private static final int P_BRANCH = 0x01;

  @TempDir
  Path dir;

  /**
   * The store's config without the page check at open, so that damage reaches the read paths, whose
   * checks these tests are about; {@link #checkedConfig()} is the default.
   */
  private StorageConfig config() {
    return checkedConfig().option("lmdb.check_pages", "never").build();
  }

  private StorageConfig.Builder checkedConfig() {
    return StorageConfig.builder().engine("lmdb").path(dir).mapSizeBytes(1 << 20).columnFamilies("default", "other");
  }

  private static byte[] key(int i) {
    return ("key-" + String.format("%06d", i)).getBytes(UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-of-entry-" + String.format("%06d", i) + "-xxxxxxxxxxxxxxxx").getBytes(UTF_8);
  }

  /** Writes {@link #ENTRIES} entries into both families in one batch, so each page is written once. */
  private void populate() {
    try (KeyValueStore store = StorageEngines.open(checkedConfig().build())) {
      WriteBatch batch = store.newBatch();
      for (String name : List.of("default", "other")) {
        ColumnFamily cf = store.columnFamily(name);
        for (int i = 0; i < ENTRIES; i++) {
          batch.put(cf, key(i), value(i));
        }
      }
      store.write(batch);
    }
  }

  /** Flips one bit at {@code delta} bytes from every occurrence of {@code needle} in the data file. */
  private void flipNear(byte[] needle, int delta) throws IOException {
    Path file = dir.resolve(LmdbPaths.DATA_FILE);
    byte[] data = Files.readAllBytes(file);
    List<Integer> found = occurrences(data, needle);
    assertThat(found).as("occurrences of %s in the data file", new String(needle, UTF_8)).isNotEmpty();
    for (int at : found) {
      data[at + delta] ^= 0x10;
    }
    Files.write(file, data);
  }

  /** Overwrites the 2-byte flags of the B-tree node holding {@code key} (they sit 4 bytes before the key). */
  private void setNodeFlags(byte[] key, int flags) throws IOException {
    Path file = dir.resolve(LmdbPaths.DATA_FILE);
    byte[] data = Files.readAllBytes(file);
    for (int at : occurrences(data, key)) {
      data[at - 4] = (byte) flags;
      data[at - 3] = (byte) (flags >>> 8);
    }
    Files.write(file, data);
  }

  /**
   * Rewrites the copy of {@code key} that sits in a branch page (LMDB's separator, page flag P_BRANCH)
   * to {@code replacement}, leaving the leaf's copy alone; returns false when {@code key} is no separator.
   */
  private boolean rewriteSeparator(byte[] key, byte[] replacement) throws IOException {
    Path file = dir.resolve(LmdbPaths.DATA_FILE);
    byte[] data = Files.readAllBytes(file);
    boolean found = false;
    for (int at : occurrences(data, key)) {
      int page = at / PAGE * PAGE;
      if ((data[page + 10] & P_BRANCH) != 0) {
        System.arraycopy(replacement, 0, data, at, replacement.length);
        found = true;
      }
    }
    Files.write(file, data);
    return found;
  }

  /** The smallest key after {@code key(0)} that is a separator in a branch page. */
  private int firstSeparator() throws IOException {
    byte[] data = Files.readAllBytes(dir.resolve(LmdbPaths.DATA_FILE));
    for (int i = 1; i < ENTRIES; i++) {
      for (int at : occurrences(data, key(i))) {
        if ((data[at / PAGE * PAGE + 10] & P_BRANCH) != 0) {
          return i;
        }
      }
    }
    throw new AssertionError("no branch page in the data file");
  }

  private static List<Integer> occurrences(byte[] data, byte[] needle) {
    List<Integer> found = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      found.add(i);
    }
    return found;
  }

  @Test
  void flippedValueByteFailsGetWithCorruptionNamingFamilyAndKey() throws IOException {
    populate();
    flipNear(value(42), 3);
    try (KeyValueStore store = StorageEngines.open(config())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> store.get(cf, key(42)))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("\"default\"")
          .hasMessageContaining(Keys.toHex(key(42)));
      assertThat(store.get(cf, key(41))).isEqualTo(value(41));
    }
  }

  @Test
  void flippedValueByteFailsMultiGet() throws IOException {
    populate();
    flipNear(value(42), 3);
    try (KeyValueStore store = StorageEngines.open(config())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> store.multiGet(cf, List.of(key(41), key(42))))
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void flippedValueByteFailsAScanWhenItReachesTheEntry() throws IOException {
    populate();
    flipNear(value(42), 3);
    try (KeyValueStore store = StorageEngines.open(config());
        KvIterator it = store.iterator(store.defaultColumnFamily(), KeyRange.all())) {
      List<byte[]> read = new ArrayList<>();
      assertThatThrownBy(() -> {
        for (; it.isValid(); it.next()) {
          read.add(it.value());
        }
      }).isInstanceOf(CorruptionException.class).hasMessageContaining(Keys.toHex(key(42)));
      assertThat(read).hasSize(42);
    }
  }

  @Test
  void flippedValueByteFailsSnapshotReads() throws IOException {
    populate();
    flipNear(value(42), 3);
    try (KeyValueStore store = StorageEngines.open(config()); Snapshot snapshot = store.snapshot()) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> snapshot.get(cf, key(42))).isInstanceOf(CorruptionException.class);
      assertThatThrownBy(() -> readValues(snapshot.iterator(cf, KeyRange.atLeast(key(40)))))
          .isInstanceOf(CorruptionException.class);
    }
  }

  private static void readValues(KvIterator it) {
    try (it) {
      for (; it.isValid(); it.next()) {
        it.value();
      }
    }
  }

  @Test
  void flippedKeyByteFailsTheChecksumOfItsValue() throws IOException {
    populate();
    byte[] damaged = key(42).clone();
    damaged[damaged.length - 1] ^= 0x10;
    flipNear(key(42), key(42).length - 1);
    try (KeyValueStore store = StorageEngines.open(config())) {
      assertThatThrownBy(() -> readValues(store.iterator(store.defaultColumnFamily(), KeyRange.all())))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining(Keys.toHex(damaged));
    }
  }

  @Test
  void flippedKeyByteFailsAScanThatReadsOnlyKeys() throws IOException {
    populate();
    flipNear(key(42), key(42).length - 1);
    try (KeyValueStore store = StorageEngines.open(config())) {
      assertThatThrownBy(() -> store.count(store.defaultColumnFamily(), KeyRange.all()))
          .isInstanceOf(CorruptionException.class);
    }
  }

  /**
   * A separator raised by two keys sends lookups of the two keys below it into the left leaf, where
   * LMDB reports them absent; the engine must not.
   */
  @Test
  void damagedBranchSeparatorFailsAGetInsteadOfReadingAbsent() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator + 2))).isTrue();
    try (KeyValueStore store = StorageEngines.open(config())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> store.get(cf, key(separator + 1)))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("\"default\"")
          .hasMessageContaining(Keys.toHex(key(separator + 1)));
      assertThatThrownBy(() -> store.multiGet(cf, List.of(key(separator), key(separator + 1))))
          .isInstanceOf(CorruptionException.class);
      assertThat(store.get(cf, key(separator + 2))).isEqualTo(value(separator + 2));
    }
  }

  @Test
  void damagedBranchSeparatorFailsTheOpenWhenThePagesAreChecked() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator + 2))).isTrue();
    assertThatThrownBy(() -> StorageEngines.open(checkedConfig().build()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("outside the range its branch separators give it");
  }

  @Test
  void keyOutOfOrderFailsTheOpenWhenThePagesAreChecked() throws IOException {
    populate();
    flipNear(key(42), key(42).length - 1);
    assertThatThrownBy(() -> StorageEngines.open(checkedConfig().build()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  void damagedBranchSeparatorFailsASeekInsteadOfSkippingEntries() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator + 2))).isTrue();
    try (KeyValueStore store = StorageEngines.open(config())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> readValues(store.iterator(cf, KeyRange.atLeast(key(separator + 1)))))
          .isInstanceOf(CorruptionException.class);
      assertThatThrownBy(() -> readValues(store.iterator(cf, KeyRange.of(key(0), key(separator + 1)), Direction.REVERSE)))
          .isInstanceOf(CorruptionException.class);
    }
  }

  /** A separator lowered below the last key of the left leaf hides that key from lookups. */
  @Test
  void loweredBranchSeparatorFailsAGetOfTheKeyItHides() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator - 1))).isTrue();
    try (KeyValueStore store = StorageEngines.open(config())) {
      ColumnFamily cf = store.defaultColumnFamily();
      assertThatThrownBy(() -> store.get(cf, key(separator - 1))).isInstanceOf(CorruptionException.class);
      assertThatThrownBy(() -> readValues(store.iterator(cf, KeyRange.atLeast(key(separator - 1)))))
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void verifierReportsADamagedBranchSeparatorThatAScanDoesNotSee() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator + 2))).isTrue();
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2)))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString());
  }

  @Test
  void valueMovedUnderAnotherKeyFailsItsChecksum() {
    populate();
    copyStoredValue(key(1), key(2));
    try (KeyValueStore store = StorageEngines.open(config())) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), key(2)))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("CRC-32C");
    }
  }

  @Test
  void valueOfAnUnknownFormatIsReportedAsCorruption() {
    populate();
    rewriteRaw(key(3), new byte[] {2, 0, 0, 0, 0, 'x'});
    try (KeyValueStore store = StorageEngines.open(config())) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), key(3)))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("format byte 2");
    }
  }

  @Test
  void valueShorterThanTheHeaderIsReportedAsCorruption() {
    populate();
    rewriteRaw(key(3), new byte[] {1, 0});
    try (KeyValueStore store = StorageEngines.open(config())) {
      assertThatThrownBy(() -> store.get(store.defaultColumnFamily(), key(3)))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("shorter than its 5-byte header");
    }
  }

  @Test
  void verifierReportsEveryFamilyOfAnIntactStore() {
    populate();
    LmdbVerifier.Report report = LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2));
    assertThat(report.entriesPerFamily()).containsEntry("default", (long) ENTRIES).containsEntry("other", (long) ENTRIES);
    assertThat(report.entries()).isEqualTo(2L * ENTRIES);
  }

  @Test
  void verifierReportsAFlippedValueByteAsCorruption() throws IOException {
    populate();
    flipNear(value(7), 2);
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2)))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining(Keys.toHex(key(7)));
  }

  /**
   * F_DUPDATA (0x04) on a node of a database without duplicates makes LMDB take the node's value for a
   * sub-database and dereference a cursor it never allocated: SIGSEGV in {@code mdb_xcursor_init1}, the
   * crash of the issue. The page check at open must refuse the store before LMDB reads the page.
   */
  @Test
  void nodeFlagThatCrashesLmdbFailsTheOpenWithCorruption() throws IOException {
    populate();
    setNodeFlags(key(100), 0x04);
    assertThatThrownBy(() -> StorageEngines.open(checkedConfig().build()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("column family \"default\"")
        .hasMessageContaining("flags 0x4");
  }

  @Test
  void verifierReportsANodeFlagThatCrashesLmdbFoundByItsPageCheck() throws IOException {
    populate();
    setNodeFlags(key(100), 0x04);
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2)))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("flags 0x4");
  }

  /** Without the page check the same page crashes the child JVM, and the caller gets a CorruptionException. */
  @Test
  void verifierReportsACrashOfItsChildAsCorruptionWithoutCrashingTheCaller() throws IOException {
    populate();
    setNodeFlags(key(100), 0x04);
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("crashed the child JVM");
  }

  /** The walk the child runs, run here, so that its checks are measured by the coverage report too. */
  @Test
  void walkCountsEveryFamilyAndReportsADamagedValue() throws IOException {
    populate();
    LmdbVerifier.Report report = LmdbVerifier.verify(dir, "always");
    assertThat(report.entriesPerFamily()).containsEntry("default", (long) ENTRIES).containsEntry("other", (long) ENTRIES);
    flipNear(value(7), 2);
    assertThatThrownBy(() -> LmdbVerifier.verify(dir, "always"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(Keys.toHex(key(7)));
  }

  @Test
  void walkReportsAKeyThatALookupDoesNotFind() throws IOException {
    populate();
    int separator = firstSeparator();
    assertThat(rewriteSeparator(key(separator), key(separator + 2))).isTrue();
    assertThatThrownBy(() -> LmdbVerifier.verify(dir, "never"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("\"default\"");
  }

  @Test
  void verifierRefusesADirectoryWithoutAStore() {
    assertThatThrownBy(() -> LmdbVerifier.verifyInChildJvm(dir.resolve("absent"), java.time.Duration.ofMinutes(2)))
        .isInstanceOf(io.luxtensor.storage.StorageException.class)
        .isNotInstanceOf(CorruptionException.class)
        .hasMessageContaining("no LMDB store");
  }

  /** Stores {@code from}'s stored bytes (header, checksum and all) under {@code to}, bypassing the engine. */
  private void copyStoredValue(byte[] from, byte[] to) {
    try (Env<ByteBuffer> env = rawEnv()) {
      Dbi<ByteBuffer> dbi = env.openDbi("default");
      byte[] stored;
      try (Txn<ByteBuffer> txn = env.txnRead()) {
        stored = Buffers.copy(dbi.get(txn, Buffers.fill(ByteBuffer.allocateDirect(64), from)));
      }
      putRaw(env, dbi, to, stored);
    }
  }

  private void rewriteRaw(byte[] key, byte[] stored) {
    try (Env<ByteBuffer> env = rawEnv()) {
      putRaw(env, env.openDbi("default"), key, stored);
    }
  }

  private static void putRaw(Env<ByteBuffer> env, Dbi<ByteBuffer> dbi, byte[] key, byte[] stored) {
    try (Txn<ByteBuffer> txn = env.txnWrite()) {
      dbi.put(txn, Buffers.fill(ByteBuffer.allocateDirect(64), key),
          Buffers.fill(ByteBuffer.allocateDirect(stored.length), stored));
      txn.commit();
    }
  }

  private Env<ByteBuffer> rawEnv() {
    return Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(1 << 20).setMaxDbs(8).open(dir.toFile(), MDB_NOTLS);
  }
}
