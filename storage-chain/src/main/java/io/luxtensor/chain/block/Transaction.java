package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * A signed transaction as its EIP-2718 envelope: the RLP list of a legacy transaction, or
 * {@code type || RLP(payload)} for a typed one (1 access list, 2 dynamic fee, 3 blob,
 * 4 set code). The envelope is kept as the canonical bytes given; fields are decoded on the
 * first call that needs one, and the sender is recovered on the first call to {@link #sender()}.
 *
 * <p>Immutable and thread-safe (lazily computed values are benign races on immutable results).
 * Equality is equality of the envelopes. A block's transaction is checked in full by
 * {@link #validate()}; field accessors on a malformed envelope throw {@link BlockFormatException}.
 */
public final class Transaction {

  /** Type of a legacy transaction (no type byte). */
  public static final int LEGACY = 0;
  /** EIP-2930 access-list transaction. */
  public static final int ACCESS_LIST = 1;
  /** EIP-1559 dynamic-fee transaction. */
  public static final int DYNAMIC_FEE = 2;
  /** EIP-4844 blob transaction. */
  public static final int BLOB = 3;
  /** EIP-7702 set-code transaction. */
  public static final int SET_CODE = 4;

  /** Field counts per type, and where nonce, gas limit, to, value and data sit. */
  private static final int[] FIELD_COUNT = {9, 11, 12, 14, 13};
  private static final int[] NONCE = {0, 1, 1, 1, 1};
  private static final int[] GAS = {2, 3, 4, 4, 4};
  private static final int[] TO = {3, 4, 5, 5, 5};

  private final byte[] envelope;
  private final int type;
  private volatile Hash hash;
  private volatile Fields fields;
  private volatile Address sender;

  private Transaction(byte[] envelope) {
    if (envelope.length == 0) {
      throw new BlockFormatException("a transaction envelope is never empty");
    }
    int first = envelope[0] & 0xff;
    if (first >= 0xc0) {
      type = LEGACY;
    } else if (first >= 1 && first <= SET_CODE) {
      type = first;
    } else {
      throw new BlockFormatException(String.format(
          "transaction type 0x%02x is not legacy (an RLP list) or one of the typed transactions 0x01..0x04", first));
    }
    this.envelope = envelope;
  }

  /** The transaction with EIP-2718 envelope {@code bytes}; checks only the type byte. */
  public static Transaction fromEnvelope(byte[] bytes) {
    return new Transaction(bytes.clone());
  }

  static Transaction fromEnvelopeOwned(byte[] bytes) {
    return new Transaction(bytes);
  }

  /** The transaction whose item in a block's transaction list is {@code item}. */
  static Transaction fromBlockItem(RlpSlice item) {
    if (item.isList()) {
      return new Transaction(item.encoded());
    }
    byte[] inner = item.bytes();
    if (inner.length == 0 || (inner[0] & 0xff) >= 0xc0) {
      throw new BlockFormatException("a typed transaction in a block is a byte string starting with its type,"
          + " found " + (inner.length == 0 ? "an empty string" : "a string holding a list"));
    }
    return new Transaction(inner);
  }

  /** The envelope; a fresh copy. */
  public byte[] encoded() {
    return envelope.clone();
  }

  byte[] encodedUnsafe() {
    return envelope;
  }

  /** The item of a block's transaction list: the list itself, or the envelope as an RLP string. */
  byte[] blockItem() {
    return type == LEGACY ? envelope : RlpEncoder.encodeString(envelope);
  }

  /** 0 for legacy, else the EIP-2718 type byte. */
  public int type() {
    return type;
  }

  /** Keccak-256 of the envelope. */
  public Hash hash() {
    Hash h = hash;
    if (h == null) {
      h = Hash.keccak256(envelope);
      hash = h;
    }
    return h;
  }

  /**
   * Decodes every field and checks the structure: field count of the type, field sizes,
   * access and authorization lists, and a recipient for blob and set-code transactions.
   *
   * @throws io.luxtensor.chain.rlp.RlpException if the payload is not canonical RLP
   * @throws BlockFormatException if it is not a transaction of its type
   */
  public Transaction validate() {
    Fields f = fields();
    f.uint64(NONCE[type], "nonce");
    f.uint64(GAS[type], "gasLimit");
    Optional<Address> to = f.optionalAddress(TO[type], "to");
    f.uint256(TO[type] + 1, "value");
    f.bytes(TO[type] + 2, "data");
    if (type != LEGACY) {
      f.uint256(0, "chainId");
      checkAccessList(f.listAt(TO[type] + 3, "accessList"));
    }
    if ((type == BLOB || type == SET_CODE) && to.isEmpty()) {
      throw new BlockFormatException("a type " + type + " transaction must have a recipient; it cannot create a contract");
    }
    if (type == BLOB) {
      f.uint256(9, "maxFeePerBlobGas");
      Fields hashes = f.listAt(10, "blobVersionedHashes");
      for (int i = 0; i < hashes.size(); i++) {
        hashes.hash(i, "blobVersionedHash");
      }
    }
    if (type == SET_CODE) {
      for (RlpSlice auth : f.listAt(9, "authorizationList").slice().items()) {
        Fields a = Fields.of("authorization", auth).requireSize(6);
        a.uint256(0, "chainId");
        a.address(1, "address");
        a.uint64(2, "nonce");
        a.uint(3, "yParity", 1);
        a.uint256(4, "r");
        a.uint256(5, "s");
      }
    }
    f.uint256(f.size() - 3, "v");
    f.uint256(f.size() - 2, "r");
    f.uint256(f.size() - 1, "s");
    return this;
  }

  private static void checkAccessList(Fields list) {
    for (RlpSlice entry : list.slice().items()) {
      Fields e = Fields.of("access list entry", entry).requireSize(2);
      e.address(0, "address");
      Fields keys = e.listAt(1, "storageKeys");
      for (int i = 0; i < keys.size(); i++) {
        keys.hash(i, "storageKey");
      }
    }
  }

  /** The sender's nonce. */
  public long nonce() {
    return fields().uint64(NONCE[type], "nonce");
  }

  /** The gas limit. */
  public long gasLimit() {
    return fields().uint64(GAS[type], "gasLimit");
  }

  /** The recipient; empty for a contract creation. */
  public Optional<Address> to() {
    return fields().optionalAddress(TO[type], "to");
  }

  /** The value transferred, in wei. */
  public BigInteger value() {
    return fields().uint256(TO[type] + 1, "value");
  }

  /** The call data or init code; a fresh copy. */
  public byte[] data() {
    return fields().bytes(TO[type] + 2, "data");
  }

  /** The chain id: a typed transaction's field, an EIP-155 legacy one's from {@code v}, else empty. */
  public Optional<BigInteger> chainId() {
    if (type != LEGACY) {
      return Optional.of(fields().uint256(0, "chainId"));
    }
    BigInteger v = fields().uint256(6, "v");
    return v.compareTo(BigInteger.valueOf(35)) >= 0
        ? Optional.of(v.subtract(BigInteger.valueOf(35)).shiftRight(1)) : Optional.empty();
  }

  /**
   * The address that signed this transaction, recovered from its signature over the signing
   * hash of its type (EIP-155 replay protection for legacy transactions whose {@code v} is
   * 35 or more; the y-parity field for typed ones).
   *
   * @throws BlockFormatException if the signature is malformed or recovers no key
   */
  public Address sender() {
    Address a = sender;
    if (a == null) {
      a = recoverSender();
      sender = a;
    }
    return a;
  }

  private Address recoverSender() {
    Fields f = fields();
    int n = f.size();
    BigInteger v = f.uint256(n - 3, "v");
    BigInteger r = f.uint256(n - 2, "r");
    BigInteger s = f.uint256(n - 1, "s");
    byte[] signingHash;
    int recoveryId;
    if (type == LEGACY) {
      if (v.equals(BigInteger.valueOf(27)) || v.equals(BigInteger.valueOf(28))) {
        recoveryId = v.intValue() - 27;
        signingHash = Keccak256.hash(unsignedPayload(f, new byte[0][]));
      } else if (v.compareTo(BigInteger.valueOf(35)) >= 0) {
        BigInteger chainId = v.subtract(BigInteger.valueOf(35)).shiftRight(1);
        recoveryId = v.testBit(0) ? 0 : 1;
        byte[] empty = RlpString.EMPTY.encode();
        signingHash = Keccak256.hash(unsignedPayload(f, RlpString.ofUnsigned(chainId).encode(), empty, empty));
      } else {
        throw new BlockFormatException("legacy transaction v must be 27, 28 or at least 35 (EIP-155), got " + v);
      }
    } else {
      if (v.bitLength() > 1) {
        throw new BlockFormatException("typed transaction y-parity must be 0 or 1, got " + v);
      }
      recoveryId = v.intValue();
      byte[] payload = unsignedPayload(f, new byte[0][]);
      byte[] preimage = new byte[payload.length + 1];
      preimage[0] = (byte) type;
      System.arraycopy(payload, 0, preimage, 1, payload.length);
      signingHash = Keccak256.hash(preimage);
    }
    return Signatures.recover(signingHash, recoveryId, r, s);
  }

  /** The RLP list of every field but the signature, from the raw field bytes, then {@code extra} encoded items. */
  private static byte[] unsignedPayload(Fields f, byte[]... extra) {
    int fields = f.size() - 3;
    int payload = 0;
    for (int i = 0; i < fields; i++) {
      payload += f.item(i).encodedLength();
    }
    for (byte[] e : extra) {
      payload += e.length;
    }
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    for (int i = 0; i < fields; i++) {
      pos = f.item(i).writeEncoded(out, pos);
    }
    for (byte[] e : extra) {
      System.arraycopy(e, 0, out, pos, e.length);
      pos += e.length;
    }
    return out;
  }

  private Fields fields() {
    Fields f = fields;
    if (f == null) {
      byte[] payload = type == LEGACY ? envelope : Arrays.copyOfRange(envelope, 1, envelope.length);
      f = Fields.of("type " + type + " transaction", RlpSlice.of(payload)).requireSize(FIELD_COUNT[type]);
      fields = f;
    }
    return f;
  }
  @Override
  public boolean equals(Object other) {
    return other instanceof Transaction that && Arrays.equals(envelope, that.envelope);
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "Transaction[type " + type + ", " + hash() + "]";
  }
}
