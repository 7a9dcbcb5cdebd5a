package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * The data the corruption check writes and expects back: the same in every JVM, because it is drawn
 * from a fixed seed. Synced batches over both TCK column families: values from empty to 20 KB (so
 * that engines spill some to overflow pages or separate blocks), then a flush, then overwrites and
 * deletes (so that the newest value of a key may live in a different file from an older one).
 */
final class KnownDataSet {

  static final List<String> FAMILIES = List.of("default", ContractFixture.SECOND_CF);
  private static final int KEYS = 240;
  private static final int KEYS_PER_BATCH = 24;
  private static final long SEED = 0x5EED_17L;

  /** One write: a put, or a delete when {@code value} is null. */
  private record Op(String family, byte[] key, byte[] value) {}

  private KnownDataSet() {}

  /** Writes the data set into {@code store}, flushing half way. */
  static void writeTo(KeyValueStore store) {
    List<List<Op>> batches = batches();
    for (int i = 0; i < batches.size(); i++) {
      WriteBatch batch = store.newBatch();
      for (Op op : batches.get(i)) {
        ColumnFamily cf = store.columnFamily(op.family());
        if (op.value() == null) {
          batch.delete(cf, op.key());
        } else {
          batch.put(cf, op.key(), op.value());
        }
      }
      store.write(batch, WriteOptions.SYNC);
      if (i == firstBatchAfterFlush() - 1) {
        store.flush();
      }
    }
  }

  /** What each family holds after {@link #writeTo}: family name to its entries in key order. */
  static Map<String, NavigableMap<byte[], byte[]>> expected() {
    Map<String, NavigableMap<byte[], byte[]>> expected = new LinkedHashMap<>();
    FAMILIES.forEach(f -> expected.put(f, new TreeMap<>(Keys.ORDER)));
    for (List<Op> batch : batches()) {
      for (Op op : batch) {
        if (op.value() == null) {
          expected.get(op.family()).remove(op.key());
        } else {
          expected.get(op.family()).put(op.key(), op.value());
        }
      }
    }
    return expected;
  }

  /** Keys that were written and then deleted, per family: a read must not bring them back. */
  static Map<String, List<byte[]>> deleted() {
    Map<String, List<byte[]>> deleted = new LinkedHashMap<>();
    Map<String, NavigableMap<byte[], byte[]>> expected = expected();
    FAMILIES.forEach(f -> {
      List<byte[]> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        if (!expected.get(f).containsKey(key(i))) {
          keys.add(key(i));
        }
      }
      deleted.put(f, keys);
    });
    return deleted;
  }

  private static int firstBatchAfterFlush() {
    return KEYS / KEYS_PER_BATCH;
  }

  private static List<List<Op>> batches() {
    Random random = new Random(SEED);
    List<List<Op>> batches = new ArrayList<>();
    for (int first = 0; first < KEYS; first += KEYS_PER_BATCH) {
      List<Op> batch = new ArrayList<>();
      for (int i = first; i < first + KEYS_PER_BATCH; i++) {
        for (String family : FAMILIES) {
          batch.add(new Op(family, key(i), value(random, i)));
        }
      }
      batches.add(batch);
    }
    for (int round = 0; round < 4; round++) {
      List<Op> batch = new ArrayList<>();
      for (int i = round; i < KEYS; i += 4) {
        String family = FAMILIES.get(i % FAMILIES.size());
        if (i % 11 == 0) {
          batch.add(new Op(family, key(i), null));
        } else if (i % 3 == 0) {
          batch.add(new Op(family, key(i), value(random, i)));
        }
      }
      batches.add(batch);
    }
    return batches;
  }

  private static byte[] key(int i) {
    return String.format("data/%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random random, int i) {
    int length = i % 7 == 0 ? 0 : i == 17 ? 20_000 : i % 50 == 1 ? 4_000 : 1 + random.nextInt(120);
    byte[] value = new byte[length];
    random.nextBytes(value);
    return value;
  }
}
