package io.luxtensor.storage.cli;

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
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Makes a valid synthetic Ethereum chain, deterministically: a genesis, then blocks of signed EIP-155
 * transfers between a fixed set of accounts (deterministic ECDSA, RFC 6979), each with a receipt
 * carrying one log (emitter {@link #EMITTER}, first topic {@link #TRANSFER_TOPIC}), and a
 * withdrawal, with every root the block store checks. Not thread-safe.
 */
final class SyntheticChain {

  static final long CHAIN_ID = 1;
  /** The contract address every synthetic log comes from. */
  static final Address EMITTER = Address.fromHex("0x00000000000000000000000000000000001ce000");
  /** The first topic of every synthetic log: keccak256("Transfer(address,address,uint256)"). */
  static final Hash TRANSFER_TOPIC = Hash.keccak256("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));
  private static final int ACCOUNTS = 16;
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
      CURVE.getN(), CURVE.getH());

  private final BlockRoots roots;
  private final BigInteger[] secrets = new BigInteger[ACCOUNTS];
  private final Address[] addresses = new Address[ACCOUNTS];
  private final long[] nonces = new long[ACCOUNTS];
  private final int txsPerBlock;
  private Header parent;

  /** A generator of blocks of {@code txsPerBlock} transactions, roots computed with {@code roots}. */
  SyntheticChain(BlockRoots roots, int txsPerBlock) {
    this.roots = roots;
    this.txsPerBlock = txsPerBlock;
    for (int i = 0; i < ACCOUNTS; i++) {
      secrets[i] = BigInteger.valueOf(0x1ce000L + i);
      byte[] pub = CURVE.getG().multiply(secrets[i]).normalize().getEncoded(false);
      byte[] hash = Keccak256.hash(pub, 1, pub.length - 1);
      addresses[i] = Address.of(Arrays.copyOfRange(hash, 12, 32));
    }
  }

  /** The accounts that send and receive the synthetic transfers, in a fixed order. */
  List<Address> accounts() {
    return List.of(addresses);
  }

  /** A block and the receipts that go with it. */
  record Built(Block block, List<Receipt> receipts) {}

  /** The next block: the genesis first, then children of the last one made. */
  Built next() {
    long number = parent == null ? 0 : parent.number() + 1;
    List<Transaction> txs = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    List<Log> allLogs = new ArrayList<>();
    long gas = 0;
    for (int i = 0; number > 0 && i < txsPerBlock; i++) {
      int from = (int) ((number * 7 + i) % ACCOUNTS);
      int to = (from + 1 + i) % ACCOUNTS;
      Transaction tx = transfer(from, addresses[to], 1_000 + i);
      gas += 21_000;
      Log log = new Log(EMITTER, List.of(TRANSFER_TOPIC, Hash.of(padded(addresses[from]))),
          BigInteger.valueOf(1_000 + i).toByteArray());
      txs.add(tx);
      receipts.add(Receipt.of(tx.type(), true, gas, List.of(log)));
      allLogs.add(log);
    }
    List<Withdrawal> withdrawals = List.of(new Withdrawal(number, 7, addresses[0], 32));
    Header header = Header.builder()
        .parentHash(parent == null ? Hash.ZERO : parent.hash())
        .number(number)
        .transactionsRoot(roots.transactionsRoot(txs))
        .receiptsRoot(roots.receiptsRoot(receipts))
        .logsBloom(Bloom.of(allLogs))
        .gasLimit(30_000_000)
        .gasUsed(gas)
        .timestamp(1_700_000_000L + number * 12)
        .baseFeePerGas(BigInteger.valueOf(7))
        .withdrawalsRoot(roots.withdrawalsRoot(withdrawals))
        .build();
    parent = header;
    return new Built(Block.of(header, new Body(txs, List.of(), Optional.of(withdrawals))), receipts);
  }

  private static byte[] padded(Address address) {
    byte[] word = new byte[32];
    System.arraycopy(address.bytes(), 0, word, 12, Address.LENGTH);
    return word;
  }

  /** A signed EIP-155 legacy transfer; its sender is already known, so that import need not recover it. */
  private Transaction transfer(int from, Address to, long value) {
    List<RlpItem> fields = new ArrayList<>(List.of(RlpString.ofUnsigned(nonces[from]++),
        RlpString.ofUnsigned(1_000_000_000L), RlpString.ofUnsigned(21_000), new RlpString(to.bytes()),
        RlpString.ofUnsigned(value), RlpString.EMPTY));
    List<RlpItem> signing = new ArrayList<>(fields);
    signing.addAll(List.of(RlpString.ofUnsigned(CHAIN_ID), RlpString.EMPTY, RlpString.EMPTY));
    byte[] hash = Keccak256.hash(Rlp.encode(new RlpList(signing)));
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(secrets[from], DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    if (rs[1].compareTo(CURVE.getN().shiftRight(1)) > 0) {
      rs[1] = CURVE.getN().subtract(rs[1]); // Ethereum wants the low s (EIP-2)
    }
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      List<RlpItem> signed = new ArrayList<>(fields);
      signed.add(RlpString.ofUnsigned(35 + 2 * CHAIN_ID + recoveryId));
      signed.add(RlpString.ofUnsigned(rs[0]));
      signed.add(RlpString.ofUnsigned(rs[1]));
      Transaction tx = Transaction.fromEnvelope(Rlp.encode(new RlpList(signed)));
      if (tx.sender().equals(addresses[from])) {
        return tx;
      }
    }
    throw new IllegalStateException("no recovery id gives the signer of a synthetic transaction");
  }
}
