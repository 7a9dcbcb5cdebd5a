package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when the server is not there, refuses the role, or drops the connection in the
 * middle of a batch, on the shared test server: a specific exception naming the server and never the
 * password, and never a partly applied batch.
 */
class PostgresFailuresTest {

  private static final String PASSWORD = "Pw-never-in-a-message-7731";

  private Path directory;

  @AfterEach
  void deleteDirectory() {
    if (directory != null) {
      PostgresServer.deleteRecursively(directory);
    }
  }

  private StorageConfig.Builder config(String url) throws Exception {
    directory = Files.createTempDirectory("pg-failures");
    return StorageConfig.builder().engine("postgres").path(directory).option("postgres.url", url)
        .option("postgres.connect_timeout_ms", "2000");
  }

  @Test
  void serverThatIsNotListeningFailsTheOpenWithServerUnavailableNamingItButNotThePassword() throws Exception {
    int port = PostgresServer.freePort();
    StorageConfig config = config("jdbc:postgresql://127.0.0.1:" + port + "/chain?password=" + PASSWORD)
        .option("postgres.user", "app").option("postgres.password", PASSWORD).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOfSatisfying(ServerUnavailableException.class, e -> {
      assertThat(e.server()).isEqualTo("postgresql://127.0.0.1:" + port + "/chain");
      assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("unreachable").doesNotContain(PASSWORD);
    });
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void wrongPasswordIsPermissionDeniedNamingTheRoleButNotThePassword() throws Exception {
    createRole("app_wrong_password", "the-right-one", "");
    StorageConfig config = config(SharedServer.url()).option("postgres.user", "app_wrong_password")
        .option("postgres.password", PASSWORD).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOfSatisfying(PermissionDeniedException.class, e ->
        assertThat(e.getMessage()).contains("app_wrong_password").contains("postgres.password").doesNotContain(PASSWORD));
  }

  @Test
  void roleThatMayNotCreateSchemasIsPermissionDeniedSayingWhatToGrant() throws Exception {
    createRole("app_no_create", PASSWORD, "");
    StorageConfig config = config(SharedServer.url()).option("postgres.user", "app_no_create")
        .option("postgres.password", PASSWORD).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).isInstanceOfSatisfying(PermissionDeniedException.class, e ->
        assertThat(e.getMessage()).contains("app_no_create").contains("grant").doesNotContain(PASSWORD));
    assertThat(directory).as("no descriptor for a store that was not created").isEmptyDirectory();
  }

  @Test
  void connectionLostInTheMiddleOfABatchAppliesNothingAndTheStoreGoesOn() throws Exception {
    StorageConfig config = config(SharedServer.url()).option("postgres.user", PostgresServer.SUPERUSER)
        .option("postgres.schema", "lost_connection").build();
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      // The backend that inserts the key "kill" terminates itself: the connection drops mid-batch, deterministically.
      String table = "lost_connection.kv_cf_1";
      psql("CREATE FUNCTION lost_connection.die() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " IF NEW.k = '\\x6b696c6c'::bytea THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;"
          + " RETURN NEW; END $$; CREATE TRIGGER die BEFORE INSERT ON " + table
          + " FOR EACH ROW EXECUTE FUNCTION lost_connection.die()");
      store.put(cf, bytes("before"), bytes("1"));
      assertThatThrownBy(() -> store.write(store.newBatch().put(cf, bytes("a"), bytes("1")).put(cf, bytes("kill"), bytes("x"))
          .put(cf, bytes("z"), bytes("2")))).isInstanceOfSatisfying(ConnectionLostException.class, e -> {
            assertThat(e.mayHaveCommitted()).as("the commit was never sent").isFalse();
            assertThat(e.getMessage()).contains(e.server()).contains("nothing of the write was applied");
          });
      assertThat(store.get(cf, bytes("a"))).as("first key of the lost batch").isNull();
      assertThat(store.get(cf, bytes("z"))).as("last key of the lost batch").isNull();
      store.put(cf, bytes("after"), bytes("2"));
      assertThat(store.get(cf, bytes("before"))).containsExactly(bytes("1"));
      assertThat(store.get(cf, bytes("after"))).containsExactly(bytes("2"));
    } finally {
      psql("DROP SCHEMA IF EXISTS lost_connection CASCADE");
    }
  }

  @Test
  void readOnlyOpenOfAnEmptyDirectoryNamesTheDirectoryAndContactsNoServer() throws Exception {
    StorageConfig config = config("jdbc:postgresql://127.0.0.1:" + PostgresServer.freePort() + "/chain")
        .readOnly(true).build();
    assertThatThrownBy(() -> StorageEngines.open(config)).hasMessageContaining(directory.toString())
        .hasMessageContaining(StoreDescriptor.FILE);
  }

  @Test
  void storeOpensByItsSchemaFromASecondDirectoryAndSeesTheSameData() throws Exception {
    StorageConfig first = config(SharedServer.url()).option("postgres.user", PostgresServer.SUPERUSER)
        .option("postgres.schema", "shared_by_two").build();
    Path second = Files.createTempDirectory("pg-second");
    try (KeyValueStore a = StorageEngines.open(first);
        KeyValueStore b = StorageEngines.open(first.toBuilder().path(second).build())) {
      a.put(a.defaultColumnFamily(), bytes("k"), bytes("from a"));
      assertThat(b.get(b.defaultColumnFamily(), bytes("k"))).containsExactly(bytes("from a"));
      assertThat(StoreDescriptor.read(second).storeId()).isEqualTo(StoreDescriptor.read(directory).storeId());
    } finally {
      PostgresServer.deleteRecursively(second);
      psql("DROP SCHEMA IF EXISTS shared_by_two CASCADE");
    }
  }

  private static void createRole(String role, String password, String privileges) {
    psql("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'" + privileges);
  }

  private static void psql(String sql) {
    try (var connection = java.sql.DriverManager.getConnection(SharedServer.url(), PostgresServer.SUPERUSER, null);
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
