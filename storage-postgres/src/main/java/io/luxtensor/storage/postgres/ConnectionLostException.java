package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageException;

/**
 * The connection to the PostgreSQL server broke during an operation: the server died, restarted,
 * failed over, or the network dropped. A write is one SQL transaction, so it is never partly applied:
 * when the connection broke before the commit was sent, nothing of it was applied
 * ({@link #mayHaveCommitted()} is false) and it may simply be retried; when it broke while the commit
 * was under way, the whole write may or may not have been applied, and only reading it back tells.
 * The message names the server (never credentials).
 */
public final class ConnectionLostException extends StorageException {

  private final String server;
  private final boolean mayHaveCommitted;

  public ConnectionLostException(String server, boolean mayHaveCommitted, String message, Throwable cause) {
    super(message, cause);
    this.server = server;
    this.mayHaveCommitted = mayHaveCommitted;
  }

  /** The server as {@code postgresql://host:port[,host:port]/database}. */
  public String server() {
    return server;
  }

  /** Whether the commit had been sent: the write is then all applied or all absent, but which is unknown. */
  public boolean mayHaveCommitted() {
    return mayHaveCommitted;
  }
}
