package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockFormatException;
import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.ImportResult;
import io.luxtensor.chain.block.InvalidBlockException;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.storage.KeyValueStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Imports blocks into the block store of a store (created where missing): from a file of
 * concatenated RLP blocks ({@code geth export}, optionally gzipped; no receipts, so no log
 * indexes), or a synthetic chain with receipts and logs. Each block is checked and written in one
 * atomic batch; an invalid block stops the import with the blocks before it kept.
 */
@Command(name = "import", description = "Import blocks: a geth export file (RLP, .gz allowed) or --synthetic N blocks.")
final class ChainImportCommand implements Callable<Integer> {

  @Option(names = {"-p", "--path"}, paramLabel = "DIR", required = true, description = "The store's directory (created if missing).")
  Path path;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME", description = "Engine of a new store. Default: the existing store's, else the highest-priority engine.")
  String engine;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the blocks come from: exactly one. */
  static final class Source {
    @Option(names = "--file", paramLabel = "FILE", description = "Concatenated RLP blocks (geth export), .gz allowed.")
    Path file;

    @Option(names = "--synthetic", paramLabel = "N", description = "Make and import N blocks of signed transfers after a genesis.")
    Integer synthetic;
  }

  @Option(names = "--txs-per-block", paramLabel = "N", defaultValue = "50", description = "Synthetic transactions per block (default: ${DEFAULT-VALUE}).")
  int txsPerBlock;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (source.synthetic != null && (source.synthetic < 0 || txsPerBlock < 0 || txsPerBlock > 1_000)) {
      throw new CliException(ExitCode.USAGE, "--synthetic must be 0 or more and --txs-per-block within 0..1000");
    }
    if (source.file != null && !Files.isRegularFile(source.file)) {
      throw new CliException(ExitCode.NOT_FOUND, "no block file at " + source.file + "; check the path");
    }
    ChainImporter.Result result;
    try (KeyValueStore kv = StoreOpener.open(
            StoreOpener.creatable(path, engine).columnFamilies(BlockStore.COLUMN_FAMILIES).build());
        Progress bar = Progress.start(!json, "importing", source.synthetic == null ? -1 : source.synthetic + 1L, "blocks")) {
      BlockStore blocks = BlockStore.open(kv);
      if (source.synthetic != null) {
        result = ChainImporter.synthetic(blocks, source.synthetic, txsPerBlock, bar);
      } else {
        result = importFile(blocks, bar);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("imported", result.imported());
      o.put("alreadyKnown", result.known());
      o.put("transactions", result.transactions());
      o.put("seconds", result.seconds());
      o.put("blocksPerSecond", result.imported() / result.seconds());
      o.put("transactionsPerSecond", result.transactions() / result.seconds());
      o.put("headNumber", result.head() == null ? null : result.head().number());
      o.put("headHash", result.head() == null ? null : result.head().hash().toHex());
      out.println(Json.write(o));
    } else {
      out.printf("imported %,d blocks (%,d already known), %,d transactions in %.2f s: %,.0f blocks/s, %,.0f tx/s%n",
          result.imported(), result.known(), result.transactions(), result.seconds(), result.imported() / result.seconds(),
          result.transactions() / result.seconds());
      if (result.head() != null) {
        out.printf("head %d %s%n", result.head().number(), result.head().hash().toHex());
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private ChainImporter.Result importFile(BlockStore blocks, Progress bar) throws IOException {
    long importNanos = 0;
    long imported = 0;
    long known = 0;
    long txs = 0;
    long index = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(source.file), 1 << 16);
        InputStream in = source.file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      RlpStream stream = new RlpStream(in);
      for (byte[] rlp; (rlp = stream.next()) != null; index++) {
        try {
          Block block = Block.decode(rlp);
          long started = System.nanoTime();
          ImportResult outcome = blocks.importBlock(block);
          importNanos += System.nanoTime() - started;
          if (outcome == ImportResult.ALREADY_KNOWN) {
            known++;
          } else {
            imported++;
            txs += block.transactions().size();
          }
        } catch (InvalidBlockException | BlockFormatException | RlpException e) {
          throw new CliException(ExitCode.USAGE, "block " + index + " of " + source.file + " was rejected: "
              + e.getMessage() + "; the " + imported + " blocks before it were imported", e);
        }
        bar.step(1);
      }
    }
    Header head = blocks.head().orElse(null);
    return new ChainImporter.Result(imported, known, txs, importNanos / 1e9, head);
  }
}
