package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
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
 * Builds signed transactions (with BouncyCastle's deterministic ECDSA) and valid synthetic blocks
 * with receipts, for the block store's tests and benchmarks. Not thread-safe.
 */
final class ChainFixture {

  static final long CHAIN_ID = 1;
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
      CURVE.getN(), CURVE.getH());

  /** A signing key and its address. */
  record Key(BigInteger secret, Address address) {}

  /** The key with secret {@code 1000 + i}. */
  static Key key(int i) {
    BigInteger secret = BigInteger.valueOf(1000 + i);
    byte[] pub = CURVE.getG().multiply(secret).normalize().getEncoded(false);
    byte[] hash = Keccak256.hash(pub, 1, pub.length - 1);
    return new Key(secret, Address.of(Arrays.copyOfRange(hash, 12, 32)));
  }

  /** An address that is not any key's, for recipients and log emitters. */
  static Address address(int i) {
    byte[] a = new byte[Address.LENGTH];
    a[0] = (byte) 0xaa;
    a[19] = (byte) i;
    a[18] = (byte) (i >> 8);
    return Address.of(a);
  }

  /** A topic value numbered {@code i}. */
  static Hash topic(int i) {
    byte[] t = new byte[Hash.LENGTH];
    t[0] = (byte) 0x70;
    t[31] = (byte) i;
    t[30] = (byte) (i >> 8);
    return Hash.of(t);
  }

  /** A signed EIP-155 legacy transfer. */
  static Transaction legacy(Key from, long nonce, Address to, long value) {
    List<RlpItem> fields = new ArrayList<>(List.of(RlpString.ofUnsigned(nonce), RlpString.ofUnsigned(1_000_000_000L),
        RlpString.ofUnsigned(21_000), new RlpString(to.bytes()), RlpString.ofUnsigned(value), RlpString.EMPTY));
    List<RlpItem> signing = new ArrayList<>(fields);
    signing.addAll(List.of(RlpString.ofUnsigned(CHAIN_ID), RlpString.EMPTY, RlpString.EMPTY));
    byte[] hash = Keccak256.hash(Rlp.encode(new RlpList(signing)));
    BigInteger[] rs = sign(from, hash);
    int recoveryId = recoveryId(from, hash, rs);
    fields.add(RlpString.ofUnsigned(35 + 2 * CHAIN_ID + recoveryId));
    fields.add(RlpString.ofUnsigned(rs[0]));
    fields.add(RlpString.ofUnsigned(rs[1]));
    return Transaction.fromEnvelope(Rlp.encode(new RlpList(fields)));
  }

  /** A signed EIP-1559 transfer. */
  static Transaction dynamicFee(Key from, long nonce, Address to, long value) {
    return typed(Transaction.DYNAMIC_FEE, from, List.of(RlpString.ofUnsigned(CHAIN_ID), RlpString.ofUnsigned(nonce),
        RlpString.ofUnsigned(1), RlpString.ofUnsigned(1_000_000_000L), RlpString.ofUnsigned(21_000),
        new RlpString(to.bytes()), RlpString.ofUnsigned(value), RlpString.EMPTY, RlpList.EMPTY));
  }

  /** A signed EIP-7702 set-code transaction with one authorization. */
  static Transaction setCode(Key from, long nonce, Address to, Address delegate) {
    RlpList authorization = RlpList.of(RlpString.ofUnsigned(CHAIN_ID), new RlpString(delegate.bytes()),
        RlpString.ofUnsigned(0), RlpString.ofUnsigned(1), RlpString.ofUnsigned(BigInteger.TWO.pow(200)),
        RlpString.ofUnsigned(BigInteger.TWO.pow(199)));
    return typed(Transaction.SET_CODE, from, List.of(RlpString.ofUnsigned(CHAIN_ID), RlpString.ofUnsigned(nonce),
        RlpString.ofUnsigned(1), RlpString.ofUnsigned(1_000_000_000L), RlpString.ofUnsigned(100_000),
        new RlpString(to.bytes()), RlpString.EMPTY, RlpString.EMPTY, RlpList.EMPTY, RlpList.of(authorization)));
  }

  static Transaction typed(int type, Key from, List<RlpItem> unsignedFields) {
    byte[] payload = Rlp.encode(new RlpList(unsignedFields));
    byte[] preimage = new byte[payload.length + 1];
    preimage[0] = (byte) type;
    System.arraycopy(payload, 0, preimage, 1, payload.length);
    byte[] hash = Keccak256.hash(preimage);
    BigInteger[] rs = sign(from, hash);
    List<RlpItem> fields = new ArrayList<>(unsignedFields);
    fields.add(RlpString.ofUnsigned(recoveryId(from, hash, rs)));
    fields.add(RlpString.ofUnsigned(rs[0]));
    fields.add(RlpString.ofUnsigned(rs[1]));
    byte[] signed = Rlp.encode(new RlpList(fields));
    byte[] envelope = new byte[signed.length + 1];
    envelope[0] = (byte) type;
    System.arraycopy(signed, 0, envelope, 1, signed.length);
    return Transaction.fromEnvelope(envelope);
  }

  private static BigInteger[] sign(Key key, byte[] hash) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(key.secret(), DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    // Ethereum wants the low s (EIP-2); (r, n - s) is the same signature with the other recovery id.
    if (rs[1].compareTo(CURVE.getN().shiftRight(1)) > 0) {
      rs[1] = CURVE.getN().subtract(rs[1]);
    }
    return rs;
  }

  private static int recoveryId(Key key, byte[] hash, BigInteger[] rs) {
    for (int id = 0; id < 2; id++) {
      if (Signatures.recover(hash, id, rs[0], rs[1]).equals(key.address())) {
        return id;
      }
    }
    throw new AssertionError("no recovery id gives the signer");
  }

  /** A block and the receipts it was built with. */
  record Built(Block block, List<Receipt> receipts) {
    Hash hash() {
      return block.hash();
    }
  }

  private final BlockRoots roots;

  ChainFixture(BlockRoots roots) {
    this.roots = roots;
  }

  /** A genesis block (Shanghai header, no transactions). */
  Built genesis() {
    return block(null, List.of(), List.of(), 0);
  }

  /**
   * A valid child of {@code parent} (a genesis if null) holding {@code txs} with {@code logs.get(i)}
   * as transaction i's logs; {@code salt} makes siblings with the same contents differ.
   */
  Built block(Header parent, List<Transaction> txs, List<List<Log>> logs, long salt) {
    List<Receipt> receipts = new ArrayList<>();
    long gas = 0;
    byte[] bloom = new byte[Bloom.LENGTH];
    for (int i = 0; i < txs.size(); i++) {
      gas += 21_000;
      Receipt r = Receipt.of(txs.get(i).type(), true, gas, logs.get(i));
      Bloom.or(bloom, r.bloom());
      receipts.add(r);
    }
    List<Withdrawal> withdrawals = List.of(new Withdrawal(salt, 7, address(1), 32));
    Header header = Header.builder()
        .parentHash(parent == null ? Hash.ZERO : parent.hash())
        .number(parent == null ? 0 : parent.number() + 1)
        .transactionsRoot(roots.transactionsRoot(txs))
        .receiptsRoot(roots.receiptsRoot(receipts))
        .logsBloom(bloom)
        .gasLimit(30_000_000)
        .gasUsed(gas)
        .timestamp(1_700_000_000L + (parent == null ? 0 : parent.number() + 1) * 12)
        .extraData(BigInteger.valueOf(salt).toByteArray())
        .baseFeePerGas(BigInteger.valueOf(7))
        .withdrawalsRoot(roots.withdrawalsRoot(withdrawals))
        .build();
    return new Built(Block.of(header, new Body(txs, List.of(), Optional.of(withdrawals))), receipts);
  }
}
