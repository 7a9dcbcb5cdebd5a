package io.luxtensor.storage.backup;

import java.util.List;
import java.util.Objects;

/**
 * One committed write of a logged store as its change log holds it: a single put or delete, a batch,
 * a transaction's commit, or a column family created or dropped. Immutable; arrays are not copied
 * (records are built and read by this package only, and handed out read-only by contract).
 *
 * @param sequence the write's position in the log, from 1, without gaps
 * @param timeMillis when it was committed (milliseconds since the epoch)
 * @param operations what it did, in order
 */
public record LogRecord(long sequence, long timeMillis, List<Op> operations) {

  public LogRecord {
    operations = List.copyOf(operations);
  }

  /** The kinds of operation. */
  public enum Kind { PUT, DELETE, DELETE_RANGE, CREATE_FAMILY, DROP_FAMILY }

  /**
   * One operation.
   *
   * @param kind what it does
   * @param family the column family's name
   * @param key the key (the range's start for {@code DELETE_RANGE}; {@code null} for family operations)
   * @param value the value of a put, the range's end of {@code DELETE_RANGE} ({@code null} for open), else {@code null}
   */
  public record Op(Kind kind, String family, byte[] key, byte[] value) {

    public Op {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(family, "family");
    }
  }
}
