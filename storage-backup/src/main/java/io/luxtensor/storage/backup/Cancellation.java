package io.luxtensor.storage.backup;

/**
 * Lets another thread stop a running backup, restore or verify: the operation notices at its next
 * chunk, removes what it wrote and throws {@link BackupCancelledException}. Thread-safe; one-way.
 */
public final class Cancellation {

  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  void check(String what) {
    if (cancelled) {
      throw new BackupCancelledException(what + " was cancelled; nothing partial was kept");
    }
  }
}
