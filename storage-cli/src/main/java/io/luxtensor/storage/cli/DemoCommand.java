package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.LogFilter;
import io.luxtensor.chain.block.TransactionLocation;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.AccountProof;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StoreMetrics;
import io.luxtensor.storage.Transaction;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job in one command: a tour of the API on one engine (column families, an atomic batch, a
 * prefix scan, snapshot isolation, an optimistic transaction, a range delete), then a synthetic
 * chain of signed transactions imported through the block store with a progress bar, its
 * throughput, head and a transaction and log lookup; the chain's transfers applied to the state
 * store, one commit per block, with the head's state root and an account's EIP-1186 proof checked
 * against it; the metrics, and persistence across reopen.
 */
@Command(name = "demo", description = "Tour the storage API and import a synthetic chain on an engine (default: the highest-priority one).")
final class DemoCommand implements Callable<Integer> {

  @Mixin
  EngineOptions engineOptions;

  @Option(names = "--blocks", paramLabel = "N", defaultValue = "100", description = "Synthetic blocks to import (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--txs-per-block", paramLabel = "N", defaultValue = "20", description = "Transactions per block (default: ${DEFAULT-VALUE}).")
  int txsPerBlock;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StorageConfig config = engineOptions.configBuilder().columnFamilies("accounts", "blocks").build();
    KeyValueStore store = StorageEngines.open(config);
    try {
      out.printf("engine     %s %s, capabilities %s%n", store.engine().name(), store.engine().version(),
          store.engine().capabilities().stream().map(Enum::name).sorted().toList());
      out.printf("store      %s%n", config.path() == null ? "temporary" : config.path());
      ColumnFamily accounts = store.columnFamily("accounts");
      ColumnFamily blocks = store.columnFamily("blocks");

      store.write(store.newBatch()
          .put(accounts, bytes("acct:alice"), bytes("100"))
          .put(accounts, bytes("acct:bob"), bytes("50"))
          .put(accounts, bytes("acct:carol"), bytes("75"))
          .put(blocks, bytes("block:000001"), bytes("genesis")));
      out.println("batch      wrote 3 accounts and 1 block atomically");
      out.printf("scan       %s%n", scan(store, accounts));

      try (Snapshot before = store.snapshot()) {
        transfer(store, accounts, "acct:alice", "acct:bob", 30, out);
        out.printf("snapshot   alice=%s bob=%s (taken before the transfer)%n", text(before.get(accounts, bytes("acct:alice"))),
            text(before.get(accounts, bytes("acct:bob"))));
        out.printf("live       alice=%s bob=%s%n", text(store.get(accounts, bytes("acct:alice"))),
            text(store.get(accounts, bytes("acct:bob"))));
      }

      store.deleteRange(accounts, KeyRange.of(bytes("acct:c"), bytes("acct:d")));
      out.printf("deleted    [acct:c, acct:d) -> %s%n", scan(store, accounts));

      BlockStore chain = chain(store, out);
      state(chain, store, out);

      StoreMetrics m = store.metrics();
      out.printf("metrics    reads=%d writes=%d bytesWritten=%d writeP50=%dns writeP99=%dns readP50=%dns disk=%d errors=%d%n",
          m.reads(), m.writes(), m.bytesWritten(), m.writeLatencyP50Nanos(), m.writeLatencyP99Nanos(),
          m.readLatencyP50Nanos(), m.diskUsageBytes(), m.errors());
      if (store.engine().supports(Capability.PERSISTENT) && config.path() != null) {
        store.close();
        store = StorageEngines.open(config);
        out.printf("reopened   %s%n", scan(store, store.columnFamily("accounts")));
      }
      out.flush();
      return 0;
    } finally {
      store.close();
    }
  }

  /** Imports the synthetic chain and looks up what it wrote through the block store's indexes. */
  private BlockStore chain(KeyValueStore store, PrintWriter out) {
    if (blocks < 0 || txsPerBlock < 0 || txsPerBlock > 1_000) {
      throw new CliException(ExitCode.USAGE, "--blocks must be 0 or more and --txs-per-block within 0..1000");
    }
    BlockStore chain = BlockStore.open(store);
    ChainImporter.Result result;
    try (Progress bar = Progress.start(true, "importing", blocks + 1L, "blocks")) {
      result = ChainImporter.synthetic(chain, blocks, txsPerBlock, bar);
    }
    out.printf("chain      imported %,d blocks and %,d signed transactions in %.2f s: %,.0f blocks/s, %,.0f tx/s"
        + " in the block store (root checks and batch writes; signing excluded)%n", result.imported(), result.transactions(),
        result.seconds(), result.imported() / result.seconds(), result.transactions() / result.seconds());
    Header head = result.head();
    out.printf("head       #%d %s%n", head.number(), head.hash().toHex());
    var lastTxs = chain.blockAt(head.number()).orElseThrow().transactions();
    if (!lastTxs.isEmpty()) {
      TransactionLocation found = chain.transaction(lastTxs.get(0).hash()).orElseThrow();
      out.printf("tx lookup  %s -> block #%d index %d, from %s%n", found.transaction().hash().toHex(), found.height(),
          found.index(), found.transaction().sender());
      long logs = chain.logs(LogFilter.byAddress(SyntheticChain.EMITTER, 0, head.number()), Optional.empty(), 1_000_000)
          .items().size();
      out.printf("logs       %,d logs of %s over blocks 0..%d, from the address index%n", logs, SyntheticChain.EMITTER,
          head.number());
    }
    return chain;
  }

  /**
   * Replays the imported blocks' transfers into the state store, one commit per block, then shows
   * the head's state root and an account with its EIP-1186 proof checked against that root.
   */
  private static void state(BlockStore chain, KeyValueStore store, PrintWriter out) {
    StateStore state = StateStore.open(store);
    List<Address> accounts = new SyntheticChain(chain.roots(), 0).accounts();
    StateReplay.Result result;
    try (Progress bar = Progress.start(true, "state", chain.bestHeight().orElse(-1) + 1, "blocks")) {
      result = StateReplay.replay(chain, state, accounts, bar);
    }
    // The tries held in memory written, so that the next open of the directory rebuilds none.
    state.flushTries();
    out.printf("state      applied %,d blocks and %,d transfers to the state store in %.2f s, one commit per block%n",
        result.heights(), result.transfers(), result.seconds());
    out.printf("root       #%d %s%n", result.head(), result.root().toHex());
    // the head block's first sender has moved value, so its balance and nonce show the replay at work
    Address address = chain.blockAt(result.head()).flatMap(b -> b.transactions().stream().findFirst())
        .map(io.luxtensor.chain.block.Transaction::sender).orElse(accounts.get(0));
    AccountProof proof = state.head().proof(address, List.of());
    proof.verify(result.root()); // throws InvalidProofException if the trie does not prove the account
    Account account = proof.account().orElseThrow();
    out.printf("account    %s nonce %d balance %s%n", address, account.nonce(), account.balance());
    out.printf("proof      %d trie nodes, verified against the state root of #%d (EIP-1186)%n",
        proof.accountProof().size(), result.head());
  }

  private static void transfer(KeyValueStore store, ColumnFamily accounts, String from, String to, int amount, PrintWriter out) {
    if (!store.engine().supports(Capability.TRANSACTIONS)) {
      int fromBalance = Integer.parseInt(text(store.get(accounts, bytes(from))));
      int toBalance = Integer.parseInt(text(store.get(accounts, bytes(to))));
      store.write(store.newBatch()
          .put(accounts, bytes(from), bytes(Integer.toString(fromBalance - amount)))
          .put(accounts, bytes(to), bytes(Integer.toString(toBalance + amount))));
      out.printf("transfer   %d from %s to %s in one batch (engine has no transactions)%n", amount, from, to);
      return;
    }
    try (Transaction tx = store.beginTransaction()) {
      int fromBalance = Integer.parseInt(text(tx.get(accounts, bytes(from))));
      int toBalance = Integer.parseInt(text(tx.get(accounts, bytes(to))));
      tx.put(accounts, bytes(from), bytes(Integer.toString(fromBalance - amount)));
      tx.put(accounts, bytes(to), bytes(Integer.toString(toBalance + amount)));
      tx.commit();
    }
    out.printf("transfer   %d from %s to %s in an optimistic transaction%n", amount, from, to);
  }

  private static String scan(KeyValueStore store, ColumnFamily cf) {
    StringBuilder sb = new StringBuilder();
    try (KvIterator it = store.iterator(cf, KeyRange.prefix(bytes("acct:")))) {
      for (; it.isValid(); it.next()) {
        sb.append(sb.length() == 0 ? "" : " ").append(text(it.key())).append('=').append(text(it.value()));
      }
    }
    return sb.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? "(absent)" : new String(b, StandardCharsets.UTF_8);
  }
}
