package io.luxtensor.storage;

import io.luxtensor.storage.spi.EngineBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts, deletes and range deletes across column families of one store, applied atomically by
 * {@link KeyValueStore#write(WriteBatch)}: after it returns every operation is visible, and if it
 * throws none is, to any reader and after any crash. Operations apply in the order they were added,
 * so a later put of a key wins over an earlier delete.
 *
 * <p>Arguments are checked as they are added (the same checks as {@link KeyValueStore#put}), and keys
 * and values are copied, so the caller may reuse its arrays. A batch may be written again, and
 * {@link #clear()}ed to be reused. Not thread-safe.
 *
 * <p>A batch holds at most {@link StorageConfig#maxBatchBytes()} bytes of keys and values: an
 * operation that would pass the limit throws {@link WriteLimitExceededException} and is not added.
 */
public final class WriteBatch {

  private enum Kind { PUT, DELETE, DELETE_RANGE }

  private record Op(Kind kind, ColumnFamily cf, byte[] key, byte[] value) {}

  private final Validator validator;
  private final long maxBytes;
  private final List<Op> ops = new ArrayList<>();
  private long payloadBytes;

  WriteBatch(Validator validator, long maxBytes) {
    this.validator = validator;
    this.maxBytes = maxBytes;
  }

  /** Adds a put of {@code value} (may be empty) under {@code key}. */
  public WriteBatch put(ColumnFamily cf, byte[] key, byte[] value) {
    validator.checkColumnFamily(cf);
    validator.checkKey(key);
    validator.checkValue(value);
    reserve(key.length + (long) value.length);
    ops.add(new Op(Kind.PUT, cf, key.clone(), value.clone()));
    return this;
  }

  /** Adds a delete of {@code key}; deleting an absent key is not an error. */
  public WriteBatch delete(ColumnFamily cf, byte[] key) {
    validator.checkColumnFamily(cf);
    validator.checkKey(key);
    reserve(key.length);
    ops.add(new Op(Kind.DELETE, cf, key.clone(), null));
    return this;
  }

  /**
   * Adds a delete of every key in {@code range}, either bound open; nothing when the range is empty.
   * An open upper bound deletes to the end of the column family as it is when the batch is applied.
   */
  public WriteBatch deleteRange(ColumnFamily cf, KeyRange range) {
    validator.checkColumnFamily(cf);
    validator.checkRange(range);
    if (!range.isEmpty()) {
      byte[] from = range.from();
      byte[] to = range.to();
      // Keys are non-empty, so [0x00] is the smallest key: an open lower bound becomes it.
      byte[] lower = from == null || from.length == 0 ? new byte[] {0} : from;
      reserve(lower.length + (to == null ? 0L : to.length));
      ops.add(new Op(Kind.DELETE_RANGE, cf, lower, to));
    }
    return this;
  }

  private void reserve(long bytes) {
    long total = payloadBytes + bytes;
    if (total > maxBytes) {
      throw new WriteLimitExceededException("the write batch", total, maxBytes);
    }
    payloadBytes = total;
  }

  /** The number of operations added since creation or the last {@link #clear()}. */
  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** Bytes of keys and values held. */
  public long payloadBytes() {
    return payloadBytes;
  }

  /** Removes every operation, so the batch can be reused. */
  public void clear() {
    ops.clear();
    payloadBytes = 0;
  }

  Validator validator() {
    return validator;
  }

  /** Checks that every column family of the batch is still usable, before the engine sees the batch. */
  void checkColumnFamiliesOwned() {
    for (Op op : ops) {
      validator.checkColumnFamilyOwner(op.cf);
    }
  }

  /** This batch as the engine sees it; valid until the batch changes. */
  EngineBatch toEngineBatch() {
    return new EngineBatch() {
      @Override
      public int size() {
        return ops.size();
      }

      @Override
      public void forEach(Handler handler) {
        for (Op op : ops) {
          switch (op.kind) {
            case PUT -> handler.put(op.cf.handle(), op.key, op.value);
            case DELETE -> handler.delete(op.cf.handle(), op.key);
            case DELETE_RANGE -> handler.deleteRange(op.cf.handle(), op.key, op.value);
          }
        }
      }
    };
  }
}
