package io.luxtensor.storage.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary directory, then
 * {@code pg_ctl} on a free 127.0.0.1 port with its Unix socket in that directory too, so nothing
 * leaves the machine or collides with another server. PostgreSQL refuses to run as root, so when the
 * tests run as root the server runs as {@code -Dpostgres.test.osuser} (default {@code postgres},
 * created with {@code useradd} if missing) through {@code runuser}. The binaries come from
 * {@code -Dpostgres.test.bindir}, else the {@code PATH}, else the newest {@code /usr/lib/postgresql/<v>/bin}.
 *
 * <p>The superuser is {@value #SUPERUSER}, trusted on loopback; other roles authenticate with
 * passwords (scram). {@link #close()} stops the server and deletes its directory. Not thread-safe: one
 * test drives a server.
 */
final class PostgresServer implements AutoCloseable {

  static final String SUPERUSER = "lux";
  private static final long START_TIMEOUT_SECONDS = 120;

  private final Path root;
  private final Path data;
  private final Path socket;
  private final List<String> settings;
  private int port;
  private boolean running;

  private PostgresServer(Path root, List<String> settings) {
    this.root = root;
    this.data = root.resolve("data");
    this.socket = root.resolve("socket");
    this.settings = settings;
  }

  /** A new server, initialised and started, with {@code settings} ({@code name=value}) added to its configuration. */
  static PostgresServer start(String name, String... settings) {
    PostgresServer server = initialised(name, settings);
    try {
      server.start();
    } catch (RuntimeException e) {
      deleteRecursively(server.root);
      throw e;
    }
    return server;
  }

  /** A new server, initialised but not started. */
  static PostgresServer initialised(String name, String... settings) {
    try {
      Path root = Files.createTempDirectory("luxtensor-pg-" + name + "-");
      PostgresServer server = new PostgresServer(root, List.of(settings));
      Files.createDirectories(server.socket);
      handOver(root);
      handOver(server.socket);
      server.run("initdb", "-D", server.data.toString(), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
          "--locale=C", "--no-sync");
      server.writeHba();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server whose directory {@code root} already exists (a base backup, or a server left behind), not running. */
  static PostgresServer existing(Path root) {
    return new PostgresServer(root, List.of());
  }

  Path root() {
    return root;
  }

  Path data() {
    return data;
  }

  int port() {
    return port;
  }

  /** The JDBC URL of this server's {@code postgres} database, without credentials. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private void writeHba() throws IOException {
    Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
        "local all all trust",
        "host all " + SUPERUSER + " 127.0.0.1/32 trust",
        "host replication all 127.0.0.1/32 trust",
        "host all all 127.0.0.1/32 scram-sha-256", ""), StandardCharsets.UTF_8);
    handOver(data.resolve("pg_hba.conf"));
  }

  /** Appends {@code lines} to the server's configuration (read at the next start). */
  void configure(String... lines) {
    try {
      Path conf = data.resolve("postgresql.conf");
      Files.writeString(conf, Files.readString(conf) + "\n" + String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends {@code lines} to {@code postgresql.auto.conf}, which overrides {@code postgresql.conf} and the base backup's settings. */
  void configureAuto(String... lines) {
    try {
      Path conf = data.resolve("postgresql.auto.conf");
      Files.writeString(conf, Files.readString(conf) + "\n" + String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server on a fresh free port (or the one it had) and waits until it accepts connections. */
  void start() {
    if (port == 0) {
      port = freePort();
    }
    List<String> options = new ArrayList<>(List.of("-c port=" + port, "-c listen_addresses=127.0.0.1",
        "-c unix_socket_directories=" + socket, "-c max_connections=400", "-c shared_buffers=32MB"));
    settings.forEach(s -> options.add("-c " + s));
    run("pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w", "-t",
        Long.toString(START_TIMEOUT_SECONDS), "-o", String.join(" ", options), "start");
    running = true;
  }

  /** Stops the server cleanly ({@code fast}: running transactions are rolled back, then a checkpoint). */
  void stop() {
    if (running) {
      run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
      running = false;
    }
  }

  /** Kills the server the way a crash would ({@code immediate}: no checkpoint, recovery at the next start). */
  void kill() {
    if (running) {
      run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      running = false;
    }
  }

  /** Stops whatever server runs in this directory, without asking whether one does; failures are ignored. */
  void forceStop() {
    try {
      run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    } catch (RuntimeException e) {
      // No server was running there.
    }
  }

  /** Promotes a standby to primary and waits until it is one. */
  void promote() {
    run("pg_ctl", "-D", data.toString(), "-w", "promote");
  }

  /** Runs {@code psql} as the superuser with {@code sql}; returns its output. */
  String psql(String sql) {
    return run("psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", SUPERUSER,
        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql);
  }

  /** Takes a base backup of this server into a new directory, set up as a streaming standby of it. */
  PostgresServer baseBackup(String name, String applicationName) {
    try {
      Path standbyRoot = Files.createTempDirectory("luxtensor-pg-" + name + "-");
      Files.createDirectories(standbyRoot.resolve("socket"));
      handOver(standbyRoot);
      handOver(standbyRoot.resolve("socket"));
      PostgresServer standby = new PostgresServer(standbyRoot, List.of());
      run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", SUPERUSER, "-D", standby.data.toString(),
          "-R", "-X", "stream", "--no-sync", "-d", "application_name=" + applicationName);
      return standby;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      kill();
    } finally {
      deleteRecursively(root);
    }
  }

  // ---- processes ----

  private String run(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", osUser(), "--"));
    }
    command.add(binDir().resolve(program).toString());
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("luxtensor-pg-cmd", ".log");
      try {
        handOver(output);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .directory(root.toFile()).start();
        if (!process.waitFor(START_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        String text = Files.readString(output);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
              + text + serverLog());
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  private String serverLog() {
    Path log = root.resolve("server.log");
    try {
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Makes {@code path} the server user's when the tests run as root (PostgreSQL runs as that user). */
  private static void handOver(Path path) throws IOException {
    if (isRoot()) {
      UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser());
      Files.setOwner(path, owner);
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String cachedUser;

  /** The OS user the server runs as when the tests run as root; created if missing. */
  static synchronized String osUser() {
    if (cachedUser == null) {
      String user = System.getProperty("postgres.test.osuser", "postgres");
      if (exec("id", "-u", user) != 0 && exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user) != 0) {
        throw new IllegalStateException("the tests run as root and PostgreSQL refuses to: create an OS user "
            + user + " (useradd --system " + user + ") or name another with -Dpostgres.test.osuser");
      }
      cachedUser = user;
    }
    return cachedUser;
  }

  private static int exec(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Path cachedBinDir;

  /** The directory of initdb, pg_ctl and the server. */
  static synchronized Path binDir() {
    if (cachedBinDir == null) {
      cachedBinDir = findBinDir();
    }
    return cachedBinDir;
  }

  private static Path findBinDir() {
    String configured = System.getProperty("postgres.test.bindir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path initdb = Path.of(dir.isEmpty() ? "." : dir, "initdb");
      if (Files.isExecutable(initdb) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        try {
          return initdb.toRealPath().getParent(); // Debian links /usr/bin tools to a wrapper or a versioned dir
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Path versions = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(versions)) {
      try (Stream<Path> dirs = Files.list(versions)) {
        return dirs.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(PostgresServer::version))
            .orElseThrow(PostgresServer::missing);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw missing();
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static IllegalStateException missing() {
    return new IllegalStateException("PostgreSQL's initdb and pg_ctl were found neither on the PATH nor in"
        + " /usr/lib/postgresql/<version>/bin: install Debian's postgresql package (.ci/run does) or name the"
        + " directory with -Dpostgres.test.bindir");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // A file the server wrote as it went down: the directory is temporary anyway.
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Best effort; the temporary directory is left for the OS to clean.
    }
  }

  /** Lists the entries of a directory, for the stale-server cleanup. */
  static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(entries::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return entries;
  }
}
