package io.luxtensor.storage.lmdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.WriteBatch;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one store, as {@code MULTI_PROCESS} promises: a child JVM writes, and grows the
 * map beyond the size this process mapped, while this process keeps the store open with a snapshot,
 * and with transactions whose commits must notice the child's writes to their keys.
 */
class LmdbMultiProcessTest {

  private static final int CHILD_BATCHES = 20;
  private static final int PER_BATCH = 500;

  @TempDir
  Path dir;

  private static StorageConfig config(Path dir) {
    return StorageConfig.builder().engine("lmdb").path(dir).mapSizeBytes(1 << 20).build();
  }

  @Test
  void writesAndMapGrowthOfAnotherProcessAreSeenHere() throws Exception {
    try (KeyValueStore store = StorageEngines.open(config(dir))) {
      ColumnFamily cf = store.defaultColumnFamily();
      store.put(cf, "parent".getBytes(UTF_8), "1".getBytes(UTF_8));
      store.put(cf, key(0, 0), new byte[400]);
      store.put(cf, key(0, 2), "parent".getBytes(UTF_8));
      List<Transaction> transactions = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        transactions.add(store.beginTransaction());
      }
      ColumnFamily late = store.createColumnFamily("late");
      transactions.get(0).put(cf, key(0, 0), "rewritten with the same bytes by the child".getBytes(UTF_8));
      transactions.get(1).put(cf, key(0, 1), "absent, then written by the child".getBytes(UTF_8));
      transactions.get(2).put(cf, key(0, 2), "overwritten by the child".getBytes(UTF_8));
      transactions.get(3).put(cf, "untouched".getBytes(UTF_8), "1".getBytes(UTF_8));
      transactions.get(4).put(late, "created after the transaction began".getBytes(UTF_8), "1".getBytes(UTF_8));
      try (Snapshot before = store.snapshot()) {
        Path log = Files.createTempFile(dir.getParent(), "lmdb-child", ".log");
        Process child = new ProcessBuilder(childCommand()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", Files.readString(log)).isZero();

        // the child's commits are not in this process's write log: its values tell them
        transactions.get(0).commit();
        assertThatThrownBy(transactions.get(1)::commit).isInstanceOf(TransactionConflictException.class);
        assertThatThrownBy(transactions.get(2)::commit).isInstanceOf(TransactionConflictException.class);
        transactions.get(3).commit();
        transactions.get(4).commit();
        transactions.forEach(Transaction::close);
        assertThat(store.get(late, "created after the transaction began".getBytes(UTF_8))).isNotNull();
        assertThat(store.get(cf, key(0, 2))).hasSize(400);
        store.delete(cf, "untouched".getBytes(UTF_8));
        store.delete(cf, key(0, 0));

        assertThat(store.count(cf, KeyRange.all())).isEqualTo(1L + CHILD_BATCHES * PER_BATCH - 1);
        assertThat(store.get(cf, key(CHILD_BATCHES - 1, PER_BATCH - 1))).hasSize(400);
        assertThat(store.metrics().engineProperties().get("lmdb.map_size"))
            .as("this process adopted the map size the child grew to").isGreaterThan(4L << 20);
        store.put(cf, "after".getBytes(UTF_8), "2".getBytes(UTF_8));
        assertThat(before.count(cf, KeyRange.all())).as("a snapshot from before the child ran").isEqualTo(3);
      }
    }
  }

  private List<String> childCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < jvmArgs.size(); i++) {
      String arg = jvmArgs.get(i);
      if (arg.startsWith("--add-opens")) {
        command.add(arg);
        if (!arg.contains("=") && i + 1 < jvmArgs.size()) {
          command.add(jvmArgs.get(++i));
        }
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Child.class.getName());
    command.add(dir.toString());
    return command;
  }

  static byte[] key(int batch, int i) {
    return ByteBuffer.allocate(8).putInt(batch).putInt(i).array();
  }

  /** The child process: writes enough to grow the map several times, then exits normally. */
  static final class Child {
    public static void main(String[] args) {
      try (KeyValueStore store = StorageEngines.open(config(Path.of(args[0])))) {
        ColumnFamily cf = store.defaultColumnFamily();
        for (int b = 0; b < CHILD_BATCHES; b++) {
          WriteBatch batch = store.newBatch();
          for (int i = 0; i < PER_BATCH; i++) {
            batch.put(cf, key(b, i), new byte[400]);
          }
          store.write(batch);
        }
      }
    }
  }
}
