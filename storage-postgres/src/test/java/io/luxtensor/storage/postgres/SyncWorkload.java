package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A writer thread for the restart and failover tests: synced batches numbered 0, 1, 2, …, each putting
 * {@value #KEYS} keys with the batch's number as value, one after the other, whatever fails. A batch
 * whose write returned is acknowledged and must survive anything the server goes through; a failed
 * one may be there whole or not at all. Every failure must be a {@link StorageException}; the kinds
 * seen are kept for the test to check.
 */
final class SyncWorkload {

  static final int KEYS = 4;
  private static final String PREFIX = "w/";

  private final KeyValueStore store;
  private final Thread thread;
  private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
  private volatile int attempted = -1;
  private volatile boolean stop;

  SyncWorkload(KeyValueStore store) {
    this.store = store;
    this.thread = new Thread(this::run, "sync-workload");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    ColumnFamily cf = store.defaultColumnFamily();
    for (int n = 0; !stop; n++) {
      attempted = n;
      WriteBatch batch = store.newBatch();
      byte[] value = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
      for (int k = 0; k < KEYS; k++) {
        batch.put(cf, key(n, k), value);
      }
      try {
        store.write(batch, WriteOptions.SYNC);
        acked.add(n);
      } catch (RuntimeException e) {
        failures.add(e);
        if (!(e instanceof StorageException)) {
          return;
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] key(int batch, int index) {
    return String.format(PREFIX + "%08d/%d", batch, index).getBytes(StandardCharsets.UTF_8);
  }

  int acked() {
    return acked.size();
  }

  /** Waits until {@code count} batches are acknowledged; fails if that takes longer than {@code bound}. */
  void awaitAcked(int count, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (acked.size() < count) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        fail("only %d of %d batches acknowledged within %s; failures: %s", acked.size(), count, bound, failureKinds());
      }
      Thread.sleep(10);
    }
  }

  /** The exception classes seen, in order of first appearance. */
  List<String> failureKinds() {
    synchronized (failures) {
      return failures.stream().map(f -> f.getClass().getSimpleName()).distinct().toList();
    }
  }

  List<Throwable> failures() {
    synchronized (failures) {
      return new ArrayList<>(failures);
    }
  }

  /** Stops the writer after its current batch and waits for it. */
  void stop() throws InterruptedException {
    stop = true;
    thread.join(Duration.ofMinutes(2).toMillis());
  }

  /** Checks, through {@code reader}: every acknowledged batch is there, and every batch there is whole and was written. */
  void verify(KeyValueStore reader) {
    Map<Integer, Integer> keysPerBatch = new TreeMap<>();
    try (KvIterator it = reader.iterator(reader.defaultColumnFamily(), KeyRange.prefix(PREFIX.getBytes(StandardCharsets.UTF_8)))) {
      for (; it.isValid(); it.next()) {
        int batch = Integer.parseInt(new String(it.value(), StandardCharsets.UTF_8));
        keysPerBatch.merge(batch, 1, Integer::sum);
      }
    }
    keysPerBatch.forEach((batch, keys) -> {
      assertThat(keys).as("keys of batch %d (a torn batch if not %d)", batch, KEYS).isEqualTo(KEYS);
      assertThat(batch).as("batch %d was never written", batch).isLessThanOrEqualTo(attempted);
    });
    List<Integer> lost = acked.stream().filter(b -> !keysPerBatch.containsKey(b)).sorted().toList();
    assertThat(lost).as("acknowledged batches that are gone").isEmpty();
    for (Throwable failure : failures()) {
      assertThat(failure).as("a failure during the workload").isInstanceOf(StorageException.class);
    }
  }
}
