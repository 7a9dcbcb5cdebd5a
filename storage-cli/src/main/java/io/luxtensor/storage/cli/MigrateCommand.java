package io.luxtensor.storage.cli;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Copies every column family of a store into a new store of any engine, through the API, from one
 * snapshot of the source, in batches bounded by entries and bytes, then counts the copy against the
 * source. The target directory must not exist (or be empty): a migration never merges into data.
 * Each batch is synced; a failed migration leaves a partial target for the user to delete, and the
 * source untouched.
 */
@Command(name = "migrate", description = "Copy every column family of a store into a new store on another engine.")
final class MigrateCommand implements Callable<Integer> {

  @Option(names = "--from", paramLabel = "DIR", required = true, description = "The source store.")
  Path from;

  @Option(names = "--from-engine", paramLabel = "NAME", description = "The source's engine. Default: recognised from its files.")
  String fromEngine;

  @Option(names = "--to", paramLabel = "DIR", required = true, description = "The new store's directory (must not exist, or be empty).")
  Path to;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME", required = true, description = "The new store's engine.")
  String engine;

  @Option(names = "--batch-entries", paramLabel = "N", defaultValue = "10000", description = "Entries per batch at most (default: ${DEFAULT-VALUE}).")
  int batchEntries;

  @Option(names = "--batch-bytes", paramLabel = "BYTES", defaultValue = "16777216", description = "Key and value bytes per batch at most (default: ${DEFAULT-VALUE}).")
  long batchBytes;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (batchEntries < 1 || batchBytes < 1) {
      throw new CliException(ExitCode.USAGE, "--batch-entries and --batch-bytes must be at least 1");
    }
    StorageEngines.provider(engine); // an unknown target engine fails before anything is opened
    if (Files.exists(to) && !isEmptyDirectory(to)) {
      throw new CliException(ExitCode.USAGE, "the target " + to + " exists and is not empty; migrate into a new"
          + " directory (a migration never merges into existing data)");
    }
    StoreOptions source = new StoreOptions();
    source.path = from;
    source.engine = fromEngine;
    Map<String, Long> copied = new LinkedHashMap<>();
    long started = System.nanoTime();
    try (KeyValueStore src = StoreOpener.openExisting(source, true); Snapshot snapshot = src.snapshot()) {
      List<String> names = src.columnFamilies().stream().map(ColumnFamily::name).toList();
      StorageConfig target = StorageConfig.builder().engine(engine).path(to).columnFamilies(names).build();
      long total = 0;
      for (ColumnFamily cf : src.columnFamilies()) {
        total += snapshot.count(cf, KeyRange.all());
      }
      try (KeyValueStore dst = StoreOpener.open(target); Progress bar = Progress.start(!json, "migrating", total, "entries")) {
        for (ColumnFamily cf : src.columnFamilies()) {
          copied.put(cf.name(), copy(snapshot, cf, dst, dst.columnFamily(cf.name()), bar));
        }
        for (ColumnFamily cf : src.columnFamilies()) {
          long there = dst.count(dst.columnFamily(cf.name()), KeyRange.all());
          if (there != copied.get(cf.name())) {
            throw new CliException(ExitCode.STORAGE_ERROR, "migration check failed: column family \"" + cf.name()
                + "\" holds " + there + " entries in " + to + " after copying " + copied.get(cf.name()));
          }
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long entries = copied.values().stream().mapToLong(Long::longValue).sum();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("from", from.toString());
      o.put("to", to.toString());
      o.put("engine", engine);
      o.put("entriesPerFamily", copied);
      o.put("entries", entries);
      o.put("seconds", seconds);
      out.println(Json.write(o));
    } else {
      copied.forEach((cf, n) -> out.printf("%-24s %,14d entries%n", cf, n));
      out.printf("migrated %,d entries in %d column families from %s to %s (%s) in %.1f s, counts checked%n",
          entries, copied.size(), from, to, engine, seconds);
    }
    out.flush();
    return ExitCode.OK;
  }

  private long copy(Snapshot snapshot, ColumnFamily from, KeyValueStore dst, ColumnFamily into, Progress bar) {
    long n = 0;
    WriteBatch batch = dst.newBatch();
    long bytes = 0;
    try (KvIterator it = snapshot.iterator(from, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        batch.put(into, key, value);
        bytes += key.length + value.length;
        n++;
        if (batch.size() >= batchEntries || bytes >= batchBytes) {
          bar.step(batch.size());
          dst.write(batch, WriteOptions.SYNC);
          batch.clear();
          bytes = 0;
        }
      }
    }
    if (batch.size() > 0) {
      bar.step(batch.size());
      dst.write(batch, WriteOptions.SYNC);
    }
    return n;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
