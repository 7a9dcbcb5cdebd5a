package io.luxtensor.storage.backup;

import java.time.Instant;

/**
 * Where a point-in-time restore stops replaying the change log: at a sequence, at the last write
 * committed at or before a time, or at the log's end. Immutable.
 *
 * @param sequence the last sequence to replay, or -1
 * @param time the time to replay up to, or {@code null}
 */
public record RecoveryPoint(long sequence, Instant time) {

  /** The end of the log: every write it holds. */
  public static RecoveryPoint latest() {
    return new RecoveryPoint(-1, null);
  }

  public static RecoveryPoint atSequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("a change-log sequence is 0 or more, not " + sequence);
    }
    return new RecoveryPoint(sequence, null);
  }

  public static RecoveryPoint atTime(Instant time) {
    return new RecoveryPoint(-1, java.util.Objects.requireNonNull(time, "time"));
  }

  /** The sequence this point names in {@code log}. */
  long resolve(ChangeLog log) {
    if (sequence >= 0) {
      return sequence;
    }
    if (time != null) {
      return log.sequenceAt(time.toEpochMilli());
    }
    return log.lastSequenceOnDisk();
  }
}
