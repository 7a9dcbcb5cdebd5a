package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The process {@link MapDbCrashTest} kills: opens (creating it when missing) the store in the
 * directory given as the only argument and writes the {@link CrashWorkload} batches after the one the
 * store ends with, until killed. Prints {@code START} first thing, {@code OPEN} once the store is
 * open, {@code HEAD <n>} for the batch the store ends with, and {@code ACK <n>} after each write
 * returns; every tenth batch is followed by a {@code compact} of one family, so kills also land in
 * compactions.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("START");
    KeyValueStore store = StorageEngines.open(CrashWorkload.config(Path.of(args[0])));
    out.println("OPEN");
    Map<String, ColumnFamily> families = new HashMap<>();
    CrashWorkload.FAMILIES.forEach(name -> families.put(name, store.columnFamily(name)));
    int head = CrashWorkload.head(store.get(families.get("default"), CrashWorkload.HEAD));
    out.println("HEAD " + head);
    for (int n = head + 1; ; n++) {
      WriteBatch batch = store.newBatch();
      CrashWorkload.batch(n, new CrashWorkload.Ops() {
        @Override
        public void put(String family, byte[] key, byte[] value) {
          batch.put(families.get(family), key, value);
        }

        @Override
        public void delete(String family, byte[] key) {
          batch.delete(families.get(family), key);
        }
      });
      store.write(batch, n % 4 == 3 ? WriteOptions.SYNC : WriteOptions.ASYNC);
      out.println("ACK " + n);
      if (n % 10 == 9) {
        store.compact(families.get(CrashWorkload.FAMILIES.get(n / 10 % 3)), KeyRange.all());
      }
    }
  }
}
