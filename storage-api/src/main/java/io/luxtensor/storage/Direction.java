package io.luxtensor.storage;

/** The order in which an iterator is first positioned and in which its streams walk. */
public enum Direction {
  /** Ascending unsigned key order. */
  FORWARD,
  /** Descending unsigned key order. */
  REVERSE
}
