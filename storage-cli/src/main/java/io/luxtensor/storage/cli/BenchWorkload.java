package io.luxtensor.storage.cli;

/**
 * The specification's workloads and their targets, in operations per second. One operation is one
 * key written or read, one commit, one range scan of {@link #SCAN_LENGTH} entries, or one prefix
 * iteration (a prefix holds {@link #PREFIX_GROUP} keys).
 */
enum BenchWorkload {
  SEQUENTIAL_WRITES("sequential writes", "puts", 100_000),
  RANDOM_WRITES("random writes", "puts", 50_000),
  BATCH_WRITES("batch writes (1,000 per batch)", "keys", 500_000),
  SYNCED_COMMITS("synced transaction commits", "commits", 2_000),
  CACHED_READS("cached reads", "gets", 1_000_000),
  UNCACHED_READS("uncached reads", "gets", 100_000),
  RANGE_SCANS("range scans (100 entries)", "scans", 10_000),
  PREFIX_ITERATION("prefix iteration (4 entries)", "iterations", 50_000);

  /** Entries one range scan reads. */
  static final int SCAN_LENGTH = 100;
  /** Keys sharing one prefix. */
  static final int PREFIX_GROUP = 4;
  /** Keys per batch in {@link #BATCH_WRITES}. */
  static final int BATCH_SIZE = 1_000;

  final String label;
  final String unit;
  final long target;

  BenchWorkload(String label, String unit, long target) {
    this.label = label;
    this.unit = unit;
    this.target = target;
  }
}
