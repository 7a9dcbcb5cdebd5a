package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * The actions of the model-based property: each runs one operation on the store and on the
 * {@link ModelState}'s model, and checks what the store answers against the model. Keys come from a
 * tiny alphabet of bytes around the signed/unsigned boundary (00 01 7f 80 ff), so runs collide on
 * keys and exercise the order.
 */
final class ModelActions {

  private static final int[] ALPHABET = {0x00, 0x01, 0x7F, 0x80, 0xFF};

  private ModelActions() {}

  static ActionChainArbitrary<ModelState> chains(ContractFixture fixture, int maxActions) {
    return ActionChain.startWith(() -> new ModelState(fixture))
        .withAction(6, put())
        .withAction(2, delete())
        .withAction(1, deleteRange())
        .withAction(3, batch())
        .withAction(3, get())
        .withAction(1, multiGet())
        .withAction(3, scan())
        .withAction(2, seekAndStep())
        .withAction(1, count())
        .withAction(1, openSnapshot())
        .withAction(2, checkSnapshot())
        .withAction(1, closeSnapshot())
        .withAction(1, openIterator())
        .withAction(1, drainIterator())
        .withAction(2, transaction())
        .withAction(1, reopen())
        .withAction(1, flushAndCompact())
        .withAction(1, hint())
        .withMaxTransformations(maxActions);
  }

  static Arbitrary<byte[]> keys() {
    return Arbitraries.of(Arrays.stream(ALPHABET).boxed().toList()).list().ofMinSize(1).ofMaxSize(3)
        .map(list -> {
          byte[] key = new byte[list.size()];
          for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (int) list.get(i);
          }
          return key;
        });
  }

  /**
   * Mostly a few bytes; one in eight around and above {@link ColumnFamilyHint#LARGE_VALUE_BYTES}, the
   * size from which a family hinted for large values may keep them apart from their keys.
   */
  static Arbitrary<byte[]> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(7, Arbitraries.bytes().array(byte[].class).ofMaxSize(4)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class)
            .ofMinSize(ColumnFamilyHint.LARGE_VALUE_BYTES - 1).ofMaxSize(2 * ColumnFamilyHint.LARGE_VALUE_BYTES)));
  }

  static Arbitrary<String> families() {
    return Arbitraries.of(ModelState.FAMILIES);
  }

  static Arbitrary<KeyRange> ranges() {
    return Arbitraries.oneOf(
        Arbitraries.just(KeyRange.all()),
        keys().filter(k -> k.length <= 2).map(KeyRange::prefix),
        keys().map(KeyRange::atLeast),
        keys().map(KeyRange::below),
        Combinators.combine(keys(), keys()).as(KeyRange::of));
  }

  static Arbitrary<Direction> directions() {
    return Arbitraries.of(Direction.values());
  }

  private static Action.Independent<ModelState> action(Predicate<ModelState> precondition,
      Arbitrary<Transformer<ModelState>> transformers) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(ModelState state) {
        return precondition.test(state);
      }

      @Override
      public Arbitrary<Transformer<ModelState>> transformer() {
        return transformers;
      }
    };
  }

  private static Action.Independent<ModelState> always(Arbitrary<Transformer<ModelState>> transformers) {
    return action(s -> true, transformers);
  }

  static Action<ModelState> put() {
    return always(Combinators.combine(families(), keys(), values()).as((cf, k, v) ->
        Transformer.mutate("put " + cf + " " + TckBytes.describe(k, v), s -> {
          s.store.put(s.cf(cf), k, v);
          s.model(cf).put(k, v);
        })));
  }

  static Action<ModelState> delete() {
    return always(Combinators.combine(families(), keys()).as((cf, k) ->
        Transformer.mutate("delete " + cf + " " + Keys.toHex(k), s -> {
          s.store.delete(s.cf(cf), k);
          s.model(cf).remove(k);
        })));
  }

  static Action<ModelState> deleteRange() {
    return always(Combinators.combine(families(), keys(), keys()).as((cf, from, to) ->
        Transformer.mutate("deleteRange " + cf + " [" + Keys.toHex(from) + ", " + Keys.toHex(to) + ")", s -> {
          s.store.deleteRange(s.cf(cf), new KeyRange(from, to));
          ModelState.slice(s.model(cf), new KeyRange(from, to)).clear();
        })));
  }

  /** One operation of a batch, applicable to the batch and to the model. */
  private record BatchOp(int kind, String cf, byte[] a, byte[] b) {
    void addTo(ModelState s, WriteBatch batch) {
      switch (kind) {
        case 0 -> batch.put(s.cf(cf), a, b);
        case 1 -> batch.delete(s.cf(cf), a);
        default -> batch.deleteRange(s.cf(cf), new KeyRange(a, b));
      }
    }

    void applyTo(ModelState s) {
      switch (kind) {
        case 0 -> s.model(cf).put(a, b);
        case 1 -> s.model(cf).remove(a);
        default -> ModelState.slice(s.model(cf), new KeyRange(a, b)).clear();
      }
    }

    @Override
    public String toString() {
      return switch (kind) {
        case 0 -> "put " + cf + " " + TckBytes.describe(a, b);
        case 1 -> "delete " + cf + " " + Keys.toHex(a);
        default -> "deleteRange " + cf + " [" + Keys.toHex(a) + ", " + Keys.toHex(b) + ")";
      };
    }
  }

  private static Arbitrary<BatchOp> batchOps() {
    Arbitrary<BatchOp> puts = Combinators.combine(families(), keys(), values()).as((cf, k, v) -> new BatchOp(0, cf, k, v));
    Arbitrary<BatchOp> deletes = Combinators.combine(families(), keys()).as((cf, k) -> new BatchOp(1, cf, k, null));
    Arbitrary<BatchOp> ranges = Combinators.combine(families(), keys(), keys()).as((cf, a, b) -> new BatchOp(2, cf, a, b));
    return Arbitraries.frequencyOf(
        Tuple.of(5, puts), Tuple.of(3, deletes), Tuple.of(1, ranges));
  }

  static Action<ModelState> batch() {
    return always(batchOps().list().ofMinSize(1).ofMaxSize(6).map(ops ->
        Transformer.mutate("batch " + ops, s -> {
          WriteBatch batch = s.store.newBatch();
          ops.forEach(op -> op.addTo(s, batch));
          s.store.write(batch);
          ops.forEach(op -> op.applyTo(s));
        })));
  }

  static Action<ModelState> get() {
    return always(Combinators.combine(families(), keys()).as((cf, k) ->
        Transformer.mutate("get " + cf + " " + Keys.toHex(k), s -> {
          assertThat(s.store.get(s.cf(cf), k)).as("get %s", Keys.toHex(k)).isEqualTo(s.model(cf).get(k));
          assertThat(s.store.contains(s.cf(cf), k)).isEqualTo(s.model(cf).containsKey(k));
        })));
  }

  static Action<ModelState> multiGet() {
    return always(Combinators.combine(families(), keys().list().ofMinSize(1).ofMaxSize(5)).as((cf, ks) ->
        Transformer.mutate("multiGet " + cf + " " + ks.stream().map(Keys::toHex).toList(), s -> {
          List<byte[]> values = s.store.multiGet(s.cf(cf), ks);
          assertThat(values).hasSameSizeAs(ks);
          for (int i = 0; i < ks.size(); i++) {
            assertThat(values.get(i)).as("multiGet %s", Keys.toHex(ks.get(i))).isEqualTo(s.model(cf).get(ks.get(i)));
          }
        })));
  }

  static Action<ModelState> scan() {
    return always(Combinators.combine(families(), ranges(), directions()).as((cf, range, dir) ->
        Transformer.mutate("scan " + cf + " " + range + " " + dir, s -> {
          try (KvIterator it = s.store.iterator(s.cf(cf), range, dir)) {
            assertThat(TckBytes.drain(it)).isEqualTo(ModelState.expectedScan(s.model(cf), range, dir));
          }
        })));
  }

  static Action<ModelState> seekAndStep() {
    return always(Combinators.combine(families(), ranges(), directions(), keys()).as((cf, range, dir, target) ->
        Transformer.mutate("seek " + cf + " " + range + " " + dir + " to " + Keys.toHex(target), s -> {
          NavigableMap<byte[], byte[]> slice = ModelState.slice(s.model(cf), range);
          byte[] expected = dir == Direction.FORWARD ? slice.ceilingKey(target) : slice.floorKey(target);
          try (KvIterator it = s.store.iterator(s.cf(cf), range, dir)) {
            it.seek(target);
            assertPosition(it, expected, slice, "after seek");
            if (expected != null) {
              it.next(); // follows the direction: to a larger key forward, a smaller one in reverse
              byte[] following = dir == Direction.FORWARD ? slice.higherKey(expected) : slice.lowerKey(expected);
              assertPosition(it, following, slice, "after next");
              if (following != null) {
                it.prev();
                assertPosition(it, expected, slice, "after next and prev");
              }
            }
            it.seekToLast();
            assertPosition(it, slice.isEmpty() ? null : slice.lastKey(), slice, "after seekToLast");
            it.seekToFirst();
            assertPosition(it, slice.isEmpty() ? null : slice.firstKey(), slice, "after seekToFirst");
          }
        })));
  }

  private static void assertPosition(KvIterator it, byte[] expectedKey, NavigableMap<byte[], byte[]> slice, String when) {
    if (expectedKey == null) {
      assertThat(it.isValid()).as("iterator valid %s", when).isFalse();
    } else {
      assertThat(it.isValid()).as("iterator valid %s", when).isTrue();
      assertThat(TckBytes.describe(it.key(), it.value())).as("entry %s", when)
          .isEqualTo(TckBytes.describe(expectedKey, slice.get(expectedKey)));
    }
  }

  static Action<ModelState> count() {
    return always(Combinators.combine(families(), ranges()).as((cf, range) ->
        Transformer.mutate("count " + cf + " " + range, s ->
            assertThat(s.store.count(s.cf(cf), range)).isEqualTo(ModelState.slice(s.model(cf), range).size()))));
  }

  static Action<ModelState> openSnapshot() {
    return action(s -> s.snapshots.size() < 3, Arbitraries.just(Transformer.mutate("open snapshot", s ->
        s.snapshots.add(new ModelState.HeldSnapshot(s.store.snapshot(), s.frozenModel())))));
  }

  static Action<ModelState> checkSnapshot() {
    return action(s -> !s.snapshots.isEmpty(), Combinators.combine(Arbitraries.integers().between(0, 2), families(), keys())
        .as((index, cf, k) -> Transformer.mutate("check snapshot " + index + " " + cf + " at " + Keys.toHex(k), s -> {
          ModelState.HeldSnapshot held = s.snapshots.get(index % s.snapshots.size());
          Snapshot snapshot = held.snapshot();
          TreeMap<byte[], byte[]> frozen = held.frozen().get(cf);
          assertThat(snapshot.get(s.cf(cf), k)).as("snapshot get %s", Keys.toHex(k)).isEqualTo(frozen.get(k));
          try (KvIterator it = snapshot.iterator(s.cf(cf), KeyRange.all(), Direction.FORWARD)) {
            assertThat(TckBytes.drain(it)).as("snapshot scan").isEqualTo(TckBytes.describe(frozen));
          }
        })));
  }

  static Action<ModelState> closeSnapshot() {
    return action(s -> !s.snapshots.isEmpty(), Arbitraries.just(Transformer.mutate("close oldest snapshot", s ->
        s.snapshots.remove(0).snapshot().close())));
  }

  static Action<ModelState> openIterator() {
    return action(s -> s.iterators.size() < 3, Combinators.combine(families(), ranges(), directions()).as((cf, range, dir) ->
        Transformer.mutate("open iterator " + cf + " " + range + " " + dir, s -> s.iterators.add(new ModelState.HeldIterator(
            s.store.iterator(s.cf(cf), range, dir), ModelState.expectedScan(s.model(cf), range, dir), cf + " " + range)))));
  }

  static Action<ModelState> drainIterator() {
    return action(s -> !s.iterators.isEmpty(), Arbitraries.just(Transformer.mutate("drain oldest iterator", s -> {
      ModelState.HeldIterator held = s.iterators.remove(0);
      try (KvIterator it = held.iterator()) {
        assertThat(TckBytes.drain(it)).as("iterator opened earlier over %s", held.description()).isEqualTo(held.expected());
      }
    })));
  }

  static Action<ModelState> transaction() {
    Arbitrary<BatchOp> ops = Arbitraries.oneOf(
        Combinators.combine(families(), keys(), values()).as((cf, k, v) -> new BatchOp(0, cf, k, v)),
        Combinators.combine(families(), keys()).as((cf, k) -> new BatchOp(1, cf, k, null)));
    return action(ModelState::transactional, Combinators.combine(ops.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
        .as((list, commit) -> Transformer.mutate((commit ? "commit" : "roll back") + " transaction " + list, s -> {
          List<BatchOp> applied = new ArrayList<>();
          try (Transaction tx = s.store.beginTransaction()) {
            for (BatchOp op : list) {
              if (op.kind() == 0) {
                tx.put(s.cf(op.cf()), op.a(), op.b());
              } else {
                tx.delete(s.cf(op.cf()), op.a());
              }
              applied.add(op);
              byte[] expected = op.kind() == 0 ? op.b() : null;
              assertThat(tx.get(s.cf(op.cf()), op.a())).as("transaction reads its own write").isEqualTo(expected);
            }
            String cf = list.get(list.size() - 1).cf();
            TreeMap<byte[], byte[]> seen = new TreeMap<>(s.model(cf));
            list.stream().filter(op -> op.cf().equals(cf)).forEach(op -> {
              if (op.kind() == 0) {
                seen.put(op.a(), op.b());
              } else {
                seen.remove(op.a());
              }
            });
            try (KvIterator it = tx.iterator(s.cf(cf), KeyRange.all(), Direction.REVERSE)) {
              assertThat(TckBytes.drain(it)).as("transaction's view of %s, its writes over the store", cf)
                  .isEqualTo(ModelState.reversed(TckBytes.describe(seen)));
            }
            if (commit) {
              tx.commit();
              applied.forEach(op -> op.applyTo(s));
            } else {
              tx.rollback();
            }
          }
        })));
  }

  static Action<ModelState> reopen() {
    return action(ModelState::persistent, Arbitraries.just(Transformer.mutate("close and reopen", s -> {
      s.reopen();
      s.checkEverything();
    })));
  }

  /** Hints change no answer, so the model stays as it is; the reads after them check that. */
  static Action<ModelState> hint() {
    return always(Combinators.combine(families(), Arbitraries.subsetOf(ColumnFamilyHint.values())).as((cf, hints) ->
        Transformer.mutate("hint " + cf + " " + hints, s -> s.store.hint(s.cf(cf), hints))));
  }

  static Action<ModelState> flushAndCompact() {
    return always(Combinators.combine(families(), ranges()).as((cf, range) ->
        Transformer.mutate("flush, compact " + cf + " " + range, s -> {
          s.store.flush();
          s.store.compact(s.cf(cf), range);
          s.checkEverything();
        })));
  }
}
