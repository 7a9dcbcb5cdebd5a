package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.LogEntry;
import io.luxtensor.chain.block.LogFilter;
import io.luxtensor.chain.block.Page;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the canonical logs of a height range by emitter address and/or first topic, a page at a
 * time; the next page's cursor is printed last ({@code --cursor} continues there).
 */
@Command(name = "logs", description = "Print canonical logs by --address and/or --topic over a height range.")
final class ChainLogsCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--address", paramLabel = "ADDRESS", description = "Emitting contract (20-byte hex).")
  String address;

  @Option(names = "--topic", paramLabel = "HASH", description = "First topic (32-byte hex).")
  String topic;

  @Option(names = "--from", paramLabel = "HEIGHT", defaultValue = "0", description = "First height (default: ${DEFAULT-VALUE}).")
  long from;

  @Option(names = "--to", paramLabel = "HEIGHT", description = "Last height (default: the head).")
  Long to;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Logs per page (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a previous page.")
  String cursor;

  @Option(names = "--json", description = "One JSON object per log and line, then {\"next\":...}.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (address == null && topic == null) {
      throw new CliException(ExitCode.USAGE, "give --address or --topic (or both): log queries run over those indexes");
    }
    if (limit < 1) {
      throw new CliException(ExitCode.USAGE, "--limit must be at least 1");
    }
    Optional<Address> emitter;
    try {
      emitter = Optional.ofNullable(address).map(Address::fromHex);
    } catch (RuntimeException e) {
      throw new CliException(ExitCode.USAGE, "--address \"" + address + "\" is not a 20-byte address: give 40 hex digits", e);
    }
    List<Optional<Hash>> topics = topic == null ? List.of() : List.of(Optional.of(ChainStores.hash(topic, "--topic")));
    try (KeyValueStore kv = StoreOpener.openExisting(store, true)) {
      BlockStore blocks = ChainStores.open(kv, store);
      long last = to != null ? to : blocks.bestHeight().orElse(0);
      Page<LogEntry> page = blocks.logs(new LogFilter(from, last, emitter, topics), Optional.ofNullable(cursor), limit);
      PrintWriter out = spec.commandLine().getOut();
      for (LogEntry e : page.items()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("blockNumber", e.height());
        o.put("blockHash", e.blockHash().toHex());
        o.put("transactionHash", e.transactionHash().toHex());
        o.put("transactionIndex", e.transactionIndex());
        o.put("logIndex", e.logIndex());
        o.put("address", e.log().address().toString());
        List<Object> t = new ArrayList<>();
        e.log().topics().forEach(h -> t.add(h.toHex()));
        o.put("topics", t);
        if (json) {
          out.println(Json.write(o));
        } else {
          out.printf("%d %s #%d log %d %s%n", e.height(), e.transactionHash().toHex(), e.transactionIndex(), e.logIndex(),
              e.log().address());
        }
      }
      if (json) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("next", page.next().orElse(null));
        out.println(Json.write(next));
      } else {
        out.println(page.next().map(c -> "more: --cursor " + c).orElse("(end)"));
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
