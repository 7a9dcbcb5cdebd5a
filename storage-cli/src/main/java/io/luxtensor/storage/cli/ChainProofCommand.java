package io.luxtensor.storage.cli;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.AccountProof;
import io.luxtensor.chain.state.StateUnavailableException;
import io.luxtensor.chain.state.StateView;
import io.luxtensor.chain.trie.InvalidProofException;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the EIP-1186 proof of an account (and of storage slots) at the head or a kept height, in
 * the shape of {@code eth_getProof}, after checking it against the state root: a proof that does
 * not verify means the store's trie is damaged (exit 3). An account that does not exist gets a
 * proof of its absence.
 */
@Command(name = "proof", description = "Print an account's EIP-1186 proof (eth_getProof), checked against the state root.")
final class ChainProofCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "ADDRESS")
  String address;

  @Option(names = "--slot", paramLabel = "S", description = "A storage slot to prove (hex); repeatable.")
  List<String> slots = new ArrayList<>();

  @Option(names = "--height", paramLabel = "H", description = "A kept height. Default: the state's head.")
  Long height;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Address a = StateStores.address(address);
    List<Hash> keys = slots.stream().map(StateStores::slot).toList();
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      StateView view = StateStores.view(StateStores.open(kv, store), height, store);
      AccountProof proof;
      try {
        proof = view.proof(a, keys);
      } catch (StateUnavailableException e) {
        throw new CliException(ExitCode.NOT_FOUND, "no proof at height " + height + " of the state store at " + store.path
            + ": " + e.getMessage(), e);
      }
      try {
        proof.verify(view.root());
      } catch (InvalidProofException e) {
        throw new CliException(ExitCode.CORRUPTION, "the proof of " + a + " read from " + store.path
            + " does not verify against its state root " + view.root() + ": the trie is damaged (" + e.getMessage() + ")", e);
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("address", a.toHex());
      o.put("height", view.height().orElseThrow());
      o.put("stateRoot", view.root().toHex());
      o.put("account", proof.account().map(StateStores::account).orElse(null));
      o.put("accountProof", hex(proof.accountProof()));
      List<Object> storage = new ArrayList<>();
      for (AccountProof.StorageProof s : proof.storageProofs()) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("key", s.slot().toHex());
        p.put("value", s.value().toHex());
        p.put("proof", hex(s.proof()));
        storage.add(p);
      }
      o.put("storageProof", storage);
      o.put("verified", true);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(o));
      } else {
        print(out, o, proof);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  private static void print(PrintWriter out, Map<String, Object> o, AccountProof proof) {
    out.printf("%-18s %s%n", "address", o.get("address"));
    out.printf("%-18s %s%n", "height", o.get("height"));
    out.printf("%-18s %s%n", "stateRoot", o.get("stateRoot"));
    out.printf("%-18s %s%n", "account", proof.account().isPresent() ? o.get("account") : "(absent: a proof of absence)");
    out.printf("%-18s %d nodes%n", "accountProof", proof.accountProof().size());
    for (Object node : (List<?>) o.get("accountProof")) {
      out.printf("  %s%n", node);
    }
    for (AccountProof.StorageProof s : proof.storageProofs()) {
      out.printf("%-18s %s = %s, %d nodes%n", "storageProof", s.slot().toHex(), s.value().toHex(), s.proof().size());
      for (String node : hex(s.proof())) {
        out.printf("  %s%n", node);
      }
    }
    out.printf("%-18s %s%n", "verified", "yes, against the state root");
  }

  private static List<String> hex(List<byte[]> nodes) {
    return nodes.stream().map(n -> "0x" + HexFormat.of().formatHex(n)).toList();
  }
}
