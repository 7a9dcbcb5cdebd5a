package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadView;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parallel writers and readers on one store. Writer {@code w} writes batches {@code i = 0..n-1}, each
 * setting {@code w/a} and {@code w/b} to {@code i} and adding {@code w/log/i}, across both column
 * families. Readers, through snapshots and iterators, must never see a torn batch: {@code a == b}
 * and exactly {@code a + 1} log entries. Afterwards every batch must be there: no lost write.
 */
final class ConcurrencyCheck {

  private final KeyValueStore store;
  private final ColumnFamily main;
  private final ColumnFamily second;

  ConcurrencyCheck(KeyValueStore store) {
    this.store = store;
    this.main = store.defaultColumnFamily();
    this.second = store.columnFamily(ContractFixture.SECOND_CF);
  }

  void writersAndReaders(int writers, int readers, int batchesPerWriter) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> writerTasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writerTasks.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < batchesPerWriter; i++) {
            store.write(store.newBatch()
                .put(main, bytes(writer + "/a"), bytes(Integer.toString(i)))
                .put(second, bytes(writer + "/b"), bytes(Integer.toString(i)))
                .put(main, bytes(String.format("%d/log/%06d", writer, i)), bytes(Integer.toString(i))));
          }
          return null;
        }));
      }
      List<Future<Integer>> readerTasks = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        boolean useSnapshots = r % 2 == 0;
        readerTasks.add(pool.submit(() -> {
          start.await();
          int checks = 0;
          do {
            for (int w = 0; w < writers; w++) {
              if (useSnapshots) {
                try (Snapshot snapshot = store.snapshot()) {
                  checkConsistent(snapshot, w);
                }
              } else {
                checkIteratorConsistent(w);
              }
              checks++;
            }
          } while (writing.get());
          return checks;
        }));
      }
      start.countDown();
      for (Future<?> task : writerTasks) {
        task.get(5, TimeUnit.MINUTES);
      }
      writing.set(false);
      for (Future<Integer> task : readerTasks) {
        assertThat(task.get(5, TimeUnit.MINUTES)).as("consistency checks a reader made").isPositive();
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    for (int w = 0; w < writers; w++) {
      assertThat(store.count(main, KeyRange.prefix(bytes(w + "/log/")))).as("log entries of writer %d", w)
          .isEqualTo(batchesPerWriter);
      assertThat(text(store.get(main, bytes(w + "/a")))).isEqualTo(Integer.toString(batchesPerWriter - 1));
      assertThat(text(store.get(second, bytes(w + "/b")))).isEqualTo(Integer.toString(batchesPerWriter - 1));
    }
  }

  private void checkConsistent(ReadView view, int writer) {
    String a = text(view.get(main, bytes(writer + "/a")));
    String b = text(view.get(second, bytes(writer + "/b")));
    long logs = view.count(main, KeyRange.prefix(bytes(writer + "/log/")));
    assertThat(b).as("writer %d: b beside a in one snapshot", writer).isEqualTo(a);
    assertThat(logs).as("writer %d: log entries beside a=%s in one snapshot", writer, a)
        .isEqualTo(a == null ? 0 : Integer.parseInt(a) + 1);
  }

  /** An iterator is frozen at creation: the last log entry it sees is the newest batch at that time. */
  private void checkIteratorConsistent(int writer) {
    try (KvIterator it = store.iterator(main, KeyRange.prefix(bytes(writer + "/log/")))) {
      int seen = 0;
      String last = null;
      for (; it.isValid(); it.next()) {
        assertThat(text(it.value())).as("writer %d: log entries in order, none missing", writer)
            .isEqualTo(Integer.toString(seen));
        last = text(it.value());
        seen++;
      }
      assertThat(last == null ? -1 : Integer.parseInt(last)).isEqualTo(seen - 1);
    }
  }

  /** Optimistic increments of one counter with retry on conflict: none may be lost. */
  void noLostIncrements(int threads, int incrementsPerThread) throws Exception {
    byte[] counter = bytes("counter");
    store.put(main, counter, bytes("0"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < incrementsPerThread; i++) {
            while (true) {
              try (Transaction tx = store.beginTransaction()) {
                int current = Integer.parseInt(text(tx.get(main, counter)));
                tx.put(main, counter, bytes(Integer.toString(current + 1)));
                tx.commit();
                break;
              } catch (TransactionConflictException e) {
                conflicts++;
              }
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> task : tasks) {
        task.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    assertThat(text(store.get(main, counter))).isEqualTo(Integer.toString(threads * incrementsPerThread));
  }

  /**
   * A writer sets a counter to the start of epoch {@code e} ({@code e * 1,000,000}) with a plain put,
   * while transactions keep incrementing it. A transaction that began before the put and commits after
   * it must conflict; if it commits anyway, its increment of the old epoch overwrites the put unseen.
   * The writer waits until a transaction has built on each epoch, and fails if the counter ever falls
   * back to an older one.
   */
  void plainWritesSurviveRacingTransactions(int epochs) throws Exception {
    byte[] counter = bytes("epoch-counter");
    long epochSize = 1_000_000;
    store.put(main, counter, bytes("0"));
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> incrementer = pool.submit(() -> {
        int commits = 0;
        while (writing.get()) {
          try (Transaction tx = store.beginTransaction()) {
            long current = Long.parseLong(text(tx.get(main, counter)));
            tx.put(main, counter, bytes(Long.toString(current + 1)));
            tx.commit();
            commits++;
          } catch (TransactionConflictException e) {
            // expected whenever the plain writer got in between; the next round reads its value
          }
        }
        return commits;
      });
      for (long epoch = 1; epoch <= epochs; epoch++) {
        store.put(main, counter, bytes(Long.toString(epoch * epochSize)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          long value = Long.parseLong(text(store.get(main, counter)));
          assertThat(value / epochSize).as("epoch of the counter after the plain put of epoch %d: a transaction "
              + "overwrote the put without seeing it", epoch).isEqualTo(epoch);
          if (value > epoch * epochSize) {
            break; // a transaction read the put and built on it
          }
          assertThat(System.nanoTime()).as("a transaction builds on epoch %d within 30 s", epoch).isLessThan(deadline);
          Thread.onSpinWait();
        }
      }
      writing.set(false);
      assertThat(incrementer.get(1, TimeUnit.MINUTES)).isGreaterThanOrEqualTo(epochs);
    } finally {
      writing.set(false);
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
