package io.luxtensor.storage.tck;

/** A deliberate defect the {@link ReferenceEngine} can be built with, to show the TCK catches it. */
enum Bug {
  NONE,
  /** Keys compare as signed bytes: 0x80..0xFF sort before 0x00. */
  SIGNED_ORDER,
  /** A batch is applied operation by operation and stops half-way at the first error. */
  HALF_APPLIED_BATCH,
  /** A batch is applied operation by operation, letting readers in between: they see half of it. */
  BATCH_VISIBLE_HALF_APPLIED,
  /**
   * A large batch is applied in key order by a sort that loses the order of one key's operations
   * (an engine inserting big batches sorted, with an unstable sort).
   */
  LARGE_BATCH_SORTED_UNSTABLY,
  /** A batch reaches the disk one operation per write, so a kill can leave half of it there. */
  BATCH_TORN_ON_DISK,
  /** Cursors walk the live data, so they see writes made after they opened. */
  ITERATOR_SEES_LATER_WRITES,
  /** Snapshots read the live data. */
  SNAPSHOT_SEES_LATER_WRITES,
  /** deleteRange also deletes its exclusive end key. */
  DELETE_RANGE_INCLUDES_END,
  /** A transaction commits over a write another writer made to the same key after it began. */
  COMMIT_IGNORES_CONFLICTS,
  /** A serializable transaction commits although a key or range it read changed after it began (snapshot isolation only). */
  SERIALIZABLE_IGNORES_READS,
  /** The store's close leaves the iterators it handed out usable (a broken decorator). */
  CLOSE_LEAVES_ITERATORS_USABLE,
  /** A snapshot's close frees its data without waiting for the reads running on it (a broken decorator). */
  SNAPSHOT_RELEASED_UNDER_READERS,
  /**
   * A family hinted for large values keeps them apart, and snapshots of it read them there, live: a
   * snapshot sees later writes to that family only.
   */
  HINTED_SNAPSHOT_READS_LIVE,
  /** A read cache in front of the engine that batches and transaction commits do not update ({@link StaleReadCacheEngine}). */
  STALE_READ_CACHE,
  /** The engine's own count (the one a server engine answers in one statement) ignores the range's end. */
  COUNT_IGNORES_UPPER_BOUND
}
