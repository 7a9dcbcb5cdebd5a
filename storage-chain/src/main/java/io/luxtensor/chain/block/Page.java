package io.luxtensor.chain.block;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query's results, and the cursor token that continues it: pass
 * {@link #next()} back to the same query for the following page; it is empty on the last page.
 * Tokens are opaque strings, valid for the query that produced them. Immutable.
 */
public record Page<T>(List<T> items, Optional<String> next) {

  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }
}
