package io.luxtensor.storage.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one PostgreSQL server the tests of a JVM share, started on first use and stopped (its directory
 * deleted) when the JVM exits, whether the tests passed or not. The TCK's kill and corruption checks
 * run child JVMs that build their store configs from the same test class, so they must find this
 * server too: the test JVM writes its URL to {@code <tmp>/luxtensor-postgres-tests/<pid>}, and a JVM
 * whose parent process wrote such a file uses that server instead of starting one. A server whose JVM
 * died without stopping it (killed) is stopped by the next test JVM that starts. Thread-safe.
 */
final class SharedServer {

  private static final Path REGISTRY = Path.of(System.getProperty("java.io.tmpdir"), "luxtensor-postgres-tests");
  private static String url;
  /** Why the server could not start: every later test fails with it at once instead of trying again. */
  private static RuntimeException failure;

  private SharedServer() {}

  /** The JDBC URL of the shared server (superuser {@link PostgresServer#SUPERUSER}, no password). */
  static synchronized String url() {
    if (failure != null) {
      throw failure;
    }
    if (url == null) {
      try {
        url = parentsServer().orElseGet(SharedServer::startOwn);
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return url;
  }

  private static Optional<String> parentsServer() {
    return ProcessHandle.current().parent().map(parent -> REGISTRY.resolve(Long.toString(parent.pid())))
        .filter(Files::isRegularFile).map(SharedServer::firstLine);
  }

  private static String firstLine(Path file) {
    try {
      return Files.readAllLines(file).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String startOwn() {
    stopServersOfDeadJvms();
    PostgresServer server = PostgresServer.start("shared");
    Path entry = REGISTRY.resolve(Long.toString(ProcessHandle.current().pid()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } finally {
        try {
          Files.deleteIfExists(entry);
        } catch (IOException e) {
          // The next test JVM finds the entry's JVM dead and its server gone.
        }
      }
    }, "postgres-test-server-stop"));
    try {
      Files.createDirectories(REGISTRY);
      Files.writeString(entry, server.url() + "\n" + server.root() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server.url();
  }

  /** Stops servers registered by JVMs that are gone (a killed build), so that they do not pile up. */
  private static void stopServersOfDeadJvms() {
    for (Path entry : PostgresServer.list(REGISTRY)) {
      long pid;
      try {
        pid = Long.parseLong(entry.getFileName().toString());
      } catch (NumberFormatException e) {
        continue;
      }
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      try {
        Path root = Path.of(Files.readAllLines(entry).get(1));
        try (PostgresServer stale = PostgresServer.existing(root)) {
          stale.forceStop();
        }
        Files.deleteIfExists(entry);
      } catch (IOException | RuntimeException e) {
        // Someone else's leftover we cannot clean: not this run's concern.
      }
    }
  }
}
