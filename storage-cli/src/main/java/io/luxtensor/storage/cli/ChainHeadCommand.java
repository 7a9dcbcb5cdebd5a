package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.Header;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the head of the canonical chain. */
@Command(name = "head", description = "Print the head block's header.")
final class ChainHeadCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      Header head = ChainStores.open(kv, store).head().orElseThrow(() -> new CliException(ExitCode.NOT_FOUND,
          "the block store at " + store.path + " has no head yet: import a genesis block first"));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(ChainStores.header(head)));
      } else {
        ChainStores.print(out, ChainStores.header(head));
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
