package io.luxtensor.storage.tck;

import static io.luxtensor.storage.tck.TckBytes.bytes;
import static io.luxtensor.storage.tck.TckBytes.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The serializability check behind {@link IsolationExamples}: a few {@link Isolation#SERIALIZABLE}
 * transactions over keys {@code k0..k3}, each reading some keys (by point reads and by an iterator
 * over a range, absent keys included) and then writing values computed from what it read, run in a
 * random interleaving of their three steps (begin and read, write, commit). Some commits fail with
 * {@link TransactionConflictException}. The committed ones are then replayed in commit order on a
 * {@link TreeMap} model: each must have read exactly the model's values at its turn, and the store
 * must end equal to the model. A commit no other commit overlapped (none since it began) must
 * succeed, so an engine that refuses everything fails too. Not thread-safe; one store per run.
 */
final class SerializableHistory {

  private static final int KEYS = 4;

  /**
   * One transaction: the keys it reads by {@code get}, the key range {@code [scanFrom, scanTo)} it
   * iterates (empty when equal), and the keys it writes.
   */
  record Tx(List<Integer> gets, int scanFrom, int scanTo, List<Integer> writes) {}

  /**
   * Initial values per key ({@code -1}: absent), the transactions, and the interleaving: each entry
   * moves that transaction to its next step; steps still pending after the list run in order.
   */
  record Schedule(List<Integer> initial, List<Tx> transactions, List<Integer> steps) {}

  static Arbitrary<Schedule> schedules() {
    Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
    Arbitrary<Tx> tx = Combinators.combine(key.list().uniqueElements().ofMaxSize(3), key, key,
            key.list().uniqueElements().ofMinSize(1).ofMaxSize(2))
        .as((gets, a, b, writes) -> new Tx(gets, Math.min(a, b), Math.max(a, b), writes));
    return Combinators.combine(
            Arbitraries.integers().between(-1, 9).list().ofSize(KEYS),
            tx.list().ofMinSize(2).ofMaxSize(4))
        .flatAs((initial, transactions) -> Arbitraries.integers().between(0, transactions.size() - 1)
            .list().ofMaxSize(3 * transactions.size())
            .map(steps -> new Schedule(initial, transactions, steps)));
  }

  private final KeyValueStore store;
  private final ColumnFamily cf;

  SerializableHistory(KeyValueStore store) {
    this.store = store;
    this.cf = store.defaultColumnFamily();
  }

  /** A transaction's progress: its handle, what it read (null for absent) and where it stands. */
  private static final class Running {
    final int id;
    final Tx tx;
    Transaction handle;
    final Map<Integer, Integer> read = new HashMap<>();
    int step;
    int commitsAtBegin;

    Running(int id, Tx tx) {
      this.id = id;
      this.tx = tx;
    }
  }

  void run(Schedule schedule) {
    for (int k = 0; k < KEYS; k++) {
      if (schedule.initial().get(k) >= 0) {
        store.put(cf, key(k), bytes(String.valueOf(schedule.initial().get(k))));
      }
    }
    List<Running> running = new ArrayList<>();
    for (int i = 0; i < schedule.transactions().size(); i++) {
      running.add(new Running(i, schedule.transactions().get(i)));
    }
    List<Running> committed = new ArrayList<>();
    try {
      for (int id : schedule.steps()) {
        advance(running.get(id), committed);
      }
      for (Running r : running) {
        while (r.step < 3) {
          advance(r, committed);
        }
      }
    } finally {
      running.stream().filter(r -> r.handle != null).forEach(r -> r.handle.close());
    }
    replay(schedule, committed);
  }

  private void advance(Running r, List<Running> committed) {
    switch (r.step++) {
      case 0 -> {
        r.handle = store.beginTransaction(Isolation.SERIALIZABLE);
        r.commitsAtBegin = committed.size();
        for (int k : r.tx.gets()) {
          r.read.put(k, number(r.handle.get(cf, key(k))));
        }
        if (r.tx.scanFrom() < r.tx.scanTo()) {
          Map<Integer, Integer> seen = new HashMap<>();
          try (KvIterator it = r.handle.iterator(cf, KeyRange.of(key(r.tx.scanFrom()), key(r.tx.scanTo())))) {
            it.stream().forEach(e -> seen.put(index(e), number(e.value())));
          }
          for (int k = r.tx.scanFrom(); k < r.tx.scanTo(); k++) {
            r.read.put(k, seen.get(k));
          }
        }
      }
      case 1 -> {
        for (int k : r.tx.writes()) {
          r.handle.put(cf, key(k), bytes(String.valueOf(written(r, k))));
        }
      }
      case 2 -> {
        try {
          r.handle.commit();
          committed.add(r);
        } catch (TransactionConflictException e) {
          assertThat(committed.size())
              .as("transaction %d failed with a conflict although nothing committed since it began: %s", r.id, e.getMessage())
              .isGreaterThan(r.commitsAtBegin);
        }
      }
      default -> {
        // finished: later steps of a done transaction are no-ops
      }
    }
  }

  /** The value a transaction writes to key {@code k}: a function of everything it read. */
  private static int written(Running r, int k) {
    int sum = r.read.values().stream().mapToInt(v -> v == null ? 0 : v).sum();
    return sum * 10 + 100 * (r.id + 1) + k;
  }

  private void replay(Schedule schedule, List<Running> committed) {
    Map<Integer, Integer> model = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      if (schedule.initial().get(k) >= 0) {
        model.put(k, schedule.initial().get(k));
      }
    }
    for (int turn = 0; turn < committed.size(); turn++) {
      Running r = committed.get(turn);
      for (Map.Entry<Integer, Integer> read : r.read.entrySet()) {
        assertThat(read.getValue())
            .as("transaction %d, committed %s, read k%d; serially at that point it holds %s",
                r.id, ordinal(turn), read.getKey(), model.get(read.getKey()))
            .isEqualTo(model.get(read.getKey()));
      }
      for (int k : r.tx.writes()) {
        model.put(k, written(r, k));
      }
    }
    Map<Integer, Integer> stored = new TreeMap<>();
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      it.stream().forEach(e -> stored.put(index(e), number(e.value())));
    }
    assertThat(stored).as("the store after every commit, against the serial replay").isEqualTo(model);
  }

  private static String ordinal(int turn) {
    return "#" + (turn + 1);
  }

  private static byte[] key(int k) {
    return bytes("k" + k);
  }

  private static int index(KeyValue entry) {
    return Integer.parseInt(text(entry.key()).substring(1));
  }

  private static Integer number(byte[] value) {
    return value == null ? null : Integer.valueOf(text(value));
  }
}
