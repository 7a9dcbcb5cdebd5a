package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.postgres.PostgresErrors.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One connection holding one open transaction on one snapshot: the frozen view behind a snapshot, a
 * transaction, or an iterator whose range spans several pages. The transaction is begun with an
 * explicit {@code BEGIN} in autocommit mode and ended with {@code ROLLBACK} or {@code COMMIT}, so the
 * pool gets the connection back as it lent it. A session {@linkplain #open opened} eagerly has taken
 * its snapshot when it is returned; one opened {@linkplain #openLazily lazily} (an iterator's) sends
 * its {@code BEGIN} with its first query, in the same round trip, and that query takes the snapshot.
 * Thread-safe: calls are serialised on the session, which the snapshot's readers share.
 * {@link #close()} is idempotent and returns the connection to its pool.
 */
final class ViewSession implements AutoCloseable {

  /** Work on the session's connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * One query on the session's connection that sends {@code begin}, when it is not {@code null},
   * ahead of itself in the same round trip (see {@link #query}).
   */
  interface Query<T> {
    T run(Connection connection, String begin) throws SQLException;
  }

  /** The isolation a session begins with. */
  enum Isolation {
    /** A read-only frozen view. */
    SNAPSHOT("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
    /**
     * A read-write transaction on one snapshot: a commit that would overwrite or delete a row another
     * transaction changed since the snapshot fails with 40001 (first updater wins), as the API's
     * snapshot isolation asks; write skew is allowed.
     */
    SNAPSHOT_TRANSACTION("BEGIN ISOLATION LEVEL REPEATABLE READ");

    final String begin;

    Isolation(String begin) {
      this.begin = begin;
    }
  }

  private final Connection connection;
  private final PostgresErrors errors;
  private final Semaphore permits;
  /** The {@code BEGIN} of a lazily opened session until it is sent, then {@code null}. */
  private String pendingBegin;
  private boolean closed;

  private ViewSession(Connection connection, PostgresErrors errors, Semaphore permits, String pendingBegin) {
    this.connection = connection;
    this.errors = errors;
    this.permits = permits;
    this.pendingBegin = pendingBegin;
  }

  /**
   * Takes one of {@code permits} (waiting at most {@code timeoutMillis}; {@code null} for a session that
   * lasts one call), borrows a connection from {@code pool} and begins a transaction whose snapshot is
   * taken before this returns.
   */
  static ViewSession open(DataSource pool, Semaphore permits, long timeoutMillis, Isolation isolation, PostgresErrors errors,
      String what) {
    Connection connection = borrow(pool, permits, timeoutMillis, errors, what);
    try (Statement statement = connection.createStatement()) {
      // A transaction's snapshot is taken by its first query, not by BEGIN: run one now.
      statement.execute(isolation.begin + "; SELECT 1");
      return new ViewSession(connection, errors, permits, null);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      release(permits);
      throw errors.map(e, what, Phase.STATEMENT);
    }
  }

  /**
   * As {@link #open}, but nothing is sent yet: the transaction begins with the session's first
   * statement, whose snapshot it is. The caller runs that statement at once (an iterator reads its
   * first page), so the snapshot is still taken before the caller returns, one round trip sooner.
   */
  static ViewSession openLazily(DataSource pool, Semaphore permits, long timeoutMillis, Isolation isolation,
      PostgresErrors errors, String what) {
    return new ViewSession(borrow(pool, permits, timeoutMillis, errors, what), errors, permits, isolation.begin);
  }

  private static Connection borrow(DataSource pool, Semaphore permits, long timeoutMillis, PostgresErrors errors,
      String what) {
    if (permits != null) {
      boolean acquired;
      try {
        acquired = permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException(what + " was interrupted while waiting for a connection", e);
      }
      if (!acquired) {
        throw new StorageException(what + " failed: no connection for it within " + timeoutMillis + " ms, all "
            + "postgres.max_views are held by open snapshots, transactions and iterators over more than a page;"
            + " close some, or raise postgres.max_views");
      }
    }
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      release(permits);
      throw errors.map(e, what, Phase.CONNECT);
    }
  }

  private static void release(Semaphore permits) {
    if (permits != null) {
      permits.release();
    }
  }

  /** Runs {@code work} in the session's transaction (beginning it first if it has not begun). */
  synchronized <T> T run(String what, Work<T> work) {
    checkOpen(what);
    try {
      beginIfPending();
      return work.run(connection);
    } catch (SQLException e) {
      throw errors.map(e, what, Phase.STATEMENT);
    }
  }

  /**
   * Runs {@code query} in the session's transaction, handing it the pending {@code BEGIN} to send
   * ahead of itself if the transaction has not begun, else {@code null}.
   */
  synchronized <T> T query(String what, Query<T> query) {
    checkOpen(what);
    String begin = pendingBegin;
    // Sent or not, it is not sent again: a failed first query leaves the session to be closed.
    pendingBegin = null;
    try {
      return query.run(connection, begin);
    } catch (SQLException e) {
      throw errors.map(e, what, Phase.STATEMENT);
    }
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new StoreClosedException(what + " is not possible: the snapshot or transaction was closed");
    }
  }

  private void beginIfPending() throws SQLException {
    if (pendingBegin != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(pendingBegin);
      }
      pendingBegin = null;
    }
  }

  /**
   * Runs {@code work} and commits; on any failure rolls back and throws. The session is closed after.
   *
   * @throws StorageException mapped from the failure; a conflict is a
   *     {@link io.luxtensor.storage.TransactionConflictException}
   */
  synchronized void commit(String what, Work<Void> work) {
    if (closed) {
      throw new StoreClosedException(what + " is not possible: the transaction was closed");
    }
    Phase phase = Phase.STATEMENT;
    try (Statement statement = connection.createStatement()) {
      beginIfPending();
      work.run(connection);
      phase = Phase.COMMIT;
      statement.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      throw errors.map(e, what, phase);
    } finally {
      close();
    }
  }

  /** Ends the transaction (rolled back unless committed) and returns the connection; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pendingBegin == null) { // else nothing was sent: no transaction to end
      try (Statement statement = connection.createStatement()) {
        statement.execute("ROLLBACK");
      } catch (SQLException e) {
        // A broken connection has no transaction left to end; the pool discards it.
      }
    }
    closeQuietly(connection);
    release(permits);
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Returning a broken connection to the pool fails; the pool has discarded it already.
    }
  }
}
