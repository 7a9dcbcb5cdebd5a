package io.luxtensor.storage.cli;

import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the entries of a key range in key order (or reverse), one per line, at most {@code --limit};
 * with {@code --json}, one JSON object per line. Opens read-only.
 */
@Command(name = "scan", description = "Print the entries of a key range or prefix, in key order.")
final class ScanCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Mixin
  ByteFormat format;

  @Option(names = "--cf", paramLabel = "NAME", defaultValue = "default", description = "Column family (default: ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--prefix", paramLabel = "BYTES", description = "Only keys starting with these bytes.")
  String prefix;

  @Option(names = "--from", paramLabel = "KEY", description = "First key (inclusive).")
  String from;

  @Option(names = "--to", paramLabel = "KEY", description = "Last key (exclusive).")
  String to;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Print at most N entries, 0 for all (default: ${DEFAULT-VALUE}).")
  long limit;

  @Option(names = "--reverse", description = "Largest key first.")
  boolean reverse;

  @Option(names = "--json", description = "One JSON object per entry and line.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new CliException(ExitCode.USAGE, "--limit must be 0 (all) or more, not " + limit);
    }
    if (prefix != null && (from != null || to != null)) {
      throw new CliException(ExitCode.USAGE, "--prefix excludes --from and --to: give a prefix or a range");
    }
    KeyRange range = prefix != null ? KeyRange.prefix(format.parse(prefix, "prefix"))
        : new KeyRange(from == null ? null : format.parse(from, "--from key"), to == null ? null : format.parse(to, "--to key"));
    PrintWriter out = spec.commandLine().getOut();
    try (KeyValueStore kv = StoreOpener.openExisting(store, true);
        KvIterator it = kv.iterator(Stores.family(kv, family), range, reverse ? Direction.REVERSE : Direction.FORWARD)) {
      long n = 0;
      for (; it.isValid() && (limit == 0 || n < limit); it.next(), n++) {
        if (json) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("key", format.format(it.key()));
          o.put("value", format.format(it.value()));
          out.println(Json.write(o));
        } else {
          out.println(format.format(it.key()) + "\t" + format.format(it.value()));
        }
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
