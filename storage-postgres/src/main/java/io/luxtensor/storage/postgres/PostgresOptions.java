package io.luxtensor.storage.postgres;

import io.luxtensor.storage.StorageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code postgres.*} options of a {@link StorageConfig}, parsed and checked. Immutable. The password
 * never appears in {@link #toString()} nor in any message built from these options.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host[:port][,host[:port]...]/database[?params]}
 * @param user the role to connect as, or {@code null} to let the URL or the driver's defaults decide
 * @param password the role's password, or {@code null}
 * @param poolSize connections for short operations (reads, writes, batches)
 * @param maxViews connections for long-lived views: open snapshots, transactions and iterators whose
 *     range spans more than one page each hold one
 * @param schema the schema a new store is created in, or {@code null} for a generated one
 * @param tablePrefix prefix of the store's table names
 * @param syncCommit the {@code synchronous_commit} level of a synced write ({@code on}, {@code remote_write},
 *     {@code remote_apply} or {@code local}); asynchronous writes run with {@code off}
 * @param fetchSize entries a cursor reads per page
 * @param connectTimeoutMillis how long an operation waits for a connection before it fails
 * @param dialect the SQL dialect's name
 */
record PostgresOptions(String url, String user, String password, int poolSize, int maxViews, String schema,
    String tablePrefix, String syncCommit, int fetchSize, long connectTimeoutMillis, String dialect) {

  static final String PREFIX = "postgres";
  /** Unquoted lowercase identifiers only: no quoting rules to get wrong, and the same name in every dialect. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final List<String> SYNC_LEVELS = List.of("on", "remote_write", "remote_apply", "local");
  private static final List<String> KNOWN = List.of("url", "user", "password", "pool_size", "max_views", "schema",
      "table_prefix", "sync_commit", "fetch_size", "connect_timeout_ms", "dialect");

  /**
   * Parses the options of {@code config}.
   *
   * @throws IllegalArgumentException naming the first unknown or invalid option (never its value when
   *     it is the password)
   */
  static PostgresOptions of(StorageConfig config) {
    Map<String, String> given = new HashMap<>(config.engineOptions(PREFIX));
    for (String name : given.keySet()) {
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option " + PREFIX + "." + name + "; the postgres engine knows "
            + KNOWN.stream().map(k -> PREFIX + "." + k).toList());
      }
    }
    String url = given.get("url");
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("option postgres.url must be a JDBC URL starting with jdbc:postgresql:, "
          + (url == null ? "it is missing" : "was " + ServerAddress.describe(url))
          + "; for example jdbc:postgresql://db1:5432,db2:5432/chain?targetServerType=primary");
    }
    String schema = given.get("schema");
    if (schema != null) {
      identifier("schema", schema);
    }
    String prefix = identifier("table_prefix", given.getOrDefault("table_prefix", "kv_"));
    String syncCommit = given.getOrDefault("sync_commit", "on").toLowerCase(Locale.ROOT);
    if (!SYNC_LEVELS.contains(syncCommit)) {
      throw new IllegalArgumentException("option postgres.sync_commit must be one of " + SYNC_LEVELS + ", was " + syncCommit);
    }
    String dialect = given.getOrDefault("dialect", PostgresDialect.NAME).toLowerCase(Locale.ROOT);
    if (!dialect.equals(PostgresDialect.NAME)) {
      throw new IllegalArgumentException("option postgres.dialect must be " + PostgresDialect.NAME + " (the only dialect"
          + " implemented and tested; CockroachDB and YugabyteDB need their own), was " + dialect);
    }
    return new PostgresOptions(url, given.get("user"), given.get("password"),
        positive(given, "pool_size", 8, 1000), positive(given, "max_views", 64, 10_000), schema, prefix, syncCommit,
        positive(given, "fetch_size", 256, 1_000_000), positive(given, "connect_timeout_ms", 10_000, 3_600_000), dialect);
  }

  private static String identifier(String option, String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException("option postgres." + option + " must be a lowercase SQL identifier"
          + " ([a-z_][a-z0-9_]*, at most 40 characters), was \"" + value + "\"");
    }
    return value;
  }

  private static int positive(Map<String, String> given, String option, int fallback, int max) {
    String text = given.get(option);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw new IllegalArgumentException("option postgres." + option + " must be an integer from 1 to " + max + ", was " + text);
  }

  /** The server as messages name it: hosts, ports and database, without parameters or credentials. */
  String server() {
    return ServerAddress.describe(url);
  }

  @Override
  public String toString() {
    return "PostgresOptions[server=" + server() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
        + ", poolSize=" + poolSize + ", maxViews=" + maxViews + ", schema=" + schema + ", tablePrefix=" + tablePrefix
        + ", syncCommit=" + syncCommit + ", fetchSize=" + fetchSize + ", connectTimeoutMillis=" + connectTimeoutMillis
        + ", dialect=" + dialect + "]";
  }
}
