package io.luxtensor.storage.memory;

/**
 * One version of a key: the value written at sequence {@code seq} ({@code null} for a delete), and the
 * versions before it, newest first. Immutable, so a reader holding a chain is never disturbed by a
 * writer replacing it.
 */
record Version(long seq, byte[] value, Version older) {

  /** The newest version visible at {@code readSeq}, or {@code null} when none is. */
  Version visibleAt(long readSeq) {
    Version v = this;
    while (v != null && v.seq > readSeq) {
      v = v.older;
    }
    return v;
  }

  /** The value visible at {@code readSeq}, or {@code null} when absent or deleted. */
  byte[] valueAt(long readSeq) {
    Version v = visibleAt(readSeq);
    return v == null ? null : v.value;
  }

  /**
   * This chain without the versions no reader can see any more: everything newer than
   * {@code oldestReader} stays, plus the newest version at or below it; a trailing delete with nothing
   * under it is dropped too.
   */
  Version prune(long oldestReader) {
    if (seq <= oldestReader) {
      return value == null ? null : (older == null ? this : new Version(seq, value, null));
    }
    Version tail = older == null ? null : older.prune(oldestReader);
    return tail == older ? this : new Version(seq, value, tail);
  }
}
