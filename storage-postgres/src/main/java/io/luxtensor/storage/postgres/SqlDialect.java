package io.luxtensor.storage.postgres;

/**
 * What differs between PostgreSQL and the databases that speak its protocol, kept out of the engine:
 * the DDL that makes a table's primary key an ordered index, the upsert statement, how a transaction
 * asks for a durability level, and how a store's creation is serialised between processes.
 * Implementations are stateless and thread-safe; identifiers they receive are already checked
 * lowercase names (see {@link PostgresOptions}) and qualified as {@code schema.table}.
 *
 * <p>Only {@link PostgresDialect} is implemented and tested. What the others would need, untested
 * because neither database can be installed where this engine is built:
 * <ul>
 *   <li>CockroachDB: {@code UPSERT INTO t (k, v) VALUES (?, ?)} is its fast upsert; every transaction is
 *       SERIALIZABLE and durable, so {@code synchronous_commit} does not exist (no statement); it has no
 *       advisory locks (creation relies on its serialisable DDL); a retry is SQLSTATE 40001 with
 *       "restart transaction" in the message; {@code bytea} ({@code BYTES}) sorts bytewise in its
 *       ordered primary index.
 *   <li>YugabyteDB: the first primary-key column is hash-sharded by default, which would make every
 *       range scan a full scan and ordering wrong across tablets, so the table needs
 *       {@code PRIMARY KEY (k ASC)}; it accepts PostgreSQL's upsert; {@code synchronous_commit} is
 *       accepted but ignored (Raft replication is always synchronous); advisory locks exist only from
 *       version 2.25 on.
 * </ul>
 */
interface SqlDialect {

  /** The name users select the dialect by ({@code postgres.dialect}). */
  String name();

  /** DDL creating a key-value table whose primary key is an index ordered bytewise on {@code k}. */
  String createTable(String table);

  /** A statement with parameters {@code (k, v)} that inserts the pair or replaces the value of {@code k}. */
  String upsert(String table);

  /**
   * A query returning one {@code bigint} row: the number of keys of {@code table} within bounds whose
   * parameters are the inclusive lower bound (when {@code hasLower}) and then the exclusive upper
   * bound (when {@code hasUpper}); an open side has no condition and no parameter. It is one
   * statement, so it counts on one view of the table, inside the transaction that runs it.
   */
  String count(String table, boolean hasLower, boolean hasUpper);

  /**
   * As {@link #count}, less the keys among a last {@code bytea[]} parameter, which the caller has
   * checked lie within the bounds (a transaction counts its own writes itself and subtracts the keys
   * they cover). Still one statement; it looks those keys up by the primary key, so its cost grows
   * with their number, not with the range's.
   */
  String countExcept(String table, boolean hasLower, boolean hasUpper);

  /**
   * A statement run first in a write transaction so that its commit waits for {@code level}
   * ({@code on}, {@code remote_apply}, …, or {@code off} for an asynchronous commit), or {@code null}
   * where the database has no such setting.
   */
  String durability(String level);

  /**
   * A statement run once on every new connection that makes its commits asynchronous (they return
   * before the commit is durable), or {@code null} where every commit is durable.
   */
  String asynchronousSession();

  /**
   * A statement with one {@code bigint} parameter that holds a lock on that number until the
   * transaction ends, serialising the creation of stores and column families between processes, or
   * {@code null} where the database serialises DDL by itself.
   */
  String transactionLock();
}
