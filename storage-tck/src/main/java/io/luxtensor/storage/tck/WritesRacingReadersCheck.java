package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writers put numbered keys while other threads do nothing but open and close readers (snapshots or
 * iterators) as fast as they can: the churn of registering and releasing readers is what writers
 * must never trip over. Every put must return normally, with no exception of any kind, every reader
 * open and close too, and afterwards every written key must be there. Writers start only once every
 * reader thread has opened and closed a reader, so the two always overlap. Puts are not synced: what
 * races is the bookkeeping of readers, and a sync per put would only slow the race down.
 */
final class WritesRacingReadersCheck {

  /** Opens one reader on the store and closes it again. */
  @FunctionalInterface
  interface ReaderChurn {
    void openAndClose(KeyValueStore store);
  }

  // Opened and closed with nothing in between: registering and releasing the reader is what races.
  static final ReaderChurn SNAPSHOTS = store -> store.snapshot().close();

  static final ReaderChurn ITERATORS = store -> store.iterator(store.defaultColumnFamily(), KeyRange.all()).close();

  static final int MAX_PUTS_PER_WRITER = 200_000;

  private final KeyValueStore store;

  WritesRacingReadersCheck(KeyValueStore store) {
    this.store = store;
  }

  /**
   * Runs {@code writers} writer threads for about {@code writeMillis} (at most {@link #MAX_PUTS_PER_WRITER}
   * puts each, so that the check stays short on slow engines and small on fast ones) beside
   * {@code readerThreads} threads churning readers.
   */
  void run(ReaderChurn churn, int readerThreads, int writers, long writeMillis) throws Exception {
    ColumnFamily cf = store.defaultColumnFamily();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch readersRunning = new CountDownLatch(readerThreads);
    ExecutorService pool = Executors.newFixedThreadPool(readerThreads + writers);
    List<Integer> puts = new ArrayList<>();
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < readerThreads; r++) {
        readers.add(pool.submit(() -> {
          int opened = 0;
          boolean first = true;
          do {
            try {
              churn.openAndClose(store);
              opened++;
            } catch (Throwable t) {
              failures.add("opening and closing a reader threw " + t);
            }
            if (first) {
              readersRunning.countDown(); // after the first attempt: a failing reader must not block the writers
              first = false;
            }
          } while (writing.get());
          return opened;
        }));
      }
      List<Future<Integer>> writerTasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writerTasks.add(pool.submit(() -> {
          readersRunning.await();
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(writeMillis);
          int i = 0;
          for (; i < MAX_PUTS_PER_WRITER && System.nanoTime() < deadline; i++) {
            try {
              store.put(cf, key(writer, i), TckBytes.bytes(Integer.toString(i)), WriteOptions.ASYNC);
            } catch (Throwable t) {
              failures.add("put " + TckBytes.text(key(writer, i)) + " threw " + t);
            }
          }
          return i;
        }));
      }
      for (Future<Integer> task : writerTasks) {
        puts.add(task.get(5, TimeUnit.MINUTES));
      }
      writing.set(false);
      for (Future<Integer> task : readers) {
        assertThat(task.get(1, TimeUnit.MINUTES)).as("readers a thread opened and closed").isPositive();
      }
    } finally {
      writing.set(false);
      readersRunning.countDown();
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    assertThat(failures).as("writes or reader opens that failed while readers came and went (%d in all)", failures.size())
        .isEmpty();
    for (int w = 0; w < writers; w++) {
      int putsPerWriter = puts.get(w);
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < putsPerWriter; i++) {
        if (store.get(cf, key(w, i)) == null) {
          missing.add(TckBytes.text(key(w, i)));
        }
      }
      assertThat(missing).as("keys writer %d put (of %d) that are not there", w, putsPerWriter).isEmpty();
      assertThat(store.count(cf, KeyRange.prefix(TckBytes.bytes("race/" + w + "/")))).isEqualTo(putsPerWriter);
    }
  }

  /** {@code race/<writer>/<i, 8 digits>}, built without {@code String.format}: writers should spend their time in put. */
  private static byte[] key(int writer, int i) {
    String digits = Integer.toString(i);
    return TckBytes.bytes("race/" + writer + "/" + "00000000".substring(digits.length()) + digits);
  }
}
