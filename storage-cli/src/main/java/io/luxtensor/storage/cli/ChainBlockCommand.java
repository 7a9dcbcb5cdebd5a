package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a block by canonical height or by hash (any branch). */
@Command(name = "block", description = "Print a block by canonical height or by hash.")
final class ChainBlockCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "HEIGHT|HASH")
  String id;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    boolean byHeight = id.matches("\\d{1,18}");
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      BlockStore blocks = ChainStores.open(kv, store);
      Optional<Block> block = byHeight ? blocks.blockAt(Long.parseLong(id)) : blocks.block(ChainStores.hash(id, "block hash"));
      Block b = block.orElseThrow(() -> new CliException(ExitCode.NOT_FOUND, "no block " + (byHeight
          ? "at canonical height " + id + " (head: " + blocks.bestHeight().orElse(-1) + ")" : id) + " in " + store.path));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(ChainStores.block(b)));
      } else {
        ChainStores.print(out, ChainStores.block(b));
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
