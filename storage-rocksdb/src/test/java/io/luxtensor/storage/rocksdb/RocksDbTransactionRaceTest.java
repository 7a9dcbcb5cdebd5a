package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain writes racing optimistic transactions on the same key are never lost. */
class RocksDbTransactionRaceTest {

  private static final long STEP = 1_000_000_000L;

  @TempDir
  Path dir;

  /**
   * Transactions increment a counter by one; a plain writer raises it to ever larger multiples of
   * {@link #STEP}. Once a raise has returned, a transaction that read the counter before it must fail
   * to commit, so the counter never again falls below the raise. A transaction that validated before
   * the raise and wrote after it would bring back an older count.
   */
  @Test
  void plainWriteBetweenATransactionsBeginAndCommitIsNeverOverwritten() throws Exception {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      ColumnFamily cf = store.defaultColumnFamily();
      byte[] counter = bytes("counter");
      store.put(cf, counter, bytes("0"));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong lowestAfterRaise = new AtomicLong(Long.MAX_VALUE);
      AtomicLong commits = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          tasks.add(pool.submit(() -> {
            while (running.get()) {
              try (Transaction tx = store.beginTransaction()) {
                long current = Long.parseLong(text(tx.get(cf, counter)));
                tx.put(cf, counter, bytes(Long.toString(current + 1)));
                tx.commit();
                commits.incrementAndGet();
              } catch (TransactionConflictException e) {
                // the expected outcome of a race; the next round retries
              }
            }
          }));
        }
        tasks.add(pool.submit(() -> {
          for (long raise = 1; raise <= 3_000; raise++) {
            long floor = raise * STEP;
            store.put(cf, counter, bytes(Long.toString(floor)));
            for (int i = 0; i < 20; i++) {
              long seen = Long.parseLong(text(store.get(cf, counter)));
              lowestAfterRaise.accumulateAndGet(seen - floor, Math::min);
            }
          }
          running.set(false);
        }));
        for (Future<?> task : tasks) {
          task.get(2, TimeUnit.MINUTES);
        }
      } finally {
        running.set(false);
        pool.shutdownNow();
      }
      assertThat(commits.get()).isPositive();
      assertThat(lowestAfterRaise.get()).as("lowest counter seen after a raise, relative to the raise").isNotNegative();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
