package io.luxtensor.storage.postgres;

/**
 * How messages name a server: the hosts, ports and database of a JDBC URL, never its parameters, which
 * may carry a password ({@code ?password=...}), nor a user-info part ({@code //user:secret@host}).
 * Stateless.
 */
final class ServerAddress {

  private static final String SCHEME = "jdbc:postgresql:";

  private ServerAddress() {}

  /** {@code postgresql://host:port,host2:port2/database} for a JDBC URL; anything else as {@code (unparsable URL)}. */
  static String describe(String url) {
    if (url == null || !url.startsWith(SCHEME)) {
      return "(not a jdbc:postgresql: URL)";
    }
    String rest = url.substring(SCHEME.length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      String hosts = slash >= 0 ? authority.substring(0, slash) : authority;
      String database = slash >= 0 ? authority.substring(slash) : "/";
      int at = hosts.lastIndexOf('@');
      if (at >= 0) {
        hosts = hosts.substring(at + 1);
      }
      return "postgresql://" + (hosts.isEmpty() ? "localhost" : hosts) + database;
    }
    return "postgresql://localhost/" + rest;
  }
}
