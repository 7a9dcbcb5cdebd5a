package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.TransactionConflictException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Maps the driver's and the pool's errors onto the {@link StorageException} hierarchy by SQLSTATE, so
 * that a caller can tell a server that is down from a lost connection, a refused role, a full disk or
 * a conflict. Every message names the operation, the server (never credentials: see
 * {@link ServerAddress}) and what to do; the original error is the cause. Stateless and thread-safe.
 */
final class PostgresErrors {

  /** How far an operation had got when it failed, which decides what a broken connection means. */
  enum Phase {
    /** Getting a connection: nothing was sent. */
    CONNECT,
    /** Running statements, before the commit was sent: a write is certainly not applied. */
    STATEMENT,
    /** The commit was sent: a write may or may not be applied. */
    COMMIT
  }

  private final String server;
  private final String user;
  private final long connectTimeoutMillis;

  PostgresErrors(String server, String user, long connectTimeoutMillis) {
    this.server = server;
    this.user = user == null ? "(the driver's default role)" : user;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  String server() {
    return server;
  }

  /** The SQLSTATE of {@code e} or of the first SQL error among its causes and chained errors, or {@code null}. */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null) {
            return s.getSQLState();
          }
        }
      }
    }
    return null;
  }

  /** Whether {@code e} says the connection or the server is gone or unusable, rather than the statement failed. */
  static boolean isConnectionFailure(Throwable e) {
    String state = sqlState(e);
    if (state != null) {
      return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
          || state.equals("53300");
    }
    return e instanceof SQLTransientConnectionException;
  }

  /** Whether {@code e} is a serialization failure or a deadlock: the transaction was rolled back and may be retried. */
  static boolean isConflict(Throwable e) {
    String state = sqlState(e);
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The storage error for {@code e}, raised while doing {@code what} (a phrase such as "writing a batch"). */
  StorageException map(Throwable e, String what, Phase phase) {
    if (e instanceof StorageException storage) {
      return storage;
    }
    String state = sqlState(e);
    String reason = reason(e);
    String where = what + " on PostgreSQL server " + server;
    if (state != null && (state.equals("28000") || state.equals("28P01"))) {
      return new PermissionDeniedException(server, where + " failed: the server refused role " + user + " (" + reason
          + "); check postgres.user and postgres.password, and that pg_hba.conf admits this host", e);
    }
    if ("42501".equals(state)) {
      return new PermissionDeniedException(server, where + " failed: role " + user + " lacks a privilege (" + reason
          + "); grant it USAGE and CREATE on the store's schema (or CREATE on the database for a new store) and"
          + " SELECT, INSERT, UPDATE, DELETE on the store's tables", e);
    }
    if ("53100".equals(state)) {
      return new StorageFullException(where + " failed: the server's disk is full (" + reason + "); nothing of this"
          + " write was applied; free space on the server's data or WAL volume and retry", e);
    }
    if (isConflict(e)) {
      return new TransactionConflictException(where + " failed: it conflicted with a concurrent write (" + reason
          + "); nothing was applied; retry it from the start", e);
    }
    if ("25006".equals(state)) {
      return new ServerUnavailableException(server, where + " failed: the server is read-only, a hot standby (" + reason
          + "); point postgres.url at the primary, or list every host with targetServerType=primary", e);
    }
    if ("3D000".equals(state)) {
      return new StorageException(where + " failed: the database does not exist (" + reason
          + "); create it (CREATE DATABASE) or fix the database in postgres.url", e);
    }
    if (isConnectionFailure(e) || phase == Phase.CONNECT && state == null) {
      return connectionFailure(e, where, phase, state, reason);
    }
    return new StorageException(where + " failed" + (state == null ? "" : " with SQLSTATE " + state) + ": " + reason, e);
  }

  private StorageException connectionFailure(Throwable e, String where, Phase phase, String state, String reason) {
    if (phase == Phase.CONNECT) {
      if (state == null) {
        return new StorageException(where + " failed: no free connection within " + connectTimeoutMillis + " ms (" + reason
            + "); each open snapshot, transaction and multi-page iterator holds one: close them, or raise"
            + " postgres.max_views or postgres.pool_size", e);
      }
      return new ServerUnavailableException(server, where + " failed: the server is unreachable or not accepting"
          + " connections (" + reason + "); check that it runs and that postgres.url names its hosts and ports", e);
    }
    if (phase == Phase.COMMIT) {
      return new ConnectionLostException(server, true, where + " failed: the connection broke while the commit was under"
          + " way (" + reason + "); the write is either wholly applied or wholly absent: read it back before retrying", e);
    }
    return new ConnectionLostException(server, false, where + " failed: the connection broke (" + reason + "); nothing"
        + " of the write was applied; retry once the server is reachable", e);
  }

  /** The most specific message among {@code e} and its causes. */
  private static String reason(Throwable e) {
    Throwable deepest = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        deepest = t;
      }
    }
    String message = deepest.getMessage();
    return message == null ? deepest.getClass().getSimpleName() : message.strip();
  }
}
