package io.luxtensor.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.postgres.PostgresErrors.Phase;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineStats;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store on a PostgreSQL server: one schema holding a {@link StoreCatalog} and a table per column
 * family, reached through one HikariCP pool. Short operations borrow a connection for one statement
 * or one transaction: a get is one {@code SELECT}, a count one {@code SELECT count(*)} (the server
 * counts; no entry crosses the network), a put one autocommit upsert, a batch one transaction of
 * JDBC-batched statements ({@link BatchPlan}), so it is applied whole or not at all. Snapshots,
 * transactions and iterators hold a connection while open ({@link ViewSession}), at most
 * {@code max_views} at once, so that open views never take the {@code pool_size} connections that
 * reads and writes need. Synced writes
 * commit with {@code synchronous_commit} at the configured level ({@code on} by default: flushed on
 * the primary and on every synchronous standby); other writes commit asynchronously.
 *
 * <p>Thread-safe. Column families are created and dropped under the store's lock on the server, so
 * processes sharing the store take turns; a family another process creates is seen after a reopen.
 * The decorator closes every snapshot, transaction and iterator before {@link #close()}, which closes
 * the pools (and, for a temporary store, drops its schema first).
 */
final class PostgresEngine implements StorageEngine {

  /** How often a batch that lost a deadlock is tried again: it was rolled back whole, so trying again is safe. */
  private static final int DEADLOCK_ATTEMPTS = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresOptions options;
  private final SqlDialect dialect;
  private final PostgresErrors errors;
  private final StoreCatalog catalog;
  private final HikariDataSource pool;
  /** One per connection that open views may hold. */
  private final Semaphore viewPermits;
  private final boolean temporary;
  private final boolean readOnly;
  private final boolean syncByDefault;
  private final Map<String, PgColumnFamily> families = new LinkedHashMap<>();
  /** Read queries sent (gets, multi-gets, iterator pages, counts), as {@code postgres.read_queries}. */
  private final LongAdder queries = new LongAdder();

  private PostgresEngine(PostgresOptions options, SqlDialect dialect, PostgresErrors errors, StoreCatalog catalog,
      HikariDataSource pool, StorageConfig config) {
    this.options = options;
    this.dialect = dialect;
    this.errors = errors;
    this.catalog = catalog;
    this.pool = pool;
    this.viewPermits = new Semaphore(options.maxViews());
    this.temporary = config.isTemporary();
    this.readOnly = config.readOnly();
    this.syncByDefault = config.syncWrites();
  }

  /** Opens (or creates) the store {@code config} describes; see {@link PostgresEngineProvider} for the rules. */
  static PostgresEngine open(StorageConfig config) {
    PostgresOptions options = PostgresOptions.of(config);
    SqlDialect dialect = new PostgresDialect();
    PostgresErrors errors = new PostgresErrors(options.server(), options.user(), options.connectTimeoutMillis());
    Path path = config.path();
    String where = path == null ? "a temporary postgres store" : "the postgres store at " + path;
    StoreDescriptor descriptor = path == null ? null : StoreDescriptor.read(path);
    if (descriptor == null && path != null && options.schema() == null && (config.readOnly() || !config.createIfMissing())) {
      throw new StorageException("cannot open " + where + ": the directory holds no " + StoreDescriptor.FILE
          + " naming the store's schema on " + options.server() + "; open it writable with createIfMissing to create"
          + " a store, or set postgres.schema to open an existing one");
    }
    if (descriptor != null && options.schema() != null && !options.schema().equals(descriptor.schema())) {
      throw new IllegalArgumentException("option postgres.schema is " + options.schema() + " but " + where
          + " is the store in schema " + descriptor.schema() + "; drop the option or use another directory");
    }
    String schema = descriptor != null ? descriptor.schema()
        : path != null && options.schema() != null ? options.schema()
        : (options.schema() == null ? "lux" : options.schema()) + (path == null ? "_tmp_" : "_") + randomHex();
    StoreCatalog catalog = new StoreCatalog(schema, descriptor != null ? descriptor.tablePrefix() : options.tablePrefix(), dialect);
    HikariDataSource pool = null;
    try {
      pool = Pools.create(options, dialect, "luxtensor-postgres-" + schema, options.poolSize() + options.maxViews(),
          config.readOnly());
      PostgresEngine engine = new PostgresEngine(options, dialect, errors, catalog, pool, config);
      String storeId = engine.openCatalog(config, where, descriptor);
      if (path != null && descriptor == null && !config.readOnly()) {
        new StoreDescriptor(schema, catalog.prefix(), storeId, options.server()).write(path);
      }
      return engine;
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw errors.map(e, "opening " + where + " (schema " + schema + ")", Phase.CONNECT);
    }
  }

  private static String randomHex() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Finds or creates the store and its column families in one transaction; returns the store's id. */
  private String openCatalog(StorageConfig config, String where, StoreDescriptor descriptor) {
    String what = "opening " + where + " (schema " + catalog.schema() + ")";
    return inTransaction(what, false, connection -> {
      catalog.lock(connection, options.connectTimeoutMillis());
      String id = catalog.storeId(connection);
      if (id == null) {
        if (descriptor != null) {
          throw new CorruptionException(what + " failed: its descriptor names store " + descriptor.storeId() + " in schema "
              + catalog.schema() + ", but the schema on " + options.server() + " holds no store: it was dropped, or"
              + " postgres.url names another server or database");
        }
        if (config.readOnly() || !config.createIfMissing()) {
          throw new StorageException(what + " failed: schema " + catalog.schema() + " on " + options.server()
              + " holds no store; open it writable with createIfMissing to create one");
        }
        id = catalog.create(connection);
      } else if (descriptor != null && !id.equals(descriptor.storeId())) {
        throw new CorruptionException(what + " failed: schema " + catalog.schema() + " on " + options.server() + " holds store "
            + id + ", not the store " + descriptor.storeId() + " its descriptor names; the schema was recreated, or"
            + " postgres.url names another server or database");
      }
      Map<String, Long> existing = catalog.families(connection);
      List<String> missing = config.columnFamilies().stream().filter(name -> !existing.containsKey(name)).toList();
      if (!missing.isEmpty() && config.readOnly()) {
        throw new StorageException("cannot open column families " + missing + " of " + where + " read-only: they do not"
            + " exist (existing: " + existing.keySet() + "); open it writable once to create them");
      }
      for (String name : missing) {
        existing.put(name, catalog.createFamily(connection, name));
      }
      synchronized (families) {
        // The default family first, then the others in the order they were created.
        Long defaultId = existing.remove(StorageConfig.DEFAULT_COLUMN_FAMILY);
        add(StorageConfig.DEFAULT_COLUMN_FAMILY, defaultId);
        existing.forEach(this::add);
      }
      return id;
    });
  }

  private PgColumnFamily add(String name, long id) {
    PgColumnFamily cf = new PgColumnFamily(name, id, catalog.familyTable(id), dialect, queries);
    families.put(name, cf);
    return cf;
  }

  int pageSize() {
    return options.fetchSize();
  }

  // ---- work on pooled connections ----

  /** Work on a pooled connection. */
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private Connection borrow(String what) {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw errors.map(e, what, Phase.CONNECT);
    }
  }

  /**
   * A read in autocommit mode. A read that lost its connection is tried once more on a fresh one (the
   * pool has discarded the broken one): reads change nothing, and this carries them over a failover.
   */
  private <T> T read(String what, PgColumnFamily cf, Work<T> read) {
    cf.checkNotDropped();
    for (int attempt = 1; ; attempt++) {
      Connection connection = borrow(what);
      try {
        return read.run(connection);
      } catch (SQLException e) {
        if (attempt == 1 && PostgresErrors.isConnectionFailure(e)) {
          continue;
        }
        throw mapped(e, what, Phase.STATEMENT, cf);
      } finally {
        ViewSession.closeQuietly(connection);
      }
    }
  }

  /** Runs {@code work} in one transaction on a pooled connection: committed if it returns, rolled back if it throws. */
  private <T> T inTransaction(String what, boolean sync, Work<T> work) {
    Connection connection = borrow(what);
    Phase phase = Phase.STATEMENT;
    try {
      connection.setAutoCommit(false);
      if (sync) {
        durability(connection);
      }
      T result = work.run(connection);
      phase = Phase.COMMIT;
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection);
      throw e instanceof StorageException storage ? storage : errors.map(e, what, phase);
    } finally {
      ViewSession.closeQuietly(connection);
    }
  }

  private void durability(Connection connection) throws SQLException {
    String sql = dialect.durability(options.syncCommit());
    if (sql != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      // A broken connection has no transaction left; the pool discards it.
    }
  }

  /** {@code e} as a storage error; a missing table means the family was dropped, by this process or another. */
  private StorageException mapped(Throwable e, String what, Phase phase, PgColumnFamily cf) {
    if (cf != null && "42P01".equals(PostgresErrors.sqlState(e))) {
      cf.markDropped();
      return cf.dropped();
    }
    return errors.map(e, what, phase);
  }

  // ---- reads ----

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return read("reading a key of " + cf.name(), family, c -> Reads.get(c, family, key));
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return read("reading " + keys.size() + " keys of " + cf.name(), family, c -> Reads.getMany(c, family, keys));
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> cfs, List<byte[]> keys) {
    // One REPEATABLE READ transaction: every key read from the same view.
    for (EngineColumnFamily cf : cfs) {
      ((PgColumnFamily) cf).checkNotDropped();
    }
    try (ViewSession session = ViewSession.open(pool, null, 0, ViewSession.Isolation.SNAPSHOT, errors, "reading keys")) {
      return new PostgresSnapshot(session, pageSize()).multiGet(cfs, keys);
    }
  }

  /** One {@code SELECT count(*)} in autocommit: one statement, so one consistent view of the table. */
  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return read("counting keys of " + cf.name(), family, c -> Reads.count(c, family, bounds));
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    PgColumnFamily family = (PgColumnFamily) cf;
    family.checkNotDropped();
    // Lazily: the session's BEGIN goes with the first page, which PageCursor.open reads at once.
    ViewSession session = ViewSession.openLazily(pool, viewPermits, options.connectTimeoutMillis(),
        ViewSession.Isolation.SNAPSHOT, errors, "opening an iterator on " + cf.name());
    try {
      return PageCursor.open(session, true, family, bounds, pageSize());
    } catch (RuntimeException e) {
      throw mapped(e, "opening an iterator on " + cf.name(), Phase.STATEMENT, family);
    }
  }

  private ViewSession openView(ViewSession.Isolation isolation, String what) {
    return ViewSession.open(pool, viewPermits, options.connectTimeoutMillis(), isolation, errors, what);
  }

  @Override
  public EngineSnapshot snapshot() {
    return new PostgresSnapshot(openView(ViewSession.Isolation.SNAPSHOT, "opening a snapshot"), pageSize());
  }

  /**
   * A snapshot-isolation transaction under {@code REPEATABLE READ}. PostgreSQL's {@code SERIALIZABLE}
   * is not offered as the API's: it may commit a transaction whose reads another transaction changed
   * meanwhile, by ordering it first, while the API's serializable level validates reads against every
   * commit after {@code begin} (serializable in commit order); the TCK's isolation examples fail on it.
   */
  @Override
  public EngineTransaction beginTransaction() {
    return new PostgresTransaction(openView(ViewSession.Isolation.SNAPSHOT_TRANSACTION,
        "beginning a transaction"), this);
  }

  // ---- writes ----

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions options) {
    write(EngineBatch.ofPut(cf, key, value), options);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions options) {
    write(EngineBatch.ofDelete(cf, key), options);
  }

  @Override
  public void write(EngineBatch batch, WriteOptions writeOptions) {
    for (EngineColumnFamily cf : batch.columnFamilies()) {
      ((PgColumnFamily) cf).checkNotDropped();
    }
    BatchPlan plan = BatchPlan.of(batch);
    if (plan.isEmpty()) {
      return;
    }
    String what = batch.size() == 1 ? "writing a key" : "writing a batch of " + batch.size() + " operations";
    for (int attempt = 1; ; attempt++) {
      try {
        applyOnce(plan, writeOptions.sync(), what);
        return;
      } catch (RetryableDeadlock e) {
        if (attempt == DEADLOCK_ATTEMPTS) {
          throw errors.map(e.getCause(), what, Phase.STATEMENT);
        }
      }
    }
  }

  /** A batch rolled back by the server's deadlock detector: nothing applied, safe to try again. */
  private static final class RetryableDeadlock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryableDeadlock(SQLException cause) {
      super(cause);
    }
  }

  private void applyOnce(BatchPlan plan, boolean sync, String what) {
    Connection connection = borrow(what);
    Phase phase = Phase.STATEMENT;
    try {
      if (!sync && plan.isSingleStatement()) {
        phase = Phase.COMMIT; // one autocommit statement: its execution is its commit
        plan.apply(connection);
        return;
      }
      connection.setAutoCommit(false);
      if (sync) {
        durability(connection);
      }
      plan.apply(connection);
      phase = Phase.COMMIT;
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(connection);
      if ("40P01".equals(PostgresErrors.sqlState(e))) {
        throw new RetryableDeadlock(e);
      }
      throw mapped(e, what, phase, plan.current());
    } finally {
      ViewSession.closeQuietly(connection);
    }
  }

  /** Commits a transaction's writes in its own session (see {@link PostgresTransaction}). */
  void commitTransaction(ViewSession session, BatchPlan plan) {
    session.commit("committing a transaction", connection -> {
      try {
        if (syncByDefault) {
          durability(connection);
        }
        plan.apply(connection);
        return null;
      } catch (SQLException e) {
        if (plan.current() != null && "42P01".equals(PostgresErrors.sqlState(e))) {
          plan.current().markDropped();
          throw plan.current().dropped();
        }
        throw e;
      }
    });
  }

  // ---- column families ----

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    synchronized (families) {
      return new ArrayList<>(families.values());
    }
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    synchronized (families) {
      long id = inTransaction("creating column family " + name, false, connection -> {
        catalog.lock(connection, options.connectTimeoutMillis());
        Long existing = catalog.families(connection).get(name);
        return existing != null ? existing : catalog.createFamily(connection, name); // another process may have made it
      });
      return add(name, id);
    }
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    PgColumnFamily family = (PgColumnFamily) cf;
    synchronized (families) {
      inTransaction("dropping column family " + cf.name(), false, connection -> {
        // lock_timeout bounds the wait for snapshots and iterators still reading the table.
        catalog.lock(connection, options.connectTimeoutMillis());
        catalog.dropFamily(connection, family.id());
        return null;
      });
      family.markDropped();
      families.remove(cf.name(), family);
    }
  }

  // ---- maintenance ----

  @Override
  public void flush() {
    if (readOnly) {
      return;
    }
    // A synchronous commit flushes the WAL up to its own commit record, and with it every earlier
    // asynchronous commit; txid_current() gives the transaction an id, so that it has a commit record.
    inTransaction("flushing", true, connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT txid_current()");
      }
      return null;
    });
  }

  @Override
  public void compact(EngineColumnFamily cf, Bounds range) {
    if (readOnly) {
      return;
    }
    PgColumnFamily family = (PgColumnFamily) cf;
    read("vacuuming " + cf.name(), family, connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM " + family.table());
      }
      return null;
    });
  }

  @Override
  public EngineStats stats() {
    Map<String, Long> properties = new LinkedHashMap<>();
    properties.put("postgres.connections_active", (long) activeConnections(pool));
    properties.put("postgres.views_open", (long) options.maxViews() - viewPermits.availablePermits());
    properties.put("postgres.read_queries", queries.sum());
    long disk = -1;
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'")) {
      statement.setString(1, catalog.schema());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        disk = rows.getLong(1);
      }
    } catch (SQLException e) {
      // Stats are best effort: an unreachable server shows as unknown disk usage, not as a failed metrics call.
    }
    return new EngineStats(disk, -1, Double.NaN, -1, properties);
  }

  private static int activeConnections(HikariDataSource pool) {
    var bean = pool.getHikariPoolMXBean();
    return bean == null ? 0 : bean.getActiveConnections();
  }

  @Override
  public void close() {
    try {
      if (temporary) {
        inTransaction("dropping temporary schema " + catalog.schema(), false, connection -> {
          catalog.dropSchema(connection);
          return null;
        });
      }
    } finally {
      pool.close();
    }
  }
}
