package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page check at open: a store with every kind of page the engine writes (branch and leaf pages,
 * a large value on overflow pages, a free list, a dropped family) opens, and each kind of damage to a
 * page's structure fails the open with a {@link CorruptionException} naming the store, before LMDB
 * reads the page. Damage is applied to every copy of a page in the file (freed older copies too), so
 * the test does not depend on which copy is live.
 */
class PageCheckTest {

  private static final int PAGE = 4096;
  private static final int P_BRANCH = 0x01;
  private static final int P_LEAF = 0x02;
  private static final int P_OVERFLOW = 0x04;
  private static final int ENTRIES = 400;

  @TempDir
  Path dir;

  private StorageConfig.Builder config() {
    return StorageConfig.builder().engine("lmdb").path(dir).mapSizeBytes(4 << 20).columnFamilies("default", "other")
        .option("lmdb.check_pages", "always");
  }

  private static byte[] key(int i) {
    return String.format("key-%06d", i).getBytes(UTF_8);
  }

  @BeforeEach
  void populate() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int round = 0; round < 3; round++) {
        WriteBatch batch = store.newBatch();
        for (int i = 0; i < ENTRIES; i++) {
          batch.put(cf, key(i), ("value-" + round + "-" + i).getBytes(UTF_8));
        }
        store.write(batch);
      }
      for (int i = 0; i < ENTRIES; i += 5) {
        store.delete(cf, key(i));
      }
      store.put(store.columnFamily("other"), "big".getBytes(UTF_8), new byte[20_000]);
      store.dropColumnFamily(store.createColumnFamily("gone"));
    }
  }

  @Test
  void storeWithEveryKindOfPageOpensAndVerifies() {
    try (KeyValueStore store = StorageEngines.open(config().build())) {
      assertThat(store.get(store.columnFamily("other"), "big".getBytes(UTF_8))).hasSize(20_000);
    }
    assertThat(LmdbVerifier.verifyInChildJvm(dir, java.time.Duration.ofMinutes(2)).entries())
        .isEqualTo(ENTRIES - ENTRIES / 5 + 1);
  }

  @Test
  void pageCarryingAnotherNumberFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> page.putLong(at, page.getLong(at) + 1000));
    assertOpenFails("carries the number");
  }

  @Test
  void nodeTableOverrunningThePageFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> page.putShort(at + 12, (short) 0xFFF0));
    assertOpenFails("node table");
  }

  @Test
  void branchPointingOutsideTheFileFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_BRANCH, null, (page, at) -> {
      int node = page.getShort(at + 16 + 2) & 0xFFFF; // the second child
      page.putShort(at + node, (short) 0xFFFF);
      page.putShort(at + node + 2, (short) 0x7FFF);
    });
    assertOpenFails("outside the pages in use");
  }

  @Test
  void familyRecordWithAnotherEntryCountFailsTheOpen() throws IOException {
    byte[] name = "default".getBytes(UTF_8);
    editPages(flags -> flags == P_LEAF, name, (page, at) -> {
      for (int i = at + 16; i + 8 + name.length + 48 <= at + PAGE; i++) {
        if (page.getShort(i + 4) == 0x02 && page.getShort(i + 6) == name.length
            && Arrays.equals(Arrays.copyOfRange(page.array(), i + 8, i + 8 + name.length), name)) {
          int entries = i + 8 + name.length + 32;
          page.putLong(entries, page.getLong(entries) + 1);
        }
      }
    });
    assertOpenFails("column family \"default\" holds");
  }

  @Test
  void largeValueWhoseOverflowPageLostItsFlagFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_OVERFLOW, null, (page, at) -> page.putShort(at + 10, (short) P_LEAF));
    assertOpenFails("large value");
  }

  @Test
  void freeListNamingAPageOutsideTheFileFailsTheOpen() throws IOException {
    // free-list leaves are the only ones whose keys (transaction ids) are 8 bytes long
    editPages(flags -> flags == P_LEAF, null, (page, at) -> {
      int node = page.getShort(at + 16) & 0xFFFF;
      if (page.getShort(at + node + 6) == 8 && page.getShort(at + node + 4) == 0) {
        page.putLong(at + node + 8 + 8 + 8, 0x7FFF_FFFFL);
      }
    });
    assertOpenFails("lists page");
  }

  @Test
  void familyRecordWithADepthOfZeroFailsTheOpen() throws IOException {
    editFamilyRecord("default", (page, record) -> page.putShort(record + 6, (short) 0));
    assertOpenFails("column family \"default\" records a depth of 0");
  }

  @Test
  void familyRecordWithDatabaseFlagsTheEngineNeverSetsFailsTheOpen() throws IOException {
    editFamilyRecord("default", (page, record) -> page.putShort(record + 4, (short) 0x08));
    assertOpenFails("has database flags 0x8");
  }

  @Test
  void leafPageMarkedAsABranchFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> page.putShort(at + 10, (short) P_BRANCH));
    assertOpenFails("where a leaf page belongs");
  }

  @Test
  void leafNodeWithAnEmptyKeyFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> {
      int node = page.getShort(at + 16) & 0xFFFF;
      page.putShort(at + node + 6, (short) 0);
    });
    assertOpenFails("with an empty key");
  }

  @Test
  void leafNodeWhoseValueOverrunsThePageFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> {
      int node = page.getShort(at + 16) & 0xFFFF;
      page.putShort(at + node + 2, (short) 0x7FFF);
    });
    assertOpenFails("overruns the page");
  }

  @Test
  void branchWhoseTwoChildrenAreOnePageFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_BRANCH, null, (page, at) -> {
      int first = page.getShort(at + 16) & 0xFFFF;
      int second = page.getShort(at + 16 + 2) & 0xFFFF;
      for (int b = 0; b < 6; b++) {
        page.put(at + second + b, page.get(at + first + b));
      }
    });
    assertOpenFails("is reached twice");
  }

  @Test
  void metaPageNamingNoLastPageFailsTheOpen() throws IOException {
    Path file = dir.resolve(LmdbPaths.DATA_FILE);
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int lastPage = 16 + 4 + 4 + 8 + 8 + 2 * 48; // page header, magic, version, address, map size, two records
    for (int meta = 0; meta < 2; meta++) {
      data.putLong(meta * PAGE + lastPage, 0);
    }
    Files.write(file, data.array());
    assertOpenFails("names 0 as the last page in use");
  }

  @Test
  void withoutThePageCheckTheVerifierStillFindsAnEntryCountThatDisagreesWithTheWalk() throws IOException {
    editFamilyRecord("default", (page, record) -> page.putLong(record + 32, page.getLong(record + 32) + 1));
    assertThatThrownBy(() -> LmdbVerifier.verify(dir, "never"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("entries in its database headers");
  }

  @Test
  void familyRecordWithoutARootButWithEntriesFailsTheOpen() throws IOException {
    editFamilyRecord("default", (page, record) -> page.putLong(record + 40, -1L));
    assertOpenFails("column family \"default\" has no root page but records");
  }

  @Test
  void familyRecordOfTheWrongSizeFailsTheOpen() throws IOException {
    int nameLength = "default".length();
    editFamilyRecord("default", (page, record) -> page.putShort(record - 8 - nameLength, (short) 40));
    assertOpenFails("holds a column family record of 40 bytes, not 48");
  }

  @Test
  void nodeOutsideItsPagesNodeAreaFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> page.putShort(at + 16, (short) 20));
    assertOpenFails("places node 0");
  }

  @Test
  void freeListEntryWhoseCountDisagreesWithItsSizeFailsTheOpen() throws IOException {
    editPages(flags -> flags == P_LEAF, null, (page, at) -> {
      int node = page.getShort(at + 16) & 0xFFFF;
      if (page.getShort(at + node + 6) == 8 && page.getShort(at + node + 4) == 0) {
        int count = at + node + 8 + 8;
        page.putLong(count, page.getLong(count) + 1);
      }
    });
    assertOpenFails("holds a free-list entry of");
  }

  @Test
  void withoutThePageCheckTheOpenLeavesThePagesToLmdb() throws IOException {
    editPages(flags -> flags == P_LEAF, key(101), (page, at) -> page.putLong(at, page.getLong(at) + 1000));
    StorageEngines.open(config().option("lmdb.check_pages", "never").build()).close();
  }

  @Test
  void unknownPageCheckModeIsRejected() {
    assertThatThrownBy(() -> StorageEngines.open(config().option("lmdb.check_pages", "sometimes").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lmdb.check_pages");
    StorageEngines.open(config().option("lmdb.check_pages", "AUTO").build()).close();
  }

  private void assertOpenFails(String what) {
    assertThatThrownBy(() -> StorageEngines.open(config().build()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(what);
  }

  /** Applies {@code edit} to every copy of the catalogue record of the column family {@code family}. */
  private void editFamilyRecord(String family, PageEdit edit) throws IOException {
    byte[] name = family.getBytes(UTF_8);
    editPages(flags -> flags == P_LEAF, name, (page, at) -> {
      for (int i = at + 16; i + 8 + name.length + 48 <= at + PAGE; i++) {
        if (page.getShort(i + 4) == 0x02 && page.getShort(i + 6) == name.length
            && Arrays.equals(Arrays.copyOfRange(page.array(), i + 8, i + 8 + name.length), name)) {
          edit.apply(page, i + 8 + name.length);
        }
      }
    });
  }

  /** An edit of the page at offset {@code at} of {@code file}. */
  @FunctionalInterface
  private interface PageEdit {
    void apply(ByteBuffer file, int at);
  }

  /**
   * Applies {@code edit} to every page past the two meta pages whose flags pass {@code flags} and,
   * unless {@code holding} is null, that hold those bytes; fails when there is none.
   */
  private void editPages(IntPredicate flags, byte[] holding, PageEdit edit) throws IOException {
    Path file = dir.resolve(LmdbPaths.DATA_FILE);
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int edited = 0;
    for (int at = 2 * PAGE; at + PAGE <= data.capacity(); at += PAGE) {
      if (flags.test(data.getShort(at + 10) & 0xFFFF) && (holding == null || holds(data, at, holding))) {
        edit.apply(data, at);
        edited++;
      }
    }
    assertThat(edited).as("pages edited").isPositive();
    Files.write(file, data.array());
  }

  private static boolean holds(ByteBuffer data, int page, byte[] bytes) {
    byte[] array = data.array();
    for (int i = page; i + bytes.length <= page + PAGE; i++) {
      if (Arrays.equals(array, i, i + bytes.length, bytes, 0, bytes.length)) {
        return true;
      }
    }
    return false;
  }
}
