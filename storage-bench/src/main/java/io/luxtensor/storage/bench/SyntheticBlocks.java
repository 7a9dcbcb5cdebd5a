package io.luxtensor.storage.bench;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockRoots;
import io.luxtensor.chain.block.Bloom;
import io.luxtensor.chain.block.Body;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.Log;
import io.luxtensor.chain.block.Receipt;
import io.luxtensor.chain.block.Transaction;
import io.luxtensor.chain.block.Withdrawal;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Valid synthetic blocks for the block store's benchmarks, shaped as storage-chain's
 * {@code BlockStoreBenchmark} shapes its large blocks: legacy EIP-155 transfers, each with a receipt
 * holding two logs (two topics and one topic, 32 bytes of data each), one withdrawal per block, and
 * headers whose roots, bloom and gas used match the contents.
 *
 * <p>Signatures are synthetic: {@code r} is the x coordinate of secp256k1's generator and {@code s} a
 * fixed low value, so each transaction's signature recovers to some key (a different one for every
 * transaction, as its signing hash differs) and verifies against it, without a private key on hand.
 * Signing with real keys would cost a node's benchmark setup as much again as recovering them.
 *
 * <p>Not thread-safe: one instance per chain being built; every transaction gets the next nonce, so
 * no two transactions, and no two blocks, are equal.
 */
final class SyntheticBlocks {

  static final long CHAIN_ID = 1;
  /** x of secp256k1's generator G: an x coordinate on the curve, whose even-y point is G itself. */
  private static final BigInteger GENERATOR_X =
      new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16);
  /** Below n / 2, as EIP-2 wants s. */
  private static final BigInteger S = BigInteger.valueOf(0x5eedL).shiftLeft(200);
  /** EIP-155 v for chain 1 and recovery id 0 (the even-y nonce point). */
  private static final long V = 35 + 2 * CHAIN_ID;
  private static final long GAS_PER_TX = 21_000;

  /** A block and the receipts it was built with, in transaction order. */
  record Built(Block block, List<Receipt> receipts) {}

  private final BlockRoots roots;
  private long nonce;

  /** Blocks whose roots {@code roots} computes: the block store's own, as it checks them on import. */
  SyntheticBlocks(BlockRoots roots) {
    this.roots = roots;
  }

  /** A genesis block (Shanghai header, no transactions). */
  Built genesis() {
    return block(null, 0);
  }

  /** A valid child of {@code parent} (a genesis block if null) with {@code transactions} transactions. */
  Built block(Header parent, int transactions) {
    List<Transaction> txs = new ArrayList<>(transactions);
    List<Receipt> receipts = new ArrayList<>(transactions);
    List<Log> allLogs = new ArrayList<>(2 * transactions);
    long gas = 0;
    for (int i = 0; i < transactions; i++) {
      txs.add(transfer(nonce++, address(i % 500), i));
      List<Log> logs = logs(address(1000 + i % 300), i);
      gas += GAS_PER_TX;
      receipts.add(Receipt.of(Transaction.LEGACY, true, gas, logs));
      allLogs.addAll(logs);
    }
    long number = parent == null ? 0 : parent.number() + 1;
    List<Withdrawal> withdrawals = List.of(new Withdrawal(number, 7, address(1), 32));
    Header header = Header.builder()
        .parentHash(parent == null ? Hash.ZERO : parent.hash())
        .number(number)
        .transactionsRoot(roots.transactionsRoot(txs))
        .receiptsRoot(roots.receiptsRoot(receipts))
        // The union of the receipts' blooms is the bloom of all their logs.
        .logsBloom(Bloom.of(allLogs))
        .gasLimit(30_000_000)
        .gasUsed(gas)
        .timestamp(1_700_000_000L + number * 12)
        .baseFeePerGas(BigInteger.valueOf(7))
        .withdrawalsRoot(roots.withdrawalsRoot(withdrawals))
        .build();
    return new Built(Block.of(header, new Body(txs, List.of(), Optional.of(withdrawals))), receipts);
  }

  /** An EIP-155 legacy transfer of {@code value} wei to {@code to}, with the synthetic signature. */
  static Transaction transfer(long nonce, Address to, long value) {
    RlpList fields = RlpList.of(RlpString.ofUnsigned(nonce), RlpString.ofUnsigned(1_000_000_000L),
        RlpString.ofUnsigned(GAS_PER_TX), new RlpString(to.bytes()), RlpString.ofUnsigned(value), RlpString.EMPTY,
        RlpString.ofUnsigned(V), RlpString.ofUnsigned(GENERATOR_X), RlpString.ofUnsigned(S));
    return Transaction.fromEnvelope(Rlp.encode(fields));
  }

  /** Address {@code i} of a fixed pattern (first byte 0xaa, {@code i} in the last two), for recipients and log emitters. */
  static Address address(int i) {
    byte[] a = new byte[Address.LENGTH];
    a[0] = (byte) 0xaa;
    a[18] = (byte) (i >> 8);
    a[19] = (byte) i;
    return Address.of(a);
  }

  private static Hash topic(int i) {
    byte[] t = new byte[Hash.LENGTH];
    t[0] = (byte) 0x70;
    t[30] = (byte) (i >> 8);
    t[31] = (byte) i;
    return Hash.of(t);
  }

  private static List<Log> logs(Address emitter, int i) {
    return List.of(new Log(emitter, List.of(topic(i % 50), topic(7)), new byte[32]),
        new Log(address(i % 89), List.of(topic(i % 13)), new byte[32]));
  }
}
