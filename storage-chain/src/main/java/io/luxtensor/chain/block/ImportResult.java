package io.luxtensor.chain.block;

/** What {@link BlockStore#importBlock} did with a block. */
public enum ImportResult {
  /** Stored and made the new head: it extends the canonical chain (or is the first genesis). */
  CANONICAL,
  /** Stored on a side branch; {@link BlockStore#setHead} can make it canonical. */
  SIDE_BRANCH,
  /** Already stored; nothing changed. */
  ALREADY_KNOWN
}
