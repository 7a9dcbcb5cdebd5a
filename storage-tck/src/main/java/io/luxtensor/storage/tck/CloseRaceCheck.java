package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.ReadView;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.WriteBatch;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One thread closes a handle (snapshot, iterator, transaction, store) while others read through it.
 * Every read racing the close must either complete with the right data or throw
 * {@link StoreClosedException}: never a wrong value, never another exception, never a hang (and, on a
 * native engine, never a crash). The store holds {@value #KEYS} keys written as {@code old-i}, then
 * overwritten as {@code new-i} after the handle opened, so a frozen view that leaks a later or a
 * released value is caught.
 */
final class CloseRaceCheck {

  static final int KEYS = 64;
  private static final long JOIN_SECONDS = 10;

  private final KeyValueStore store;
  private final ColumnFamily cf;
  private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  /** Set when a race is over without the readers ending: stops them, so no thread outlives the check. */
  private volatile boolean abandoned;

  CloseRaceCheck(KeyValueStore store) {
    this.store = store;
    this.cf = store.defaultColumnFamily();
  }

  /** Readers of a snapshot, through gets and iterators, while the snapshot closes. */
  void snapshotClosedUnderReaders(int rounds) throws InterruptedException {
    for (int round = 0; round < rounds && wrong.isEmpty(); round++) {
      writeAll("old");
      var snapshot = store.snapshot();
      writeAll("new");
      race("snapshot", 2, () -> readThrough(snapshot, "old"), snapshot::close);
    }
    assertNothingWrong();
  }

  /** A scan in one thread while another thread closes its iterator. */
  void iteratorClosedUnderItsReader(int rounds) throws InterruptedException {
    for (int round = 0; round < rounds && wrong.isEmpty(); round++) {
      writeAll("old");
      KvIterator iterator = store.iterator(cf, KeyRange.all());
      writeAll("new");
      race("iterator", 1, () -> {
        while (going()) {
          iterator.seekToFirst();
          checkScan(iterator, "old", "iterator");
        }
      }, iterator::close);
    }
    assertNothingWrong();
  }

  /** The thread using a transaction reads its own writes over its snapshot while another thread closes it. */
  void transactionClosedUnderItsUser(int rounds) throws InterruptedException {
    for (int round = 0; round < rounds && wrong.isEmpty(); round++) {
      writeAll("old");
      var transaction = store.beginTransaction();
      writeAll("new");
      race("transaction", 1, () -> {
        int i = 0;
        while (going()) {
          transaction.put(cf, key(i % KEYS), bytes("old-" + (i % KEYS)));
          readThrough(transaction, "old");
          i++;
        }
      }, transaction::close);
    }
    assertNothingWrong();
  }

  /** Readers of the store itself, taking snapshots and iterators too, while the store closes. */
  void storeClosedUnderReaders() throws InterruptedException {
    writeAll("new");
    race("store", 2, () -> {
      while (going()) {
        readThrough(store, "new");
        try (var snapshot = store.snapshot()) {
          readThrough(snapshot, "new");
        }
      }
    }, store::close);
    assertNothingWrong();
  }

  /** Endless reads through {@code view} checking every value is {@code prefix-i}; ends by an exception. */
  private void readThrough(ReadView view, String prefix) {
    for (int i = 0; i < KEYS; i++) {
      byte[] value = view.get(cf, key(i));
      String expected = prefix + "-" + i;
      if (value == null || !text(value).equals(expected)) {
        wrong.add("get of " + text(key(i)) + " returned " + (value == null ? "null" : text(value)) + ", expected " + expected);
      }
    }
    List<byte[]> values = view.multiGet(cf, List.of(key(0), key(KEYS - 1)));
    if (values.get(0) == null || !text(values.get(0)).equals(prefix + "-0")) {
      wrong.add("multiGet returned " + (values.get(0) == null ? "null" : text(values.get(0))) + " for " + text(key(0)));
    }
    try (KvIterator iterator = view.iterator(cf, KeyRange.all())) {
      checkScan(iterator, prefix, "iterator of a racing view");
    }
  }

  private void checkScan(KvIterator iterator, String prefix, String what) {
    int seen = 0;
    for (; iterator.isValid() && seen <= KEYS; iterator.next()) {
      String expected = prefix + "-" + seen;
      String key = text(iterator.key());
      String value = text(iterator.value());
      if (!key.equals(text(key(seen))) || !value.equals(expected)) {
        wrong.add(what + " returned " + key + "=" + value + " at position " + seen + ", expected "
            + text(key(seen)) + "=" + expected);
        return;
      }
      seen++;
    }
    if (seen != KEYS) {
      wrong.add(what + " ended after " + seen + " of " + KEYS + " entries without an exception");
    }
  }

  /**
   * Runs {@code readers} threads of {@code read} (which loops until it throws), lets them get going,
   * runs {@code close}, and collects what each reader ended with: only {@link StoreClosedException}
   * is a right ending.
   */
  private void race(String handle, int readers, ThrowingRunnable read, Runnable close) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(readers);
    CountDownLatch finished = new CountDownLatch(readers);
    for (int r = 0; r < readers; r++) {
      Thread reader = new Thread(() -> {
        started.countDown();
        try {
          read.run();
        } catch (StoreClosedException expected) {
          // the one right way for a read to lose the race
        } catch (Throwable t) {
          wrong.add("a read racing the close of its " + handle + " threw " + t);
        } finally {
          finished.countDown();
        }
      }, "tck-close-race-" + handle + "-" + r);
      reader.setDaemon(true);
      reader.start();
    }
    started.await();
    Thread.sleep(1); // let the readers get inside their calls
    close.run();
    if (!finished.await(JOIN_SECONDS, TimeUnit.SECONDS)) {
      wrong.add("a read racing the close of its " + handle + " neither finished nor failed within " + JOIN_SECONDS + " s");
      abandoned = true;
      finished.await(JOIN_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Readers go on until the close stops them, a wrong read is found, or the check gives up. */
  private boolean going() {
    return !abandoned && wrong.isEmpty();
  }

  private void writeAll(String prefix) {
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < KEYS; i++) {
      batch.put(cf, key(i), bytes(prefix + "-" + i));
    }
    store.write(batch);
  }

  private static byte[] key(int i) {
    return bytes(String.format("race/%03d", i));
  }

  private void assertNothingWrong() {
    assertThat(wrong).as("reads racing a close must return right data or throw StoreClosedException").isEmpty();
  }

  /** A read loop that ends by throwing, or when the check gives up on it. */
  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
