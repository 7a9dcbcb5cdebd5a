package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;

/**
 * A validator withdrawal (EIP-4895): {@code RLP([index, validatorIndex, address, amount])},
 * the amount in Gwei. The numbers are uint64, held in {@code long}s with unsigned meaning (see
 * {@link Long#toUnsignedString}). Immutable and thread-safe.
 */
public record Withdrawal(long index, long validatorIndex, Address address, long amount) {

  /** Rejects a null address. */
  public Withdrawal {
    java.util.Objects.requireNonNull(address, "address");
  }

  /** The canonical RLP, also the withdrawals trie value. */
  public byte[] encode() {
    return Rlp.encode(toRlp());
  }

  /** The withdrawal encoded in {@code rlp}. */
  public static Withdrawal decode(byte[] rlp) {
    return decode(RlpSlice.of(rlp));
  }

  RlpItem toRlp() {
    return RlpList.of(u64(index), u64(validatorIndex), new RlpString(address.bytes()), u64(amount));
  }

  private static RlpString u64(long unsigned) {
    return RlpString.ofUnsigned(new BigInteger(Long.toUnsignedString(unsigned)));
  }

  static Withdrawal decode(RlpSlice item) {
    Fields f = Fields.of("withdrawal", item).requireSize(4);
    return new Withdrawal(f.uint64(0, "index"), f.uint64(1, "validatorIndex"), f.address(2, "address"),
        f.uint64(3, "amount"));
  }
}
