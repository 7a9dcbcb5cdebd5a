package io.luxtensor.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server crashes (an immediate shutdown: no checkpoint, recovery from the WAL) and comes back
 * while synced batches are being written: the writer sees storage errors while it is down, then goes
 * on through the same store, and no acknowledged batch is lost or torn. Uses a server of its own.
 */
class ServerRestartTest {

  @Test
  void serverCrashAndRestartMidWorkloadLosesNoAcknowledgedBatchAndTheStoreGoesOn() throws Exception {
    Path directory = Files.createTempDirectory("pg-restart");
    try (PostgresServer server = PostgresServer.start("restart")) {
      StorageConfig config = StorageConfig.builder().engine("postgres").path(directory)
          .option("postgres.url", server.url()).option("postgres.user", PostgresServer.SUPERUSER)
          .option("postgres.connect_timeout_ms", "2000").build();
      try (KeyValueStore store = StorageEngines.open(config)) {
        SyncWorkload workload = new SyncWorkload(store);
        try {
          workload.awaitAcked(30, Duration.ofMinutes(1));
          server.kill();
          server.start();
          int beforeRestart = workload.acked();
          workload.awaitAcked(beforeRestart + 30, Duration.ofMinutes(2));
        } finally {
          workload.stop();
        }
        workload.verify(store);
        assertThat(workload.failureKinds()).as("what the writer saw while the server was down")
            .isSubsetOf("ServerUnavailableException", "ConnectionLostException");
      }
    } finally {
      PostgresServer.deleteRecursively(directory);
    }
  }
}
