package io.luxtensor.storage.cli;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateView;
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

/** Prints an account of the state store at the head or a kept height; exit 2 when it does not exist. */
@Command(name = "account", description = "Print an account (nonce, balance, storage root, code hash) from the state store.")
final class ChainAccountCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "ADDRESS")
  String address;

  @Option(names = "--height", paramLabel = "H", description = "A kept height. Default: the state's head.")
  Long height;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Address a = StateStores.address(address);
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      StateView view = StateStores.view(StateStores.open(kv, store), height, store);
      long at = view.height().orElseThrow();
      Account account = view.account(a).orElseThrow(() -> new CliException(ExitCode.NOT_FOUND, "no account " + a
          + " at height " + at + " (state root " + view.root() + ")"));
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("address", a.toHex());
      o.put("height", at);
      o.put("stateRoot", view.root().toHex());
      o.putAll(StateStores.account(account));
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
