package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StoreClosedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Bug#SNAPSHOT_RELEASED_UNDER_READERS}: snapshots whose close checks nothing but a flag and
 * frees their data at once, without waiting for the reads that passed the flag, as a decorator with
 * no drain would do over native memory. A read that loses the race reads freed data: here, nothing where a value was.
 */
final class UndrainedSnapshotStore extends ForwardingStore {

  UndrainedSnapshotStore(KeyValueStore delegate) {
    super(delegate);
  }

  @Override
  public Snapshot snapshot() {
    Map<ColumnFamily, NavigableMap<byte[], byte[]>> copy = new ConcurrentHashMap<>();
    try (Snapshot source = delegate.snapshot()) {
      for (ColumnFamily cf : delegate.columnFamilies()) {
        NavigableMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Keys.ORDER);
        try (KvIterator it = source.iterator(cf, KeyRange.all())) {
          it.asIterator().forEachRemaining(entry -> entries.put(entry.key(), entry.value()));
        }
        copy.put(cf, entries);
      }
    }
    return new UndrainedSnapshot(copy);
  }

  private static final class UndrainedSnapshot implements Snapshot {
    private final Map<ColumnFamily, NavigableMap<byte[], byte[]>> data;
    private volatile boolean closed;

    UndrainedSnapshot(Map<ColumnFamily, NavigableMap<byte[], byte[]>> data) {
      this.data = data;
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
      checkOpen();
      LockSupport.parkNanos(20_000); // a read takes a while, as a native call does
      return data.getOrDefault(cf, Collections.emptyNavigableMap()).get(key);
    }

    @Override
    public List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) {
      List<byte[]> values = new ArrayList<>();
      keys.forEach(key -> values.add(get(cf, key)));
      return values;
    }

    @Override
    public List<byte[]> multiGet(List<ColumnFamily> families, List<byte[]> keys) {
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        values.add(get(families.get(i), keys.get(i)));
      }
      return values;
    }

    @Override
    public KvIterator iterator(ColumnFamily cf, KeyRange range, Direction direction) {
      checkOpen();
      return new LeakyCloseStore.DetachedIterator(new ArrayList<>(data.getOrDefault(cf,
          Collections.emptyNavigableMap()).entrySet().stream().filter(e -> range.contains(e.getKey()))
          .map(e -> new KeyValue(e.getKey(), e.getValue())).toList()), direction);
    }

    private void checkOpen() {
      if (closed) {
        throw new StoreClosedException("snapshot is closed");
      }
    }

    /** Frees the data at once: the bug is what it does not do, wait for the reads under way. */
    @Override
    public void close() {
      closed = true;
      data.values().forEach(Map::clear);
    }
  }
}
