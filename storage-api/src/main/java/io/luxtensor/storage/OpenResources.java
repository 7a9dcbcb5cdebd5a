package io.luxtensor.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children (iterators, snapshots, transactions, backups) a handle has handed out and must close
 * with itself. Once closed it accepts no more children, so none can slip past a concurrent close.
 * Thread-safe.
 */
final class OpenResources {

  /** A child closed by its parent rather than its user. */
  interface Child {
    /** Closes the child (draining its running calls) as its parent closes; idempotent. */
    void closeByParent();
  }

  private final Set<Child> children = ConcurrentHashMap.newKeySet();
  private boolean closed;

  /** Registers a child; returns {@code false}, registering nothing, when already closed. */
  synchronized boolean add(Child child) {
    if (closed) {
      return false;
    }
    children.add(child);
    return true;
  }

  void remove(Child child) {
    children.remove(child);
  }

  /**
   * Closes every child and refuses new ones; returns how many were still open. Every child is closed
   * even when some fail: the first failure is rethrown once all are closed, later ones attached to it
   * as suppressed, so that the parent never releases its own resources under a live child.
   */
  int closeAll() {
    List<Child> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(children);
      children.clear();
    }
    RuntimeException failure = null;
    for (Child child : open) {
      try {
        child.closeByParent();
      } catch (RuntimeException | Error e) {
        failure = Failures.add(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return open.size();
  }
}
