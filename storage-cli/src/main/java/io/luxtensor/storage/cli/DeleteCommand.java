package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Removes one key, synced; removing an absent key is not an error (as in the API). */
@Command(name = "delete", description = "Remove a key (synced; an absent key is not an error).")
final class DeleteCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Mixin
  ByteFormat format;

  @Option(names = "--cf", paramLabel = "NAME", defaultValue = "default", description = "Column family (default: ${DEFAULT-VALUE}).")
  String family;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Override
  public Integer call() {
    byte[] k = format.parse(key, "key");
    try (KeyValueStore kv = StoreOpener.openExisting(store, false)) {
      kv.write(kv.newBatch().delete(Stores.family(kv, family), k), WriteOptions.SYNC);
    }
    return ExitCode.OK;
  }
}
