package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.TransactionLocation;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a canonical transaction by hash, with where it is and its receipt's status. */
@Command(name = "tx", description = "Print a transaction of the canonical chain by hash.")
final class ChainTxCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "HASH")
  String hash;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Hash h = ChainStores.hash(hash, "transaction hash");
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      BlockStore blocks = ChainStores.open(kv, store);
      TransactionLocation tx = blocks.transaction(h).orElseThrow(() -> new CliException(ExitCode.NOT_FOUND,
          "no transaction " + h.toHex() + " in the canonical chain of " + store.path));
      Map<String, Object> o = ChainStores.transaction(tx.transaction());
      o.put("blockHash", tx.blockHash().toHex());
      o.put("blockNumber", tx.height());
      o.put("index", tx.index());
      blocks.receipt(h).ifPresent(r -> {
        o.put("status", r.success() ? "success" : "failed");
        o.put("logs", r.logs().size());
      });
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(o));
      } else {
        ChainStores.print(out, o);
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
