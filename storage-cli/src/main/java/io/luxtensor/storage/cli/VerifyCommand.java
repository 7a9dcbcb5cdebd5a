package io.luxtensor.storage.cli;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.lmdb.LmdbVerifier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads every entry of every column family, so that every checksum the engine keeps is checked,
 * and checks that keys come in strictly ascending order. On LMDB, the engine's own verifier
 * ({@link LmdbVerifier}) does this in a child JVM, so that a damaged page that would crash LMDB
 * crashes the child, not luxdb. Damage exits with {@link ExitCode#CORRUPTION}.
 */
@Command(name = "verify", description = "Read every entry of every column family; exit code 3 when the store is damaged.")
final class VerifyCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "LMDB: how long the child verifier may take (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Long> entries;
    String method;
    try {
      if ("lmdb".equals(StoreOpener.engineOf(store))) {
        entries = LmdbVerifier.verifyInChildJvm(store.path, Duration.ofSeconds(timeoutSeconds)).entriesPerFamily();
        method = "LmdbVerifier (page check, checksums, key order and lookups, in a child JVM)";
      } else {
        entries = readAll();
        method = "full read of every entry (engine checksums and key order)";
      }
    } catch (CorruptionException e) {
      throw new CliException(ExitCode.CORRUPTION, "the store at " + store.path + " is damaged: " + e.getMessage()
          + "; restore it from a backup or checkpoint", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    long total = entries.values().stream().mapToLong(Long::longValue).sum();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", store.path.toString());
      o.put("ok", true);
      o.put("method", method);
      o.put("entriesPerFamily", entries);
      o.put("entries", total);
      out.println(Json.write(o));
    } else {
      entries.forEach((cf, n) -> out.printf("%-24s %,14d entries ok%n", cf, n));
      out.printf("verified %,d entries in %d column families: no damage found (%s)%n", total, entries.size(), method);
    }
    out.flush();
    return ExitCode.OK;
  }

  private Map<String, Long> readAll() {
    Map<String, Long> entries = new LinkedHashMap<>();
    try (KeyValueStore kv = StoreOpener.openExisting(store, true); Snapshot snapshot = kv.snapshot();
        Progress bar = Progress.start(!json, "verifying", -1, "entries")) {
      List<ColumnFamily> families = new ArrayList<>(kv.columnFamilies());
      for (ColumnFamily cf : families) {
        long n = 0;
        byte[] previous = null;
        try (KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
          for (; it.isValid(); it.next()) {
            byte[] key = it.key();
            it.value(); // read, so that the engine checks its checksum
            if (previous != null && Keys.compare(previous, key) >= 0) {
              throw new CorruptionException("keys of column family \"" + cf.name() + "\" out of order: "
                  + Keys.toHex(key) + " after " + Keys.toHex(previous));
            }
            previous = key;
            if ((++n & 0xfff) == 0) {
              bar.step(0x1000);
            }
          }
        }
        bar.step(n & 0xfff);
        entries.put(cf.name(), n);
      }
    }
    return entries;
  }
}
