package io.luxtensor.storage.tck;

/** A deliberate defect the {@link ReferenceEngine} can be built with, to show the TCK catches it. */
enum Bug {
  NONE,
  /** Keys compare as signed bytes: 0x80..0xFF sort before 0x00. */
  SIGNED_ORDER,
  /** A batch is applied operation by operation and stops half-way at the first error. */
  HALF_APPLIED_BATCH,
  /** Cursors walk the live data, so they see writes made after they opened. */
  ITERATOR_SEES_LATER_WRITES,
  /** Snapshots read the live data. */
  SNAPSHOT_SEES_LATER_WRITES,
  /** deleteRange also deletes its exclusive end key. */
  DELETE_RANGE_INCLUDES_END,
  /** The store's close leaves the iterators it handed out usable (a broken decorator). */
  CLOSE_LEAVES_ITERATORS_USABLE
}
