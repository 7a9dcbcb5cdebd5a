package io.luxtensor.storage.backup;

import io.luxtensor.storage.KeyValueStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Backs up an open store in the background as a {@link BackupConfig} says, with retention, on one
 * daemon thread of a {@link ScheduledExecutorService}; backups never overlap. The last success and
 * failure are kept in {@link #status()} for metrics. A failed backup leaves nothing listed and the
 * schedule goes on. Thread-safe. The caller closes the scheduler before the store.
 */
public final class BackupScheduler implements AutoCloseable {

  private final KeyValueStore store;
  private final BackupConfig config;
  private final Backups backups;
  private final ScheduledExecutorService executor;
  private final AtomicReference<Status> status = new AtomicReference<>(new Status(null, null, null, null, 0, 0));
  private final Cancellation cancellation = new Cancellation();

  private BackupScheduler(KeyValueStore store, BackupConfig config) {
    this.store = store;
    this.config = config;
    this.backups = Backups.open(config.directory());
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "luxtensor-backup-" + config.directory().getFileName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts backing up {@code store}: the first backup after one interval. */
  public static BackupScheduler start(KeyValueStore store, BackupConfig config) {
    BackupScheduler scheduler = new BackupScheduler(store, config);
    long millis = config.interval().toMillis();
    scheduler.executor.scheduleWithFixedDelay(scheduler::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return scheduler;
  }

  /**
   * What the scheduler did last.
   *
   * @param lastSuccess when the last backup completed, or {@code null}
   * @param lastBackupId the id of the last backup taken, or {@code null}
   * @param lastFailure when the last backup failed, or {@code null}
   * @param lastFailureMessage why it failed, or {@code null}
   * @param successes backups taken
   * @param failures backups failed
   */
  public record Status(Instant lastSuccess, String lastBackupId, Instant lastFailure, String lastFailureMessage,
      long successes, long failures) {}

  public Status status() {
    return status.get();
  }

  public Backups backups() {
    return backups;
  }

  /** Runs a backup now (after any running one); the future holds its manifest or its failure. */
  public Future<Manifest> runNow() {
    return executor.submit(this::runOnce);
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // recorded in the status by runOnce; the schedule goes on
    }
  }

  private Manifest runOnce() {
    try {
      boolean incremental = config.incremental() && !chainIsFull();
      BackupOptions options = BackupOptions.full().withIncremental(incremental).withZstdLevel(config.zstdLevel())
          .withKey(config.key()).withCancellation(cancellation);
      Manifest m = backups.create(store, options);
      backups.prune(config.maxBackups());
      status.updateAndGet(s -> new Status(Instant.now(), m.id(), s.lastFailure(), s.lastFailureMessage(),
          s.successes() + 1, s.failures()));
      return m;
    } catch (RuntimeException e) {
      status.updateAndGet(s -> new Status(s.lastSuccess(), s.lastBackupId(), Instant.now(), String.valueOf(
          e.getMessage()), s.successes(), s.failures() + 1));
      throw e;
    }
  }

  /** Whether the newest chain already holds {@code maxBackups} backups (the next one starts a new chain). */
  private boolean chainIsFull() {
    List<Manifest> all = backups.list();
    if (all.isEmpty()) {
      return false;
    }
    return backups.chain(all.get(all.size() - 1).id()).size() >= config.maxBackups();
  }

  /** Stops the schedule, cancels a running backup (which leaves nothing) and waits for it. */
  @Override
  public void close() {
    cancellation.cancel();
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new BackupException("the running backup did not stop within a minute of being cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for {@code future} and unwraps its failure, for callers of {@link #runNow()}. */
  public static Manifest await(Future<Manifest> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new BackupException("the backup failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupCancelledException("interrupted while waiting for the backup", e);
    }
  }
}
