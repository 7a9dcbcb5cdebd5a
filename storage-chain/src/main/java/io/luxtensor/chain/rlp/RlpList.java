package io.luxtensor.chain.rlp;

import java.util.List;

/**
 * An RLP list of items, possibly nested.
 *
 * <p>Immutable: the items are copied into an unmodifiable list. Neither the list nor any item
 * may be {@code null}. Equality is element-wise.
 */
public record RlpList(List<RlpItem> items) implements RlpItem {

  /** The empty list, encoded as {@code 0xc0}. */
  public static final RlpList EMPTY = new RlpList(List.of());

  /** Copies {@code items}; rejects {@code null} elements with a {@link NullPointerException}. */
  public RlpList {
    items = List.copyOf(items);
  }

  /** A list of the given items, in order. */
  public static RlpList of(RlpItem... items) {
    return new RlpList(List.of(items));
  }

  /** Number of items. */
  public int size() {
    return items.size();
  }

  /** The item at {@code index}. */
  public RlpItem get(int index) {
    return items.get(index);
  }
}
