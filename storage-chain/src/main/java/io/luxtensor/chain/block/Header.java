package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An Ethereum block header, kept as the RLP it was decoded from.
 *
 * <p>The fields are the legacy fifteen (Frontier to Berlin), then each fork's additions in
 * order: {@code baseFeePerGas} (London, 16 fields), {@code withdrawalsRoot} (Shanghai, 17),
 * {@code blobGasUsed}, {@code excessBlobGas} and {@code parentBeaconBlockRoot} (Cancun, 20,
 * always together) and {@code requestsHash} (Prague, 21). A header has exactly the fields of
 * its fork: any other count (below 15, 18, 19, above 21), or a field of a later fork without
 * those of the forks before it, is a {@link BlockFormatException}. Hashes and addresses must
 * have their exact sizes, the bloom 256 bytes, the nonce 8 bytes, and 64-bit fields fit in 63.
 *
 * <p>{@link #hash()} is Keccak-256 of the bytes given to {@link #decode}, never of a
 * re-encoding. Immutable and thread-safe; equality is equality of the encodings.
 */
public final class Header {

  /** Number of fields of a header of each fork, oldest first. */
  static final int LEGACY = 15;
  static final int LONDON = 16;
  static final int SHANGHAI = 17;
  static final int CANCUN = 20;
  static final int PRAGUE = 21;

  private final byte[] encoded;
  private final Hash hash;
  private final int fieldCount;
  private final Hash parentHash;
  private final Hash ommersHash;
  private final Address coinbase;
  private final Hash stateRoot;
  private final Hash transactionsRoot;
  private final Hash receiptsRoot;
  private final byte[] logsBloom;
  private final BigInteger difficulty;
  private final long number;
  private final long gasLimit;
  private final long gasUsed;
  private final long timestamp;
  private final byte[] extraData;
  private final Hash mixHash;
  private final byte[] nonce;
  private final BigInteger baseFeePerGas;
  private final Hash withdrawalsRoot;
  private final Long blobGasUsed;
  private final Long excessBlobGas;
  private final Hash parentBeaconBlockRoot;
  private final Hash requestsHash;

  private Header(RlpSlice rlp) {
    Fields f = Fields.of("header", rlp);
    this.encoded = rlp.encoded();
    this.hash = Hash.keccak256(encoded);
    this.fieldCount = f.size();
    if (fieldCount != LEGACY && fieldCount != LONDON && fieldCount != SHANGHAI && fieldCount != CANCUN
        && fieldCount != PRAGUE) {
      throw new BlockFormatException("header must have 15 (legacy), 16 (London), 17 (Shanghai), 20 (Cancun)"
          + " or 21 (Prague) fields, found " + fieldCount);
    }
    parentHash = f.hash(0, "parentHash");
    ommersHash = f.hash(1, "ommersHash");
    coinbase = f.address(2, "coinbase");
    stateRoot = f.hash(3, "stateRoot");
    transactionsRoot = f.hash(4, "transactionsRoot");
    receiptsRoot = f.hash(5, "receiptsRoot");
    logsBloom = f.bytes(6, "logsBloom", Bloom.LENGTH);
    difficulty = f.uint256(7, "difficulty");
    number = f.int63(8, "number");
    gasLimit = f.uint64(9, "gasLimit");
    gasUsed = f.uint64(10, "gasUsed");
    timestamp = f.uint64(11, "timestamp");
    extraData = f.bytes(12, "extraData");
    mixHash = f.hash(13, "mixHash");
    nonce = f.bytes(14, "nonce", 8);
    baseFeePerGas = fieldCount >= LONDON ? f.uint256(15, "baseFeePerGas") : null;
    withdrawalsRoot = fieldCount >= SHANGHAI ? f.hash(16, "withdrawalsRoot") : null;
    blobGasUsed = fieldCount >= CANCUN ? f.uint64(17, "blobGasUsed") : null;
    excessBlobGas = fieldCount >= CANCUN ? f.uint64(18, "excessBlobGas") : null;
    parentBeaconBlockRoot = fieldCount >= CANCUN ? f.hash(19, "parentBeaconBlockRoot") : null;
    requestsHash = fieldCount >= PRAGUE ? f.hash(20, "requestsHash") : null;
  }

  /**
   * The header encoded in {@code rlp}.
   *
   * @throws io.luxtensor.chain.rlp.RlpException if {@code rlp} is not one canonical RLP item
   * @throws BlockFormatException if it is RLP but not a header of any fork
   */
  public static Header decode(byte[] rlp) {
    return new Header(RlpSlice.of(rlp));
  }

  /** The header that {@code rlp} (for example an item of a block's list) encodes. */
  public static Header decode(RlpSlice rlp) {
    return new Header(rlp);
  }

  /** A builder for a new header; every field not set is zero, empty or absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this header's fields. */
  public Builder toBuilder() {
    Builder b = new Builder().parentHash(parentHash).ommersHash(ommersHash).coinbase(coinbase).stateRoot(stateRoot)
        .transactionsRoot(transactionsRoot).receiptsRoot(receiptsRoot).logsBloom(logsBloom)
        .difficulty(difficulty).number(number).gasLimit(gasLimit).gasUsed(gasUsed).timestamp(timestamp)
        .extraData(extraData).mixHash(mixHash).nonce(nonce);
    b.baseFeePerGas = baseFeePerGas;
    b.withdrawalsRoot = withdrawalsRoot;
    b.blobGasUsed = blobGasUsed;
    b.excessBlobGas = excessBlobGas;
    b.parentBeaconBlockRoot = parentBeaconBlockRoot;
    b.requestsHash = requestsHash;
    return b;
  }

  /** Keccak-256 of this header's RLP: the block hash. */
  public Hash hash() {
    return hash;
  }

  /** The header's RLP, as decoded; a fresh copy. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Size in bytes of {@link #encoded()}, without copying. */
  public int encodedLength() {
    return encoded.length;
  }

  byte[] encodedUnsafe() {
    return encoded;
  }

  /** Number of RLP fields (15, 16, 17, 20 or 21), which tells the header's fork. */
  public int fieldCount() {
    return fieldCount;
  }

  /** The hash of the parent block. */
  public Hash parentHash() {
    return parentHash;
  }

  /** Keccak-256 of the RLP list of ommer (uncle) headers. */
  public Hash ommersHash() {
    return ommersHash;
  }

  /** The beneficiary of the block's fees. */
  public Address coinbase() {
    return coinbase;
  }

  /** The state trie root after the block. */
  public Hash stateRoot() {
    return stateRoot;
  }

  /** The root of the trie of the block's transactions. */
  public Hash transactionsRoot() {
    return transactionsRoot;
  }

  /** The root of the trie of the block's receipts. */
  public Hash receiptsRoot() {
    return receiptsRoot;
  }

  /** The 256-byte logs bloom; a fresh copy. */
  public byte[] logsBloom() {
    return logsBloom.clone();
  }

  /** The proof-of-work difficulty; zero from the merge on. */
  public BigInteger difficulty() {
    return difficulty;
  }

  /** The height; 0 for a genesis block. */
  public long number() {
    return number;
  }

  /** The gas limit, a uint64 with unsigned meaning. */
  public long gasLimit() {
    return gasLimit;
  }

  /** The gas used, a uint64 with unsigned meaning. */
  public long gasUsed() {
    return gasUsed;
  }

  /** Seconds since the epoch, a uint64 with unsigned meaning. */
  public long timestamp() {
    return timestamp;
  }

  /** The extra data; a fresh copy. */
  public byte[] extraData() {
    return extraData.clone();
  }

  /** The proof-of-work mix hash, or the beacon chain's randomness (prevRandao) from the merge on. */
  public Hash mixHash() {
    return mixHash;
  }

  /** The 8-byte nonce; a fresh copy. */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** London and later. */
  public Optional<BigInteger> baseFeePerGas() {
    return Optional.ofNullable(baseFeePerGas);
  }

  /** Shanghai and later; the block then carries a withdrawals list. */
  public Optional<Hash> withdrawalsRoot() {
    return Optional.ofNullable(withdrawalsRoot);
  }

  /** Cancun and later. */
  public OptionalLong blobGasUsed() {
    return blobGasUsed == null ? OptionalLong.empty() : OptionalLong.of(blobGasUsed);
  }

  /** Cancun and later. */
  public OptionalLong excessBlobGas() {
    return excessBlobGas == null ? OptionalLong.empty() : OptionalLong.of(excessBlobGas);
  }

  /** Cancun and later. */
  public Optional<Hash> parentBeaconBlockRoot() {
    return Optional.ofNullable(parentBeaconBlockRoot);
  }

  /** Prague and later. */
  public Optional<Hash> requestsHash() {
    return Optional.ofNullable(requestsHash);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Header that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Header[#" + number + " " + hash + "]";
  }

  /**
   * Collects header fields and encodes them. Not thread-safe. The fork fields are optional;
   * {@link #build()} rejects a set that no fork has (say a withdrawals root without a base fee).
   */
  public static final class Builder {
    private Hash parentHash = Hash.ZERO;
    private Hash ommersHash = Block.EMPTY_OMMERS_HASH;
    private Address coinbase = Address.ZERO;
    private Hash stateRoot = Hash.ZERO;
    private Hash transactionsRoot = BlockRoots.EMPTY_ROOT;
    private Hash receiptsRoot = BlockRoots.EMPTY_ROOT;
    private byte[] logsBloom = new byte[Bloom.LENGTH];
    private BigInteger difficulty = BigInteger.ZERO;
    private long number;
    private long gasLimit;
    private long gasUsed;
    private long timestamp;
    private byte[] extraData = new byte[0];
    private Hash mixHash = Hash.ZERO;
    private byte[] nonce = new byte[8];
    private BigInteger baseFeePerGas;
    private Hash withdrawalsRoot;
    private Long blobGasUsed;
    private Long excessBlobGas;
    private Hash parentBeaconBlockRoot;
    private Hash requestsHash;

    private Builder() {}

    public Builder parentHash(Hash value) {
      parentHash = value;
      return this;
    }

    public Builder ommersHash(Hash value) {
      ommersHash = value;
      return this;
    }

    public Builder coinbase(Address value) {
      coinbase = value;
      return this;
    }

    public Builder stateRoot(Hash value) {
      stateRoot = value;
      return this;
    }

    public Builder transactionsRoot(Hash value) {
      transactionsRoot = value;
      return this;
    }

    public Builder receiptsRoot(Hash value) {
      receiptsRoot = value;
      return this;
    }

    public Builder logsBloom(byte[] value) {
      logsBloom = value.clone();
      return this;
    }

    public Builder difficulty(BigInteger value) {
      difficulty = value;
      return this;
    }

    public Builder number(long value) {
      number = value;
      return this;
    }

    public Builder gasLimit(long value) {
      gasLimit = value;
      return this;
    }

    public Builder gasUsed(long value) {
      gasUsed = value;
      return this;
    }

    public Builder timestamp(long value) {
      timestamp = value;
      return this;
    }

    public Builder extraData(byte[] value) {
      extraData = value.clone();
      return this;
    }

    public Builder mixHash(Hash value) {
      mixHash = value;
      return this;
    }

    public Builder nonce(byte[] value) {
      nonce = value.clone();
      return this;
    }

    public Builder baseFeePerGas(BigInteger value) {
      baseFeePerGas = value;
      return this;
    }

    public Builder withdrawalsRoot(Hash value) {
      withdrawalsRoot = value;
      return this;
    }

    public Builder blobGasUsed(long value) {
      blobGasUsed = value;
      return this;
    }

    public Builder excessBlobGas(long value) {
      excessBlobGas = value;
      return this;
    }

    public Builder parentBeaconBlockRoot(Hash value) {
      parentBeaconBlockRoot = value;
      return this;
    }

    public Builder requestsHash(Hash value) {
      requestsHash = value;
      return this;
    }

    /**
     * Encodes the header.
     *
     * @throws BlockFormatException if the fork fields set are not those of one fork, or a
     *     field has the wrong size
     */
    public Header build() {
      List<RlpItem> items = new ArrayList<>(List.of(hash(parentHash), hash(ommersHash), string(coinbase.bytes()),
          hash(stateRoot), hash(transactionsRoot), hash(receiptsRoot), string(logsBloom),
          RlpString.ofUnsigned(difficulty), RlpString.ofUnsigned(number), u64(gasLimit),
          u64(gasUsed), u64(timestamp), string(extraData), hash(mixHash),
          string(nonce)));
      Object[] forkFields = {baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot,
          requestsHash};
      String[] names = {"baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
          "parentBeaconBlockRoot", "requestsHash"};
      int present = 0;
      while (present < forkFields.length && forkFields[present] != null) {
        present++;
      }
      for (int i = present; i < forkFields.length; i++) {
        if (forkFields[i] != null) {
          throw new BlockFormatException("header field " + names[i] + " is set but " + names[present]
              + " of an earlier fork is not; a header has all fields of its fork and of every fork before it");
        }
      }
      for (int i = 0; i < present; i++) {
        Object value = forkFields[i];
        items.add(value instanceof Hash h ? hash(h)
            : value instanceof BigInteger big ? RlpString.ofUnsigned(big) : u64((Long) value));
      }
      return decode(Rlp.encode(new RlpList(items)));
    }

    private static RlpString u64(long unsigned) {
      return RlpString.ofUnsigned(new BigInteger(Long.toUnsignedString(unsigned)));
    }

    private static RlpString hash(Hash hash) {
      return new RlpString(hash.bytes());
    }

    private static RlpString string(byte[] bytes) {
      return new RlpString(bytes);
    }
  }

  /** Hex of the header's RLP, for diagnostics. */
  String toHex() {
    return Hex.encode(encoded);
  }
}
