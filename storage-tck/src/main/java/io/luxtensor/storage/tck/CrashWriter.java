package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of the crash-atomicity check: opens the store of a contract test class in a
 * directory and writes numbered batches until it is killed, printing {@code ACK <n>} or
 * {@code ACK <n> SYNC} after each write returns. Every fourth batch is synced.
 *
 * <p>Arguments: the contract class name, the store directory.
 */
public final class CrashWriter {

  static final int KEYS_PER_FAMILY = 4;
  private static final int MAX_BATCHES = 1_000_000;

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Constructor<?> constructor = Class.forName(args[0]).getDeclaredConstructor();
    constructor.setAccessible(true);
    ContractFixture fixture = (ContractFixture) constructor.newInstance();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    KeyValueStore store = fixture.openIn(Path.of(args[1]), false);
    ColumnFamily main = store.defaultColumnFamily();
    ColumnFamily second = store.columnFamily(ContractFixture.SECOND_CF);
    for (int n = 0; n < MAX_BATCHES; n++) {
      WriteBatch batch = store.newBatch();
      byte[] value = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
      for (int k = 0; k < KEYS_PER_FAMILY; k++) {
        batch.put(main, key(n, k), value);
        batch.put(second, key(n, k), value);
      }
      boolean sync = n % 4 == 3;
      store.write(batch, sync ? WriteOptions.SYNC : WriteOptions.ASYNC);
      out.println("ACK " + n + (sync ? " SYNC" : ""));
      out.flush();
    }
    store.close();
  }

  static byte[] key(int batch, int index) {
    return String.format("crash/%08d/%d", batch, index).getBytes(StandardCharsets.UTF_8);
  }
}
