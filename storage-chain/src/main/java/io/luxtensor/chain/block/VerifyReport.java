package io.luxtensor.chain.block;

import java.util.List;

/**
 * What {@link BlockStore#verify()} found: how many stored blocks, canonical blocks, canonical
 * transactions and canonical logs it checked, and every problem (a missing or wrong index entry,
 * an entry pointing to a non-canonical or absent block, a broken canonical chain, a stored block
 * missing a part), each as a sentence; at most {@link #MAX_PROBLEMS} are listed. Immutable.
 */
public record VerifyReport(long storedBlocks, long canonicalBlocks, long transactions, long logs,
    List<String> problems) {

  /** The most problems a report lists; the last one then says that more were cut. */
  public static final int MAX_PROBLEMS = 100;

  /** Copies the problems. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether no problem was found. */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
