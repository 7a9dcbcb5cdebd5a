package io.luxtensor.storage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A cursor over the keys of one {@link KeyRange} of one column family, frozen at its creation.
 *
 * <p>It is either on an entry ({@link #isValid()}) or off either end. {@link #next()} follows the
 * iterator's {@link #direction()}: to the next larger key on a {@link Direction#FORWARD} iterator, to
 * the next smaller one on a {@link Direction#REVERSE} one, as a Java {@code Iterator} would;
 * {@link #prev()} steps back the other way. The direction also sets where the iterator starts and
 * where {@link #seek(byte[])} lands. The cursor never leaves its range.
 *
 * <p>Not thread-safe: use one iterator from one thread at a time. <strong>Must be closed</strong>
 * (try-with-resources); {@link #close()} is idempotent, and the iterator is closed for you when the
 * view it came from closes. Any call but {@code close} on a closed iterator throws
 * {@link StoreClosedException}; {@link #key()} and {@link #value()} on an invalid one throw
 * {@link IllegalStateException}.
 */
public interface KvIterator extends AutoCloseable {

  /** The direction the iterator was opened with. */
  Direction direction();

  /**
   * Forward: positions on the first key {@code >= key}. Reverse: on the last key {@code <= key}. Keys
   * outside the range are clamped to it.
   */
  void seek(byte[] key);

  /** Positions on the smallest key of the range. */
  void seekToFirst();

  /** Positions on the largest key of the range. */
  void seekToLast();

  /** Moves one entry in the iterator's direction: to a larger key forward, a smaller one in reverse. */
  void next();

  /** Moves one entry against the iterator's direction: to a smaller key forward, a larger one in reverse. */
  void prev();

  /** Whether the iterator is on an entry. */
  boolean isValid();

  /** The current key, a fresh copy. */
  byte[] key();

  /** The current value, a fresh copy. */
  byte[] value();

  /** The current entry. */
  default KeyValue entry() {
    return new KeyValue(key(), value());
  }

  /**
   * The entries from the current position on, in the iterator's direction. Consumes this iterator;
   * closing the iterator ends the walk.
   */
  default Iterator<KeyValue> asIterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return isValid();
      }

      @Override
      public KeyValue next() {
        if (!isValid()) {
          throw new NoSuchElementException();
        }
        KeyValue entry = entry();
        KvIterator.this.next();
        return entry;
      }
    };
  }

  /**
   * The entries from the current position on, in the iterator's direction, as a sequential stream.
   * The stream <strong>must be closed</strong> (try-with-resources); closing it closes this iterator.
   */
  default Stream<KeyValue> stream() {
    Spliterator<KeyValue> spliterator = Spliterators.spliteratorUnknownSize(asIterator(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
    return StreamSupport.stream(spliterator, false).onClose(this::close);
  }

  /** Releases the iterator; idempotent. */
  @Override
  void close();
}
