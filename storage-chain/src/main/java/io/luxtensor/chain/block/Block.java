package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A block: {@code RLP([header, transactions, ommers])}, with a fourth item, the withdrawals,
 * from Shanghai on. The withdrawals are present exactly when the header has a withdrawals root.
 *
 * <p>Kept as the bytes it was decoded from: {@link #encoded()} returns them unchanged, the
 * header hash and {@link #ommersHash()} hash slices of them. Immutable and thread-safe;
 * equality is equality of the encodings.
 */
public final class Block {

  /** Keccak-256 of the empty list {@code 0xc0}: the ommers hash of a block without ommers. */
  public static final Hash EMPTY_OMMERS_HASH = Hash.keccak256(new byte[] {(byte) 0xc0});

  private final byte[] encoded;
  private final Header header;
  private final Body body;
  private final Hash ommersHash;

  private Block(byte[] encoded, Header header, Body body, Hash ommersHash) {
    this.encoded = encoded;
    this.header = header;
    this.body = body;
    this.ommersHash = ommersHash;
  }

  /**
   * The block encoded in {@code rlp}; every transaction is {@linkplain Transaction#validate() validated}.
   *
   * @throws io.luxtensor.chain.rlp.RlpException if {@code rlp} is not one canonical RLP item
   * @throws BlockFormatException if it is RLP but not a block
   */
  public static Block decode(byte[] rlp) {
    RlpSlice slice = RlpSlice.of(rlp);
    Fields f = Fields.of("block", slice);
    if (f.size() != 3 && f.size() != 4) {
      throw new BlockFormatException("block must have 3 items (header, transactions, ommers) or 4 (and withdrawals),"
          + " found " + f.size());
    }
    Header header = Header.decode(f.listAt(0, "header").slice());
    List<Transaction> transactions = new ArrayList<>();
    for (RlpSlice item : f.listAt(1, "transactions").slice().items()) {
      transactions.add(Transaction.fromBlockItem(item).validate());
    }
    RlpSlice ommerList = f.listAt(2, "ommers").slice();
    List<Header> ommers = new ArrayList<>();
    for (RlpSlice ommer : ommerList.items()) {
      ommers.add(Header.decode(Fields.of("ommer header", ommer).slice()));
    }
    Optional<List<Withdrawal>> withdrawals = Optional.empty();
    if (f.size() == 4) {
      List<Withdrawal> list = new ArrayList<>();
      for (RlpSlice w : f.listAt(3, "withdrawals").slice().items()) {
        list.add(Withdrawal.decode(w));
      }
      withdrawals = Optional.of(list);
    }
    if (withdrawals.isPresent() != header.withdrawalsRoot().isPresent()) {
      throw new BlockFormatException("block #" + header.number() + " has " + (withdrawals.isPresent() ? "a" : "no")
          + " withdrawals list but its header has " + (header.withdrawalsRoot().isPresent() ? "a" : "no")
          + " withdrawalsRoot; a block has withdrawals exactly from Shanghai on");
    }
    return new Block(slice.encoded(), header, new Body(transactions, ommers, withdrawals),
        Hash.keccak256(ommerList.encoded()));
  }

  /**
   * The block of {@code header} and {@code body}, encoded. Does not check the header's roots
   * against the body ({@link BlockStore#importBlock} does).
   *
   * @throws BlockFormatException if the body has withdrawals exactly when the header lacks a withdrawals root
   */
  public static Block of(Header header, Body body) {
    byte[][] txItems = new byte[body.transactions().size()][];
    for (int i = 0; i < txItems.length; i++) {
      txItems[i] = body.transactions().get(i).blockItem();
    }
    byte[][] ommerItems = new byte[body.ommers().size()][];
    for (int i = 0; i < ommerItems.length; i++) {
      ommerItems[i] = body.ommers().get(i).encodedUnsafe();
    }
    byte[] ommers = RlpEncoder.encodeList(ommerItems);
    List<byte[]> items = new ArrayList<>(List.of(header.encodedUnsafe(), RlpEncoder.encodeList(txItems), ommers));
    body.withdrawals().ifPresent(ws -> items.add(encodeWithdrawals(ws)));
    if (body.withdrawals().isPresent() != header.withdrawalsRoot().isPresent()) {
      throw new BlockFormatException("block #" + header.number() + ": a body has withdrawals exactly when the"
          + " header has a withdrawalsRoot (Shanghai and later)");
    }
    return new Block(RlpEncoder.encodeList(items.toArray(new byte[0][])), header, body, Hash.keccak256(ommers));
  }

  static byte[] encodeWithdrawals(List<Withdrawal> withdrawals) {
    byte[][] items = new byte[withdrawals.size()][];
    for (int i = 0; i < items.length; i++) {
      items[i] = withdrawals.get(i).encode();
    }
    return RlpEncoder.encodeList(items);
  }

  /** The block's RLP; a fresh copy. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** The block's header. */
  public Header header() {
    return header;
  }

  /** Transactions, ommers and withdrawals. */
  public Body body() {
    return body;
  }

  /** The block hash: the hash of its header. */
  public Hash hash() {
    return header.hash();
  }

  /** The block's height. */
  public long number() {
    return header.number();
  }

  /** The transactions, in block order. */
  public List<Transaction> transactions() {
    return body.transactions();
  }

  /** The ommer (uncle) headers. */
  public List<Header> ommers() {
    return body.ommers();
  }

  /** The withdrawals, present exactly from Shanghai on. */
  public Optional<List<Withdrawal>> withdrawals() {
    return body.withdrawals();
  }

  /** Keccak-256 of the RLP list of ommer headers, from the block's own bytes. */
  public Hash ommersHash() {
    return ommersHash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Block that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return header.hashCode();
  }

  @Override
  public String toString() {
    return "Block[#" + header.number() + " " + hash() + ", " + body.transactions().size() + " tx]";
  }
}
