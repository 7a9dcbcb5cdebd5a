package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.List;
import java.util.Optional;

/**
 * Which logs a {@link BlockStore#logs} query returns, as {@code eth_getLogs} filters them: heights
 * {@code fromHeight..toHeight} inclusive, the emitting address if given, and for each topic
 * position, the topic it must have (empty = any). At least the address or one topic must be
 * given, because the query runs over the address or topic index. Immutable.
 */
public record LogFilter(long fromHeight, long toHeight, Optional<Address> address, List<Optional<Hash>> topics) {

  /** Checks the range, the number of topics and that something is indexed. */
  public LogFilter {
    topics = List.copyOf(topics);
    if (fromHeight < 0 || toHeight < fromHeight) {
      throw new IllegalArgumentException("log filter heights must satisfy 0 <= from <= to, got " + fromHeight
          + ".." + toHeight);
    }
    if (topics.size() > 4) {
      throw new IllegalArgumentException("a log has at most 4 topics; the filter gives " + topics.size());
    }
    if (address.isEmpty() && topics.stream().allMatch(Optional::isEmpty)) {
      throw new IllegalArgumentException("a log filter needs an address or at least one topic, so that it runs"
          + " over an index rather than every block");
    }
  }

  /** Logs of {@code address} in {@code fromHeight..toHeight}. */
  public static LogFilter byAddress(Address address, long fromHeight, long toHeight) {
    return new LogFilter(fromHeight, toHeight, Optional.of(address), List.of());
  }

  /** Logs whose first topic is {@code topic0} in {@code fromHeight..toHeight}. */
  public static LogFilter byTopic0(Hash topic0, long fromHeight, long toHeight) {
    return new LogFilter(fromHeight, toHeight, Optional.empty(), List.of(Optional.of(topic0)));
  }

  /** Whether {@code log} passes the address and topic conditions (the heights are checked by the index walk). */
  public boolean matches(Log log) {
    if (address.isPresent() && !address.get().equals(log.address())) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      if (topics.get(i).isPresent() && (i >= log.topics().size() || !topics.get(i).get().equals(log.topics().get(i)))) {
        return false;
      }
    }
    return true;
  }
}
