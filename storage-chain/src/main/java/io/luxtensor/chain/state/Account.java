package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ethereum account as the state trie holds it: {@code RLP([nonce, balance, storageRoot,
 * codeHash])}.
 *
 * <p>Immutable and thread-safe. The nonce is a non-negative {@code long}; the balance is a
 * non-negative integer below 2^256. An account without storage has {@link Hash#EMPTY_TRIE_ROOT}
 * as storage root, one without code {@link Hash#EMPTY_CODE_HASH} as code hash.
 */
public record Account(long nonce, BigInteger balance, Hash storageRoot, Hash codeHash) {

  /** The largest balance an account can hold, 2^256 - 1. */
  public static final BigInteger MAX_BALANCE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** Nonce 0, balance 0, no storage, no code: what a newly touched account starts as. */
  public static final Account EMPTY = new Account(0, BigInteger.ZERO, Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_CODE_HASH);

  private static final byte[] EMPTY_TRIE_ROOT_BYTES = Hash.EMPTY_TRIE_ROOT.bytes();
  private static final byte[] EMPTY_CODE_HASH_BYTES = Hash.EMPTY_CODE_HASH.bytes();

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the nonce is negative or the balance is negative or above
   *     {@link #MAX_BALANCE}
   * @throws NullPointerException if a field is {@code null}
   */
  public Account {
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(storageRoot, "storageRoot");
    Objects.requireNonNull(codeHash, "codeHash");
    if (nonce < 0) {
      throw new IllegalArgumentException("an account nonce must not be negative, got " + nonce);
    }
    if (balance.signum() < 0 || balance.compareTo(MAX_BALANCE) > 0) {
      throw new IllegalArgumentException("an account balance must be in [0, 2^256), got " + balance);
    }
  }

  /** This account with {@code newBalance}. */
  public Account withBalance(BigInteger newBalance) {
    return new Account(nonce, newBalance, storageRoot, codeHash);
  }

  /** This account with {@code newNonce}. */
  public Account withNonce(long newNonce) {
    return new Account(newNonce, balance, storageRoot, codeHash);
  }

  /** This account with {@code root} as storage root. */
  public Account withStorageRoot(Hash root) {
    return new Account(nonce, balance, root, codeHash);
  }

  /** This account with {@code hash} as code hash. */
  public Account withCodeHash(Hash hash) {
    return new Account(nonce, balance, storageRoot, hash);
  }

  /** Whether the account is empty in the EIP-161 sense: nonce 0, balance 0, no code. */
  public boolean isEmpty() {
    return nonce == 0 && balance.signum() == 0 && codeHash.equals(Hash.EMPTY_CODE_HASH);
  }

  /** Whether the account has code. */
  public boolean hasCode() {
    return !codeHash.equals(Hash.EMPTY_CODE_HASH);
  }

  /** The Ethereum encoding, which is also the state trie value. */
  public byte[] encode() {
    // Written straight into one array: a commit encodes each changed account several times.
    byte[] nonceBytes = RlpEncoder.unsignedBytes(nonce);
    byte[] balanceBytes = RlpEncoder.unsignedBytes(balance);
    byte[] root = storageRoot.bytes();
    byte[] code = codeHash.bytes();
    int payload = RlpEncoder.stringLength(nonceBytes) + RlpEncoder.stringLength(balanceBytes)
        + RlpEncoder.stringLength(root) + RlpEncoder.stringLength(code);
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    pos = RlpEncoder.writeString(out, pos, nonceBytes);
    pos = RlpEncoder.writeString(out, pos, balanceBytes);
    pos = RlpEncoder.writeString(out, pos, root);
    RlpEncoder.writeString(out, pos, code);
    return out;
  }

  /**
   * The account encoded in {@code rlp}.
   *
   * @throws RlpException if {@code rlp} is not the canonical encoding of an account
   */
  public static Account decode(byte[] rlp) {
    RlpSlice list = RlpSlice.of(rlp);
    if (!list.isList() || list.size() != 4) {
      throw new RlpException("an account is an RLP list of 4 items (nonce, balance, storageRoot, codeHash)");
    }
    long nonce = list.get(0).asLong();
    if (nonce < 0) {
      throw new RlpException("account nonce " + Long.toUnsignedString(nonce) + " does not fit a signed long");
    }
    BigInteger balance = list.get(1).asBigInteger(32);
    byte[] storageRoot = list.get(2).bytes();
    byte[] codeHash = list.get(3).bytes();
    if (storageRoot.length != Hash.LENGTH || codeHash.length != Hash.LENGTH) {
      throw new RlpException("account storageRoot and codeHash must be 32 bytes each");
    }
    // The many accounts without storage or code share the two constants rather than a copy each.
    Hash root = Arrays.equals(storageRoot, EMPTY_TRIE_ROOT_BYTES) ? Hash.EMPTY_TRIE_ROOT : new Hash(storageRoot);
    Hash code = Arrays.equals(codeHash, EMPTY_CODE_HASH_BYTES) ? Hash.EMPTY_CODE_HASH : new Hash(codeHash);
    return new Account(nonce, balance, root, code);
  }

}
