package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.VerifyReport;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks every index entry of the block store against the block bodies; problems exit with {@link ExitCode#CORRUPTION}. */
@Command(name = "verify", description = "Check the block store's indexes against the blocks (exit code 3 on problems).")
final class ChainVerifyCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    VerifyReport report;
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      report = ChainStores.open(kv, store).verify();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ok", report.isClean());
      o.put("storedBlocks", report.storedBlocks());
      o.put("canonicalBlocks", report.canonicalBlocks());
      o.put("transactions", report.transactions());
      o.put("logs", report.logs());
      o.put("problems", report.problems());
      out.println(Json.write(o));
    } else {
      out.printf("%,d blocks stored, %,d canonical, %,d transactions, %,d logs: %s%n", report.storedBlocks(),
          report.canonicalBlocks(), report.transactions(), report.logs(), report.isClean() ? "indexes consistent" : "PROBLEMS");
      report.problems().forEach(p -> out.println("  " + p));
    }
    out.flush();
    return report.isClean() ? ExitCode.OK : ExitCode.CORRUPTION;
  }
}
