package io.luxtensor.chain.rlp;

/**
 * One RLP value: either a byte string ({@link RlpString}) or a list of items ({@link RlpList}).
 *
 * <p>Implementations are immutable, thread-safe and never hold {@code null}; equality is
 * structural (byte content for strings, element-wise for lists).
 */
public sealed interface RlpItem permits RlpString, RlpList {

  /** The canonical RLP encoding of this item; a fresh array on every call. */
  default byte[] encode() {
    return Rlp.encode(this);
  }
}
