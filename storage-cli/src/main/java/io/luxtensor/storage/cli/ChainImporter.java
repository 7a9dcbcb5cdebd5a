package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.ImportResult;

/** Imports a synthetic chain into a block store, for {@code chain import --synthetic} and the demo. Stateless. */
final class ChainImporter {

  private ChainImporter() {}

  /**
   * What an import did.
   *
   * @param imported blocks written
   * @param known blocks that were already stored
   * @param transactions transactions in the blocks written
   * @param seconds wall time inside {@code importBlock} (checks, sender recovery where not known yet, writes),
   *     without making or reading the blocks
   * @param head the head afterwards, or null when the store holds no chain
   */
  record Result(long imported, long known, long transactions, double seconds, Header head) {}

  /**
   * Imports a genesis and {@code blocks} blocks of {@code txsPerBlock} transfers; a store that already
   * holds this synthetic chain keeps it (its blocks are already known).
   */
  static Result synthetic(BlockStore store, int blocks, int txsPerBlock, Progress bar) {
    SyntheticChain chain = new SyntheticChain(store.roots(), txsPerBlock);
    long importNanos = 0;
    long imported = 0;
    long known = 0;
    long txs = 0;
    for (int i = 0; i <= blocks; i++) {
      SyntheticChain.Built built = chain.next();
      long started = System.nanoTime();
      ImportResult outcome = store.importBlock(built.block(), built.receipts());
      importNanos += System.nanoTime() - started;
      if (outcome == ImportResult.ALREADY_KNOWN) {
        known++;
      } else {
        imported++;
        txs += built.block().transactions().size();
      }
      bar.step(1);
    }
    return new Result(imported, known, txs, importNanos / 1e9, store.head().orElse(null));
  }
}
