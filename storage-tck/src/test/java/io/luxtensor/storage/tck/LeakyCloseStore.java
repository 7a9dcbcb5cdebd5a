package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Bug#CLOSE_LEAVES_ITERATORS_USABLE}: a store whose iterators are detached copies that
 * outlive the store's close, as a decorator that forgot to track them would hand out.
 */
final class LeakyCloseStore extends ForwardingStore {

  LeakyCloseStore(KeyValueStore delegate) {
    super(delegate);
  }

  @Override
  public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) {
    List<KeyValue> entries = new ArrayList<>();
    try (KvIterator it = delegate.iterator(cf, range, Direction.FORWARD)) {
      it.asIterator().forEachRemaining(entries::add);
    }
    return new DetachedIterator(entries, direction);
  }

  /** An iterator over a list of entries, in key order, that nothing can close. */
  static final class DetachedIterator implements KvIterator {
    private final List<KeyValue> entries;
    private final Direction direction;
    private int index;

    DetachedIterator(List<KeyValue> entries, Direction direction) {
      this.entries = entries;
      this.direction = direction;
      index = direction == Direction.FORWARD ? 0 : entries.size() - 1;
    }

    @Override
    public Direction direction() {
      return direction;
    }

    @Override
    public void seek(byte[] key) {
      if (direction == Direction.FORWARD) {
        index = 0;
        while (index < entries.size() && Keys.compare(entries.get(index).key(), key) < 0) {
          index++;
        }
      } else {
        index = entries.size() - 1;
        while (index >= 0 && Keys.compare(entries.get(index).key(), key) > 0) {
          index--;
        }
      }
    }

    @Override
    public void seekToFirst() {
      index = 0;
    }

    @Override
    public void seekToLast() {
      index = entries.size() - 1;
    }

    @Override
    public void next() {
      index++;
    }

    @Override
    public void prev() {
      index--;
    }

    @Override
    public boolean isValid() {
      return index >= 0 && index < entries.size();
    }

    @Override
    public byte[] key() {
      if (!isValid()) {
        throw new IllegalStateException("not on an entry");
      }
      return entries.get(index).key();
    }

    @Override
    public byte[] value() {
      if (!isValid()) {
        throw new IllegalStateException("not on an entry");
      }
      return entries.get(index).value();
    }

    @Override
    public void close() {}
  }
}
