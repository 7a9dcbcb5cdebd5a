package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stores one value, synced to disk before the command returns. */
@Command(name = "put", description = "Store a value under a key (synced before luxdb exits).")
final class PutCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Mixin
  ByteFormat format;

  @Option(names = "--cf", paramLabel = "NAME", defaultValue = "default", description = "Column family (default: ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--create", description = "Create the store (with --engine, or the default engine) and the column family if missing.")
  boolean create;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE")
  String value;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    byte[] k = format.parse(key, "key");
    byte[] v = format.parse(value, "value");
    try (KeyValueStore kv = create ? openOrCreate() : StoreOpener.openExisting(store, false)) {
      kv.put(Stores.family(kv, family), k, v, WriteOptions.SYNC);
    }
    return ExitCode.OK;
  }

  private KeyValueStore openOrCreate() {
    return StoreOpener.open(StoreOpener.creatable(store.path, store.engine).columnFamilies(family).build());
  }
}
