package io.luxtensor.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The enter/exit/drain discipline every handle (store, snapshot, iterator, transaction, backups)
 * follows, so that a handle is never released under a running call: each call {@linkplain #enter()
 * enters} and {@linkplain #exit() exits}, and {@link #closeAndDrain()} marks the handle closed and
 * waits until no call is inside. A call racing the close either entered first (and completes before
 * the release) or fails with {@link StoreClosedException}.
 *
 * <p>The state is one atomic word, a closed bit beside the count of calls inside, so the drain is
 * exact: it sees zero only when no call is inside (a sum over striped counters, such as a
 * {@code LongAdder}'s, can read zero while a call is inside). Entering costs one atomic increment.
 */
final class HandleGuard {

  private static final long CLOSED = 1L << 62;

  private final AtomicLong state = new AtomicLong();
  private final String description;
  private final String remedy;

  /**
   * @param description names the handle in errors, e.g. {@code "snapshot"}
   * @param remedy says how to get a usable one, e.g. {@code "take a new one with store.snapshot()"}
   */
  HandleGuard(String description, String remedy) {
    this.description = description;
    this.remedy = remedy;
  }

  /** Enters a call, or throws {@link StoreClosedException}. */
  void enter() {
    if ((state.getAndIncrement() & CLOSED) != 0) {
      state.getAndDecrement();
      throw closedException();
    }
  }

  /** Enters a call unless the handle is closed. */
  boolean tryEnter() {
    if ((state.getAndIncrement() & CLOSED) != 0) {
      state.getAndDecrement();
      return false;
    }
    return true;
  }

  void exit() {
    state.getAndDecrement();
  }

  /** Throws {@link StoreClosedException} when closed, without entering: for calls that touch no engine state. */
  void checkOpen() {
    if (isClosed()) {
      throw closedException();
    }
  }

  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  StoreClosedException closedException() {
    return new StoreClosedException(description + " is closed; " + remedy);
  }

  /**
   * Closes the handle once: marks it closed, waits until no call is inside, then runs {@code release}.
   * Returns {@code true} for the call that closed it; a concurrent caller waits until that release
   * has finished and returns {@code false}, so that whoever closes next (a parent releasing the
   * engine) never runs under a release still in progress. Must not be called from inside a call on
   * the same handle.
   */
  synchronized boolean close(Runnable release) {
    if (!closeAndDrain()) {
      return false;
    }
    release.run();
    return true;
  }

  /**
   * Marks the handle closed and waits until no call is inside; returns {@code false}, without
   * waiting, if it was already closed.
   */
  private boolean closeAndDrain() {
    long current;
    do {
      current = state.get();
      if ((current & CLOSED) != 0) {
        return false;
      }
    } while (!state.compareAndSet(current, current | CLOSED));
    long spins = 0;
    while (state.get() != CLOSED) {
      if (++spins < 1_000) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
      }
    }
    return true;
  }
}
