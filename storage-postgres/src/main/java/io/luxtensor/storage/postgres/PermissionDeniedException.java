package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageException;

/**
 * The PostgreSQL server refused the configured role: authentication failed (wrong password, no
 * {@code pg_hba.conf} entry) or the role lacks a privilege the operation needs (creating the store's
 * schema or tables, reading or writing them). Nothing was applied. The message names the server and
 * the role, never the password, and the privilege to grant.
 */
public final class PermissionDeniedException extends StorageException {

  private final String server;

  public PermissionDeniedException(String server, String message, Throwable cause) {
    super(message, cause);
    this.server = server;
  }

  /** The server as {@code postgresql://host:port[,host:port]/database}. */
  public String server() {
    return server;
  }
}
