package io.luxtensor.storage.postgres;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * The PostgreSQL engine ({@code "postgres"}, priority 50: never picked unless named, since it needs a
 * server): the API on a PostgreSQL server that many processes and hosts share, replicated and failed
 * over by PostgreSQL itself.
 *
 * <p>Options ({@code postgres.*} in {@link StorageConfig#engineOptions()}; unknown ones fail the open):
 * <ul>
 *   <li>{@code url} (required): {@code jdbc:postgresql://host:port[,host2:port2]/database[?params]}; list
 *       every host with {@code targetServerType=primary} to follow a failover;
 *   <li>{@code user}, {@code password}: the role; never logged nor put in any message;
 *   <li>{@code pool_size} (8): connections for reads and writes; {@code max_views} (64): connections for
 *       open snapshots, transactions and iterators whose range spans more than one page, one each;
 *   <li>{@code schema}: the schema of a new store (default {@code lux_<random>}), or of an existing
 *       store to open; {@code table_prefix} ({@code kv_}): prefix of the store's tables;
 *   <li>{@code sync_commit} ({@code on}): the {@code synchronous_commit} level of synced writes;
 *       {@code remote_apply} also makes them visible on synchronous standbys before they return;
 *   <li>{@code fetch_size} (256): entries an iterator reads per page;
 *   <li>{@code connect_timeout_ms} (10000): how long an operation waits for a connection (and DDL for
 *       a lock) before it fails;
 *   <li>{@code dialect} ({@code postgresql}): the only one implemented (see {@link SqlDialect}).
 * </ul>
 * The store's directory ({@link StorageConfig#path()}) holds only {@value StoreDescriptor#FILE},
 * naming the schema and the store's id; the data is on the server. A temporary store (no path) lives
 * in a schema of its own, dropped when it closes. Tuning options for embedded engines (caches,
 * compression, blocks) are ignored: the server's configuration governs them.
 *
 * <p>Capabilities: {@link Capability#PERSISTENT}, {@link Capability#MULTI_PROCESS} (any number of
 * processes on any hosts may open the same store) and {@link Capability#TRANSACTIONS} (snapshot
 * isolation under {@code REPEATABLE READ}). Not declared: serializable transactions (PostgreSQL's
 * {@code SERIALIZABLE} may order a transaction before one that committed earlier, where the API's
 * validates reads in commit order), checkpoints and native backups (use {@code pg_basebackup} or
 * the engine-neutral backups), native range deletes (a {@code DELETE} costs time per row), compression
 * (PostgreSQL compresses large values by itself), disabling the WAL. Keys are at most 2048 bytes, well
 * under PostgreSQL's B-tree entry limit of about 2700.
 *
 * <p>Thread-safe; the constructor does no work.
 */
public final class PostgresEngineProvider implements StorageEngineProvider {

  static final int MAX_KEY_SIZE = 2048;

  @Override
  public String name() {
    return "postgres";
  }

  /** pgjdbc's version, which is what speaks to the server. */
  @Override
  public String version() {
    String version = org.postgresql.Driver.class.getPackage().getImplementationVersion();
    return "pgjdbc " + (version == null ? "unversioned" : version);
  }

  @Override
  public int priority() {
    return 50;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.TRANSACTIONS);
  }

  @Override
  public int maxKeySize() {
    return MAX_KEY_SIZE;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return PostgresEngine.open(config);
  }
}
