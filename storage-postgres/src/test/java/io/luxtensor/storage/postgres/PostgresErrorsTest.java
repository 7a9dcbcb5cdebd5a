package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.postgres.PostgresErrors.Phase;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * The SQLSTATE mapping for the failures a test server cannot be made to produce on demand (a full
 * disk, a standby, a missing database), and how a broken connection's meaning depends on how far the
 * write had got.
 */
class PostgresErrorsTest {

  private final PostgresErrors errors = new PostgresErrors("postgresql://db1:5432/chain", "app", 1000);

  @Test
  void fullDiskIsStorageFullSayingNothingWasApplied() {
    StorageException e = errors.map(new SQLException("could not extend file", "53100"), "writing a batch", Phase.STATEMENT);
    assertThat(e).isInstanceOf(StorageFullException.class).hasMessageContaining("db1:5432")
        .hasMessageContaining("nothing of this write was applied");
  }

  @Test
  void serializationFailureAndDeadlockAreConflicts() {
    assertThat(errors.map(new SQLException("could not serialize", "40001"), "committing", Phase.COMMIT))
        .isInstanceOf(TransactionConflictException.class);
    assertThat(errors.map(new SQLException("deadlock detected", "40P01"), "committing", Phase.STATEMENT))
        .isInstanceOf(TransactionConflictException.class);
  }

  @Test
  void readOnlyServerIsUnavailableAndPointsAtTargetServerType() {
    assertThat(errors.map(new SQLException("cannot execute INSERT in a read-only transaction", "25006"), "writing", Phase.STATEMENT))
        .isInstanceOf(ServerUnavailableException.class).hasMessageContaining("targetServerType=primary");
  }

  @Test
  void brokenConnectionAfterTheCommitWasSentMayHaveCommitted() {
    StorageException e = errors.map(new SQLException("An I/O error occurred", "08006"), "writing a batch", Phase.COMMIT);
    assertThat(e).isInstanceOfSatisfying(ConnectionLostException.class, lost -> assertThat(lost.mayHaveCommitted()).isTrue())
        .hasMessageContaining("read it back");
  }

  @Test
  void poolTimeoutWithoutAServerErrorIsAnExhaustedPoolNotAnUnreachableServer() {
    StorageException e = errors.map(new SQLTransientConnectionException("Connection is not available"), "reading", Phase.CONNECT);
    assertThat(e).isNotInstanceOf(ServerUnavailableException.class).hasMessageContaining("postgres.max_views");
  }

  @Test
  void missingDatabaseSaysToCreateIt() {
    assertThat(errors.map(new SQLException("database \"chain\" does not exist", "3D000"), "opening", Phase.CONNECT))
        .hasMessageContaining("CREATE DATABASE");
  }

  @Test
  void serverAddressDropsCredentialsAndParameters() {
    assertThat(ServerAddress.describe("jdbc:postgresql://u:secret@h1:5432,h2:5433/chain?password=secret&targetServerType=primary"))
        .isEqualTo("postgresql://h1:5432,h2:5433/chain");
    assertThat(ServerAddress.describe("jdbc:postgresql:chain?password=secret")).isEqualTo("postgresql://localhost/chain");
  }
}
