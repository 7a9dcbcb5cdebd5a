package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * {@link WriteBatchEncoder} writes the bytes rocksdbjni's own {@link WriteBatch} holds after the same
 * calls, in the default family and in others, for short and long keys and values (varint lengths of
 * one and several bytes): the format is checked against the binding at test time, not restated.
 * A large batch without range deletes is emitted sorted, as the same calls made in key order.
 */
class WriteBatchEncoderTest {

  @TempDir
  Path dir;

  private DBOptions options;
  private RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();

  @BeforeEach
  void open() throws RocksDBException {
    RocksDB.loadLibrary();
    options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (int i = 1; i <= 200; i++) { // ids above 127 take a two-byte varint
      families.add(new ColumnFamilyDescriptor(("cf" + i).getBytes()));
    }
    db = RocksDB.open(options, dir.toString(), families, handles);
  }

  @AfterEach
  void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    options.close();
  }

  @Test
  void putsInTheDefaultFamilyMatchRocksDbsBatch() throws RocksDBException {
    assertSameBytes(new Random(1), 0, 0);
  }

  @Test
  void putsDeletesAndRangeDeletesInOtherFamiliesMatchRocksDbsBatch() throws RocksDBException {
    assertSameBytes(new Random(2), 1, 200);
  }

  @Test
  void longKeysAndValuesMatchRocksDbsBatch() throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(16);
    try (WriteBatch expected = new WriteBatch()) {
      byte[] key = new byte[300];
      byte[] value = new byte[70_000]; // a three-byte varint length
      new Random(3).nextBytes(value);
      expected.put(handles.get(5), key, value);
      encoder.put(handles.get(5).getID(), key, value);
      expected.deleteRange(handles.get(0), key, value);
      encoder.deleteRange(0, key, value);
      assertThat(encoder.toBytes()).isEqualTo(expected.data());
      assertThat(encoder.count()).isEqualTo(expected.count());
    }
  }

  @Test
  void anEncodedBatchAppliesLikeTheCallsItRecords() throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    encoder.put(handles.get(3).getID(), "a".getBytes(), "1".getBytes());
    encoder.put(handles.get(3).getID(), "b".getBytes(), "2".getBytes());
    encoder.delete(handles.get(3).getID(), "a".getBytes());
    encoder.put(0, "c".getBytes(), "3".getBytes());
    try (WriteBatch batch = new WriteBatch(encoder.toBytes()); org.rocksdb.WriteOptions write = new org.rocksdb.WriteOptions()) {
      db.write(write, batch);
    }
    assertThat(db.get(handles.get(3), "a".getBytes())).isNull();
    assertThat(db.get(handles.get(3), "b".getBytes())).isEqualTo("2".getBytes());
    assertThat(db.get(handles.get(0), "c".getBytes())).isEqualTo("3".getBytes());
  }

  @Test
  void aLargeBatchOfPutsAndDeletesIsEmittedByFamilyAndKeyPrefixLikeRocksDbsBatchOfTheSortedCalls() throws RocksDBException {
    Random random = new Random(4);
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // Keys shorter and longer than the prefix: many repeat, many tie on the prefix, in both families.
      byte[] key = bytes(random, 1 + random.nextInt(WriteBatchEncoder.PREFIX_BYTES + 2));
      key[0] &= 3;
      calls.add(new Call(handles.get(random.nextInt(2) * 7), key, random.nextBoolean() ? bytes(random, 8) : null));
    }
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    calls.forEach(call -> record(encoder, call));
    List<Call> sorted = new ArrayList<>(calls); // List.sort is stable: ties keep the order of the calls
    sorted.sort(Comparator.comparingInt((Call call) -> call.family().getID())
        .thenComparing(call -> Arrays.copyOf(call.key(), WriteBatchEncoder.PREFIX_BYTES), Arrays::compareUnsigned));
    try (WriteBatch expected = new WriteBatch()) {
      for (Call call : sorted) {
        if (call.value() == null) {
          expected.delete(call.family(), call.key());
        } else {
          expected.put(call.family(), call.key(), call.value());
        }
      }
      assertThat(encoder.toBytes()).isEqualTo(expected.data());
    }
  }

  @Test
  void aLargeBatchOutOfOrderLeavesTheStateItsCallsLeaveInTheOrderTheyWereMade() throws RocksDBException {
    Random random = new Random(5);
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    try (WriteBatch asCalled = new WriteBatch(); org.rocksdb.WriteOptions write = new org.rocksdb.WriteOptions()) {
      for (int i = 0; i < 2_000; i++) {
        byte[] key = {(byte) random.nextInt(40)}; // each key written ~50 times, puts and deletes mixed
        if (random.nextInt(3) == 0) {
          encoder.delete(handles.get(1).getID(), key);
          asCalled.delete(handles.get(2), key);
        } else {
          byte[] value = bytes(random, 4);
          encoder.put(handles.get(1).getID(), key, value);
          asCalled.put(handles.get(2), key, value);
        }
      }
      try (WriteBatch encoded = new WriteBatch(encoder.toBytes())) {
        db.write(write, encoded);
      }
      db.write(write, asCalled);
    }
    for (int k = 0; k < 40; k++) {
      byte[] key = {(byte) k};
      assertThat(db.get(handles.get(1), key)).as("key %d", k).isEqualTo(db.get(handles.get(2), key));
    }
  }

  @Test
  void aBatchWithARangeDeleteKeepsTheOrderOfItsCalls() throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    try (WriteBatch expected = new WriteBatch()) {
      for (int i = WriteBatchEncoder.MIN_SORTED_RECORDS; i >= 0; i--) {
        byte[] key = {(byte) i};
        expected.put(handles.get(1), key, key);
        encoder.put(handles.get(1).getID(), key, key);
      }
      expected.deleteRange(handles.get(1), new byte[] {0}, new byte[] {5});
      encoder.deleteRange(handles.get(1).getID(), new byte[] {0}, new byte[] {5});
      expected.put(handles.get(1), new byte[] {2}, new byte[] {2});
      encoder.put(handles.get(1).getID(), new byte[] {2}, new byte[] {2});
      assertThat(encoder.toBytes()).isEqualTo(expected.data());
    }
  }

  @Test
  void aSmallBatchOutOfOrderKeepsTheOrderOfItsCalls() throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    try (WriteBatch expected = new WriteBatch()) {
      for (int i = WriteBatchEncoder.MIN_SORTED_RECORDS - 1; i > 0; i--) {
        byte[] key = {(byte) i};
        expected.put(handles.get(1), key, key);
        encoder.put(handles.get(1).getID(), key, key);
      }
      assertThat(encoder.toBytes()).isEqualTo(expected.data());
    }
  }

  /** A put of {@code value} under {@code key}, or a delete of it when {@code value} is null. */
  private record Call(ColumnFamilyHandle family, byte[] key, byte[] value) {}

  private static void record(WriteBatchEncoder encoder, Call call) {
    if (call.value() == null) {
      encoder.delete(call.family().getID(), call.key());
    } else {
      encoder.put(call.family().getID(), call.key(), call.value());
    }
  }

  private void assertSameBytes(Random random, int firstFamily, int lastFamily) throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    try (WriteBatch expected = new WriteBatch()) {
      for (int i = 0; i < 1_000; i++) {
        ColumnFamilyHandle family = handles.get(firstFamily + random.nextInt(lastFamily - firstFamily + 1));
        byte[] key = bytes(random, random.nextInt(200));
        switch (random.nextInt(3)) {
          case 0 -> {
            byte[] value = bytes(random, random.nextInt(400));
            expected.put(family, key, value);
            encoder.put(family.getID(), key, value);
          }
          case 1 -> {
            expected.delete(family, key);
            encoder.delete(family.getID(), key);
          }
          default -> {
            byte[] end = bytes(random, 1 + random.nextInt(200));
            expected.deleteRange(family, key, end);
            encoder.deleteRange(family.getID(), key, end);
          }
        }
      }
      assertThat(encoder.toBytes()).isEqualTo(expected.data());
      assertThat(encoder.count()).isEqualTo(expected.count());
      try (WriteBatch made = encoder.toNativeBatch(this::handle)) {
        assertThat(made.data()).isEqualTo(expected.data());
      }
    }
  }

  @Test
  void aBatchTooLargeForOneArrayIsMadeCallByCallIntoTheBytesItWouldSerializeTo() throws RocksDBException {
    Random random = new Random(6);
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    while (encoder.serializedBytes() <= WriteBatchEncoder.MAX_SERIALIZED_BYTES) {
      Call call = new Call(handles.get(random.nextInt(3) * 100), bytes(random, 32), random.nextInt(4) == 0 ? null : bytes(random, 300));
      record(encoder, call);
    }
    try (WriteBatch made = encoder.toNativeBatch(this::handle)) {
      assertThat(made.count()).isEqualTo(encoder.count());
      assertThat(made.data()).isEqualTo(encoder.toBytes());
    }
  }

  @Test
  void aSmallBatchIsMadeFromItsSerializedBytes() throws RocksDBException {
    WriteBatchEncoder encoder = new WriteBatchEncoder(0);
    encoder.put(handles.get(2).getID(), "k".getBytes(), "v".getBytes());
    // The family lookup is for batches made call by call; one from serialized bytes never needs it.
    try (WriteBatch made = encoder.toNativeBatch(id -> {
      throw new AssertionError("family " + id + " looked up");
    })) {
      assertThat(made.data()).isEqualTo(encoder.toBytes());
    }
  }

  private ColumnFamilyHandle handle(int familyId) {
    return handles.stream().filter(handle -> handle.getID() == familyId).findFirst().orElseThrow();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
