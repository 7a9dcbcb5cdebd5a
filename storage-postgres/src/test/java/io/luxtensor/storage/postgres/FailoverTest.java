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
 * Failover: a primary and a streaming standby on 127.0.0.1, the standby synchronous
 * ({@code synchronous_standby_names}), so a synced commit returns only once the standby has flushed
 * it. While synced batches are written through a store whose URL lists both hosts with
 * {@code targetServerType=primary}, the primary is killed and the standby promoted: the store follows
 * to the new primary by itself, writes and reads go on, and no acknowledged batch is lost or torn.
 * Bounded: each phase has a deadline of a minute or two.
 */
class FailoverTest {

  @Test
  void killedPrimaryAndPromotedStandbyLoseNoAcknowledgedWriteAndTheStoreFollows() throws Exception {
    Path directory = Files.createTempDirectory("pg-failover");
    PostgresServer primary = PostgresServer.start("primary", "synchronous_standby_names=standby1");
    PostgresServer standby = null;
    try {
      standby = primary.baseBackup("standby", "standby1");
      standby.configureAuto("primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + PostgresServer.SUPERUSER
          + " application_name=standby1'");
      standby.start();
      awaitSynchronousStandby(primary);
      String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
          + "/postgres?targetServerType=primary&hostRecheckSeconds=1";
      StorageConfig config = StorageConfig.builder().engine("postgres").path(directory).option("postgres.url", url)
          .option("postgres.user", PostgresServer.SUPERUSER).option("postgres.connect_timeout_ms", "2000").build();
      try (KeyValueStore store = StorageEngines.open(config)) {
        SyncWorkload workload = new SyncWorkload(store);
        try {
          workload.awaitAcked(30, Duration.ofMinutes(1));
          primary.kill();
          standby.promote();
          int beforePromotion = workload.acked();
          workload.awaitAcked(beforePromotion + 30, Duration.ofMinutes(2));
        } finally {
          workload.stop();
        }
        workload.verify(store);
        assertThat(workload.failureKinds()).as("what the writer saw during the failover")
            .isSubsetOf("ServerUnavailableException", "ConnectionLostException");
        assertThat(standby.psql("SELECT pg_is_in_recovery()").strip()).as("the standby is the primary now").isEqualTo("f");
      }
    } finally {
      primary.close();
      if (standby != null) {
        standby.close();
      }
      PostgresServer.deleteRecursively(directory);
    }
  }

  private static void awaitSynchronousStandby(PostgresServer primary) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String state = "";
    while (!state.equals("sync")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the standby did not become a synchronous standby within a minute (state: " + state + ")");
      }
      Thread.sleep(100);
      state = primary.psql("SELECT coalesce(max(sync_state), 'none') FROM pg_stat_replication WHERE application_name = 'standby1'").strip();
    }
  }
}
