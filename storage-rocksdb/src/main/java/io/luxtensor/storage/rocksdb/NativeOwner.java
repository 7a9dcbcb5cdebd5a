package io.luxtensor.storage.rocksdb;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The single owner of a store's long-lived native objects (options, cache, filter, statistics, the
 * database, its column family handles, shared read/write options). Each object is registered right
 * after it is created and closed exactly once, in reverse order of registration, because RocksDB
 * requires dependants (handles, iterators' options) to go before what they depend on (the database,
 * the cache). Thread-safe.
 */
final class NativeOwner implements AutoCloseable {

  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private boolean closed;

  /** Takes ownership of {@code resource} and returns it. */
  synchronized <T extends AutoCloseable> T own(T resource) {
    if (closed) {
      closeQuietlyInto(resource, null);
      throw new IllegalStateException("native owner already closed; the store is closing");
    }
    owned.push(resource);
    return resource;
  }

  /**
   * Closes everything owned, newest first. Every object is closed even when an earlier close fails;
   * the first failure is rethrown with the later ones suppressed.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    while (!owned.isEmpty()) {
      failure = closeQuietlyInto(owned.pop(), failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException closeQuietlyInto(AutoCloseable resource, RuntimeException failure) {
    try {
      resource.close();
      return failure;
    } catch (Exception e) {
      RuntimeException wrapped = e instanceof RuntimeException r ? r
          : new io.luxtensor.storage.StorageException("closing " + resource + " failed: " + e.getMessage(), e);
      if (failure == null) {
        return wrapped;
      }
      failure.addSuppressed(wrapped);
      return failure;
    }
  }
}
