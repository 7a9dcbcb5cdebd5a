package io.luxtensor.storage.cli;

import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the value of one key; an absent key exits with {@link ExitCode#NOT_FOUND}. Opens read-only. */
@Command(name = "get", description = "Print the value stored under a key (exit code 2 when absent).")
final class GetCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Mixin
  ByteFormat format;

  @Option(names = "--cf", paramLabel = "NAME", defaultValue = "default", description = "Column family (default: ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--json", description = "Print {\"key\":...,\"value\":...}.")
  boolean json;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    byte[] k = format.parse(key, "key");
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      byte[] value = kv.get(Stores.family(kv, family), k);
      if (value == null) {
        throw new CliException(ExitCode.NOT_FOUND, "no value under key " + format.format(k) + " in column family \""
            + family + "\" of " + store.path);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("cf", family);
        o.put("key", format.format(k));
        o.put("value", format.format(value));
        out.println(Json.write(o));
      } else {
        out.println(format.format(value));
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
