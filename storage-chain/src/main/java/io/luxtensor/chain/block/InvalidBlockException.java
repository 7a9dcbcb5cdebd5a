package io.luxtensor.chain.block;

import io.luxtensor.chain.ChainException;

/**
 * A well-formed block that the {@link BlockStore} refuses to import because its contents
 * disagree with its header or with the chain: an unknown parent, a wrong number, or a
 * transactions root, ommers hash, withdrawals root or receipts root that does not match.
 * Nothing was written when this is thrown.
 *
 * <p>Unchecked. {@link #field()}, {@link #expected()} and {@link #actual()} say what disagreed;
 * the message says the same and names the block.
 */
public final class InvalidBlockException extends ChainException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String expected;
  private final String actual;

  public InvalidBlockException(String block, String field, Object expected, Object actual) {
    super("block " + block + " rejected: " + field + " is " + actual + " but its contents give "
        + expected + "; nothing was written, fix the block or import its parent first");
    this.field = field;
    this.expected = String.valueOf(expected);
    this.actual = String.valueOf(actual);
  }

  /** The header field (or relation, such as {@code parentHash}) that did not match. */
  public String field() {
    return field;
  }

  /** What the block's contents or the chain require the field to be. */
  public String expected() {
    return expected;
  }

  /** What the block says. */
  public String actual() {
    return actual;
  }
}
