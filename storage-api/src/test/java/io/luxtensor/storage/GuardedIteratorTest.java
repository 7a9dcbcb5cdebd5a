package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decorator's iterator over {@link SortedEngine}: reading ahead must not change what a walk sees. */
class GuardedIteratorTest {

  private static final int ENTRIES = 300;

  private SortedEngine engine;
  private KeyValueStore store;
  private ColumnFamily cf;

  @BeforeEach
  void open() {
    engine = new SortedEngine();
    store = StorageEngines.open(SortedEngine.provider(engine), StorageConfig.builder().build());
    cf = store.defaultColumnFamily();
    WriteBatch batch = store.newBatch();
    for (int i = 0; i < ENTRIES; i++) {
      batch.put(cf, key(i), value(i));
    }
    store.write(batch);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] key(int i) {
    return String.format("k%04d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("v" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> walk(KvIterator it) {
    List<String> seen = new ArrayList<>();
    for (; it.isValid(); it.next()) {
      seen.add(text(it.key()) + "=" + text(it.value()));
    }
    return seen;
  }

  private static List<String> expected(int from, int to, boolean forward) {
    List<String> entries = new ArrayList<>();
    for (int i = from; i < to; i++) {
      entries.add(text(key(i)) + "=" + text(value(i)));
    }
    if (!forward) {
      java.util.Collections.reverse(entries);
    }
    return entries;
  }

  @Test
  void scanSeesEveryEntryInOrderWithFewCursorCalls() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      assertThat(walk(it)).isEqualTo(expected(0, ENTRIES, true));
    }
    // 2, 4, ... 64 entries per call, then 64 each: a handful of calls for 300 entries
    assertThat(engine.readAheads.get()).isBetween(1, 11);
  }

  @Test
  void reverseScanOfARangeSeesItsEntriesInReverseOrder() {
    try (KvIterator it = store.iterator(cf, KeyRange.of(key(17), key(233)), Direction.REVERSE)) {
      assertThat(walk(it)).isEqualTo(expected(17, 233, false));
    }
  }

  @Test
  void prefixScanStopsAtTheEndOfThePrefix() {
    try (KvIterator it = store.iterator(cf, KeyRange.prefix("k01".getBytes(StandardCharsets.UTF_8)))) {
      assertThat(walk(it)).isEqualTo(expected(100, 200, true));
    }
  }

  @Test
  void failureReadAheadIsThrownWhenTheWalkReachesTheFailedEntry() {
    engine.damaged.add(text(key(40)));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      List<String> seen = new ArrayList<>();
      assertThatThrownBy(() -> {
        for (; it.isValid(); it.next()) {
          seen.add(text(it.key()) + "=" + text(it.value()));
        }
      }).isInstanceOf(CorruptionException.class).hasMessageContaining("k0040");
      assertThat(seen).isEqualTo(expected(0, 40, true));
      assertThat(it.isValid()).isFalse();
    }
  }

  @Test
  void prevFromInsideABatchStepsBackToTheEntryBeforeTheCurrentOne() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < 20; i++) {
        it.key();
        it.value();
        it.next();
      }
      assertThat(text(it.key())).isEqualTo(text(key(20)));
      it.prev();
      assertThat(text(it.key())).isEqualTo(text(key(19)));
      assertThat(text(it.value())).isEqualTo(text(value(19)));
      it.next();
      assertThat(walk(it)).isEqualTo(expected(20, ENTRIES, true));
    }
  }

  @Test
  void keyReadTwiceIsTheStoredKeyEvenAfterTheCallerChangedTheFirstCopy() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < 10; i++) {
        it.key();
        it.value();
        it.next();
      }
      byte[] first = it.key();
      first[0] = 'X';
      assertThat(text(it.key())).isEqualTo(text(key(10)));
      assertThat(text(it.value())).isEqualTo(text(value(10)));
      it.next();
      assertThat(walk(it)).isEqualTo(expected(11, ENTRIES, true));
    }
  }

  @Test
  void valueOfAnEntryReadAheadWithoutValuesIsReadFromTheStore() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < 30; i++) {
        assertThat(text(it.key())).isEqualTo(text(key(i)));
        it.next();
      }
      assertThat(text(it.value())).isEqualTo(text(value(30)));
      it.next();
      assertThat(walk(it)).isEqualTo(expected(31, ENTRIES, true));
    }
  }

  @Test
  void lastEntryOfARangeCanBeReadAgainAndSteppedBackFrom() {
    try (KvIterator it = store.iterator(cf, KeyRange.of(key(0), key(50)))) {
      for (int i = 0; i < 49; i++) {
        it.key();
        it.value();
        it.next();
      }
      assertThat(text(it.key())).isEqualTo(text(key(49)));
      assertThat(text(it.key())).isEqualTo(text(key(49)));
      it.prev();
      assertThat(text(it.key())).isEqualTo(text(key(48)));
    }
  }

  @Test
  void reverseWalkSteppedBackFromTheLastEntryOfItsRangeReturnsToTheEntryBefore() {
    try (KvIterator it = store.iterator(cf, KeyRange.of(key(10), key(50)), Direction.REVERSE)) {
      it.seek(key(11));
      assertThat(text(it.key())).isEqualTo(text(key(11)));
      it.value();
      it.next(); // reads ahead past the range's lower end
      assertThat(text(it.key())).isEqualTo(text(key(10)));
      it.prev();
      assertThat(text(it.key())).isEqualTo(text(key(11)));
      assertThat(text(it.value())).isEqualTo(text(value(11)));
    }
  }

  @Test
  void lastEntryOfTheFamilyCanBeReadAgainAndSteppedBackFrom() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < ENTRIES - 1; i++) {
        it.key();
        it.next();
      }
      assertThat(text(it.value())).isEqualTo(text(value(ENTRIES - 1)));
      it.prev();
      assertThat(text(it.key())).isEqualTo(text(key(ENTRIES - 2)));
      it.next();
      it.next();
      assertThat(it.isValid()).isFalse();
    }
  }

  @Test
  void entryBeforeAFailureCanBeReadAgain() {
    engine.damaged.add(text(key(20)));
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < 19; i++) {
        it.key();
        it.next();
      }
      assertThat(text(it.key())).isEqualTo(text(key(19)));
      assertThat(text(it.key())).isEqualTo(text(key(19)));
      assertThatThrownBy(it::next).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void seekAfterReadingAheadLandsOnTheTarget() {
    try (KvIterator it = store.iterator(cf, KeyRange.all())) {
      for (int i = 0; i < 10; i++) {
        it.key();
        it.next();
      }
      it.seek(key(5));
      assertThat(walk(it)).isEqualTo(expected(5, ENTRIES, true));
    }
  }

  @Test
  void closedIteratorServesNothingFromWhatItReadAhead() {
    KvIterator it = store.iterator(cf, KeyRange.all());
    it.key();
    it.next();
    it.key();
    it.next(); // inside a batch of 2, more entries ahead
    it.close();
    assertThatThrownBy(it::next).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(it::key).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(it::isValid).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void iteratorClosedByAnotherThreadMidScanFailsAsClosedOrGivesTheRightEntries() throws Exception {
    for (int round = 0; round < 50; round++) {
      KvIterator it = store.iterator(cf, KeyRange.all());
      Thread closer = new Thread(it::close);
      List<String> seen = new ArrayList<>();
      Throwable failure = null;
      closer.start();
      try {
        for (; it.isValid(); it.next()) {
          seen.add(text(it.key()) + "=" + text(it.value()));
        }
      } catch (StoreClosedException e) {
        failure = e;
      }
      closer.join();
      assertThat(seen).isEqualTo(expected(0, seen.size(), true));
      if (failure == null) {
        assertThat(seen).hasSize(ENTRIES);
      }
    }
  }
}
