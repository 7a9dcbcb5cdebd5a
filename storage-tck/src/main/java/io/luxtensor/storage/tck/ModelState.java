package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The system under test and its model side by side: a store, and per column family a {@link TreeMap}
 * in unsigned key order holding what the store must hold. Snapshots and iterators opened during the
 * run are kept with a frozen copy of the model, to be checked after later writes.
 */
final class ModelState {

  static final List<String> FAMILIES = List.of("default", ContractFixture.SECOND_CF);

  record HeldSnapshot(Snapshot snapshot, Map<String, TreeMap<byte[], byte[]>> frozen) {}

  record HeldIterator(KvIterator iterator, List<String> expected, String description) {}

  private final ContractFixture fixture;
  KeyValueStore store;
  final Map<String, TreeMap<byte[], byte[]>> model = new LinkedHashMap<>();
  final List<HeldSnapshot> snapshots = new ArrayList<>();
  final List<HeldIterator> iterators = new ArrayList<>();

  ModelState(ContractFixture fixture) {
    this.fixture = fixture;
    this.store = fixture.newStore();
    for (String name : FAMILIES) {
      model.put(name, new TreeMap<>(Keys.ORDER));
    }
  }

  boolean persistent() {
    return store.engine().supports(Capability.PERSISTENT);
  }

  boolean transactional() {
    return store.engine().supports(Capability.TRANSACTIONS);
  }

  ColumnFamily cf(String name) {
    return store.columnFamily(name);
  }

  TreeMap<byte[], byte[]> model(String name) {
    return model.get(name);
  }

  Map<String, TreeMap<byte[], byte[]>> frozenModel() {
    Map<String, TreeMap<byte[], byte[]>> copy = new LinkedHashMap<>();
    model.forEach((name, map) -> copy.put(name, new TreeMap<>(map)));
    return copy;
  }

  /** Closes held snapshots and iterators (as a reopen or the end of a run must), then reopens. */
  void reopen() {
    releaseHeld();
    store = fixture.reopen(store);
  }

  void releaseHeld() {
    iterators.forEach(h -> h.iterator().close());
    iterators.clear();
    snapshots.forEach(h -> h.snapshot().close());
    snapshots.clear();
  }

  /** Checks every column family of the store against the model, in both directions. */
  void checkEverything() {
    for (String name : FAMILIES) {
      List<String> expected = TckBytes.describe(model(name));
      try (KvIterator it = store.iterator(cf(name), KeyRange.all(), Direction.FORWARD)) {
        assertThat(TckBytes.drain(it)).as("forward scan of %s", name).isEqualTo(expected);
      }
      try (KvIterator it = store.iterator(cf(name), KeyRange.all(), Direction.REVERSE)) {
        assertThat(TckBytes.drain(it)).as("reverse scan of %s", name).isEqualTo(reversed(expected));
      }
    }
  }

  static List<String> expectedScan(NavigableMap<byte[], byte[]> map, KeyRange range, Direction direction) {
    NavigableMap<byte[], byte[]> view = slice(map, range);
    List<String> out = TckBytes.describe(view);
    return direction == Direction.FORWARD ? out : reversed(out);
  }

  static NavigableMap<byte[], byte[]> slice(NavigableMap<byte[], byte[]> map, KeyRange range) {
    if (range.isEmpty()) {
      return new TreeMap<>(Keys.ORDER);
    }
    NavigableMap<byte[], byte[]> view = map;
    if (range.from() != null) {
      view = view.tailMap(range.from(), true);
    }
    if (range.to() != null) {
      view = view.headMap(range.to(), false);
    }
    return view;
  }

  static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  @Override
  public String toString() {
    Map<String, List<String>> view = new LinkedHashMap<>();
    model.forEach((name, map) -> view.put(name, TckBytes.describe(map)));
    return "model " + view;
  }
}
