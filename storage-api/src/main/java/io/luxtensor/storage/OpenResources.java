package io.luxtensor.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children (iterators, snapshots, transactions) a view has handed out and must close with
 * itself. Once closed it accepts no more children, so none can slip past a concurrent close.
 * Thread-safe.
 */
final class OpenResources {

  /** A child closed by its parent rather than its user. */
  interface Child {
    /** Closes the child without touching the store guard; idempotent. */
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

  /** Closes every child and refuses new ones; returns how many were still open. */
  int closeAll() {
    List<Child> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(children);
      children.clear();
    }
    for (Child child : open) {
      child.closeByParent();
    }
    return open.size();
  }
}
