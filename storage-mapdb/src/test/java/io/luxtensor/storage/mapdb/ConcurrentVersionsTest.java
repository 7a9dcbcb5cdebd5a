package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Writers move amounts between accounts in optimistic transactions (overwriting keys, so old versions
 * pile up and are collected all the time) while readers check, through snapshots, live iterators and
 * multiGet, that every consistent view sums to the same total and that a snapshot answers the same
 * twice.
 */
class ConcurrentVersionsTest {

  private static final int ACCOUNTS = 40;
  private static final long TOTAL = ACCOUNTS * 1_000L;

  private static byte[] account(int i) {
    return new byte[] {'a', (byte) i};
  }

  private static byte[] amount(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static long amountOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  @Test
  void everyViewSeesWholeTransfersWhileOldVersionsAreCollected() throws Exception {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("mapdb").build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      WriteBatch init = store.newBatch();
      for (int i = 0; i < ACCOUNTS; i++) {
        init.put(cf, account(i), amount(1_000));
      }
      store.write(init);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> work = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int seed = w;
        work.add(pool.submit(() -> transfers(store, cf, new SplittableRandom(seed), stop)));
      }
      work.add(pool.submit(() -> checkSnapshots(store, cf, stop)));
      work.add(pool.submit(() -> checkIteratorsAndMultiGets(store, cf, stop)));
      Thread.sleep(3_000);
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      for (Future<Integer> f : work) {
        assertThat(f.get()).as("rounds done").isPositive();
      }
      assertThat(sumOf(store.iterator(cf, KeyRange.all()))).isEqualTo(TOTAL);
      store.flush();
      assertThat(store.metrics().engineProperties()).containsEntry("mapdb.open_readers", 0L)
          .containsEntry("mapdb.pending_version_gc", 0L);
    }
  }

  /** Optimistic transfers: a lost update would create or destroy money, so conflicts must be caught. */
  private static int transfers(KeyValueStore store, ColumnFamily cf, SplittableRandom random, AtomicBoolean stop) {
    int rounds = 0;
    while (!stop.get()) {
      int from = random.nextInt(ACCOUNTS);
      int to = random.nextInt(ACCOUNTS);
      if (from == to) {
        continue;
      }
      try (Transaction tx = store.beginTransaction()) {
        long a = amountOf(tx.get(cf, account(from)));
        long b = amountOf(tx.get(cf, account(to)));
        long moved = random.nextLong(10);
        tx.put(cf, account(from), amount(a - moved));
        tx.put(cf, account(to), amount(b + moved));
        tx.commit();
        rounds++;
      } catch (TransactionConflictException retry) {
        // the other writer moved money from or to one of these accounts first; try another transfer
      }
    }
    return rounds;
  }

  private static int checkSnapshots(KeyValueStore store, ColumnFamily cf, AtomicBoolean stop) {
    int rounds = 0;
    while (!stop.get()) {
      try (Snapshot snapshot = store.snapshot()) {
        long first = sumOf(snapshot.iterator(cf, KeyRange.all()));
        long second = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
          second += amountOf(snapshot.get(cf, account(i)));
        }
        assertThat(first).isEqualTo(TOTAL);
        assertThat(second).isEqualTo(TOTAL);
      }
      rounds++;
    }
    return rounds;
  }

  private static int checkIteratorsAndMultiGets(KeyValueStore store, ColumnFamily cf, AtomicBoolean stop) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      keys.add(account(i));
    }
    int rounds = 0;
    while (!stop.get()) {
      assertThat(sumOf(store.iterator(cf, KeyRange.all()))).isEqualTo(TOTAL);
      assertThat(store.multiGet(cf, keys).stream().mapToLong(ConcurrentVersionsTest::amountOf).sum()).isEqualTo(TOTAL);
      rounds++;
    }
    return rounds;
  }

  private static long sumOf(KvIterator iterator) {
    try (iterator) {
      return iterator.stream().map(KeyValue::value).mapToLong(ConcurrentVersionsTest::amountOf).sum();
    }
  }
}
