package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child process of the crash check, killed at a random moment. It starts, opens and closes a
 * throwaway store (so that the engine's classes and native library are loaded), times the creation
 * and the reopen of another, prints {@code READY <create ms> <reopen ms>} and waits for one line {@code GO <directory> <first batch>} on stdin, so that the parent can start
 * it ahead of time and time the kill from the moment the store begins to open. Then it opens the
 * store (creating it if the directory holds none), prints {@code OPEN}, and writes numbered batches
 * from the first one on until it is killed, printing {@code ACK <n>} or {@code ACK <n> SYNC} after
 * each write returns. Batch {@code n} puts {@link #KEYS_PER_FAMILY} keys {@link #key(int, int)} into
 * each of two column families, all with the value {@code n} in decimal; it is synced when
 * {@code n % 4 == 3}.
 *
 * <p>Arguments: the contract test class, which gives the store's config; an empty directory for the
 * throwaway stores, which the parent deletes.
 */
public final class CrashWriter {

  static final int KEYS_PER_FAMILY = 4;
  /** Batches one child may write: the parent gives each child the next multiple as its first batch. */
  static final int BATCHES_PER_CHILD = 1_000_000;

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    ContractFixture fixture = ChildJvm.fixture(args[0]);
    // Load the engine's classes and native library now, so that after GO the open does store work only,
    // and time a creation and a reopen, so that the parent can aim kills into them.
    Path warmUp = Path.of(args[1]);
    fixture.openIn(warmUp.resolve("load"), false).close();
    long createMillis = timedOpenAndClose(fixture, warmUp.resolve("store"));
    long reopenMillis = timedOpenAndClose(fixture, warmUp.resolve("store"));
    ContractFixture.deleteRecursively(warmUp);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println("READY " + createMillis + " " + reopenMillis);
    out.flush();
    String[] go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().split(" ");
    int first = Integer.parseInt(go[2]);
    KeyValueStore store = fixture.openIn(Path.of(go[1]), false);
    out.println("OPEN");
    out.flush();
    ColumnFamily main = store.defaultColumnFamily();
    ColumnFamily second = store.columnFamily(ContractFixture.SECOND_CF);
    for (int n = first; n < first + BATCHES_PER_CHILD; n++) {
      WriteBatch batch = store.newBatch();
      byte[] value = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
      for (int k = 0; k < KEYS_PER_FAMILY; k++) {
        batch.put(main, key(n, k), value);
        batch.put(second, key(n, k), value);
      }
      boolean sync = isSynced(n);
      store.write(batch, sync ? WriteOptions.SYNC : WriteOptions.ASYNC);
      out.println("ACK " + n + (sync ? " SYNC" : ""));
      out.flush();
    }
    store.close();
  }

  private static long timedOpenAndClose(ContractFixture fixture, Path directory) {
    long start = System.nanoTime();
    KeyValueStore store = fixture.openIn(directory, false);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    store.close();
    return millis;
  }

  static boolean isSynced(int batch) {
    return batch % 4 == 3;
  }

  static byte[] key(int batch, int index) {
    return String.format("crash/%010d/%d", batch, index).getBytes(StandardCharsets.UTF_8);
  }
}
