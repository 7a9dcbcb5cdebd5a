package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageException;

/**
 * The PostgreSQL server could not be reached or would not serve: refused or timed-out connections, a
 * server shutting down or starting up, too many connections, or a read-only standby where a primary
 * was needed. The operation was not applied (a write that was in flight when its connection broke
 * throws {@link ConnectionLostException} instead). The message names the server (hosts, ports and
 * database, never credentials) and what to check; the driver's error is the cause. Retrying once the
 * server is back is safe.
 */
public final class ServerUnavailableException extends StorageException {

  private final String server;

  public ServerUnavailableException(String server, String message, Throwable cause) {
    super(message, cause);
    this.server = server;
  }

  /** The server as {@code postgresql://host:port[,host:port]/database}. */
  public String server() {
    return server;
  }
}
