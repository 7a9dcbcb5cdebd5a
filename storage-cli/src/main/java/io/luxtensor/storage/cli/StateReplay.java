package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Transaction;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import java.math.BigInteger;
import java.util.List;

/**
 * Applies the value transfers of a block store's canonical blocks to a state store, one commit per
 * block (height and block hash as in the block store), from the state's head onwards. It models
 * value transfers only (no gas, no contracts), which is what the synthetic chain holds: the genesis
 * credits its accounts, then each transaction moves its value with the sender's nonce checked.
 * Stateless.
 */
final class StateReplay {

  /** What each genesis account is credited: 10^24 wei, far more than any synthetic chain spends. */
  static final BigInteger GENESIS_BALANCE = BigInteger.TEN.pow(24);

  private StateReplay() {}

  /**
   * What a replay did.
   *
   * @param heights blocks applied (one commit each)
   * @param transfers transactions applied
   * @param seconds wall time of the replay, block reads included
   * @param head the state's head height afterwards (-1 when nothing is committed)
   * @param root the state root at that head
   */
  record Result(long heights, long transfers, double seconds, long head, Hash root) {}

  /**
   * Applies canonical blocks above the state's head up to the block store's best height; the
   * genesis (height 0) credits each of {@code genesisAccounts} with {@link #GENESIS_BALANCE}.
   *
   * @throws io.luxtensor.chain.state.StateException if a transfer does not apply (a sender short of
   *     value or with another nonce), with the heights before it committed
   */
  static Result replay(BlockStore blocks, StateStore state, List<Address> genesisAccounts, Progress bar) {
    long started = System.nanoTime();
    long best = blocks.bestHeight().orElse(-1);
    long heights = 0;
    long transfers = 0;
    for (long h = state.headHeight().orElse(-1) + 1; h <= best; h++) {
      Block block = blocks.blockAt(h).orElseThrow(); // every height up to the best one is canonical
      WorldState world = state.begin();
      if (h == 0) {
        genesisAccounts.forEach(a -> world.setBalance(a, GENESIS_BALANCE));
      }
      for (Transaction tx : block.transactions()) {
        Address to = tx.to().orElseThrow(() -> new CliException(ExitCode.USAGE, "transaction " + tx.hash()
            + " creates a contract; the state replay applies value transfers only"));
        world.transfer(tx.sender(), to, tx.value(), tx.nonce());
        transfers++;
      }
      world.commit(h, block.hash());
      heights++;
      bar.step(1);
    }
    return new Result(heights, transfers, (System.nanoTime() - started) / 1e9, state.headHeight().orElse(-1),
        state.headRoot());
  }
}
