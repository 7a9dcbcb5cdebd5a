package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadCacheTest {

  private record Cf(String name) implements EngineColumnFamily {}

  private static final Cf CF = new Cf("default");
  private static final Cf OTHER = new Cf("other");

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final AtomicInteger loads = new AtomicInteger();

  private byte[] load(byte[] value) {
    loads.incrementAndGet();
    return value;
  }

  @Test
  void secondReadOfAKeyIsAnsweredWithoutTheEngine() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.get(CF, b("k"), () -> load(b("v")));
    assertThat(cache.get(CF, b("k"), () -> load(b("other")))).isEqualTo(b("v"));
    assertThat(loads).hasValue(1);
    assertThat(cache.counters()).isEqualTo(new ReadCache.Counters(1, 1, 1, 2 + ReadCache.ENTRY_OVERHEAD));
  }

  @Test
  void absentKeysAreCachedAsAbsent() {
    ReadCache cache = new ReadCache(1 << 20);
    assertThat(cache.get(CF, b("k"), () -> load(null))).isNull();
    assertThat(cache.get(CF, b("k"), () -> load(b("v")))).isNull();
    assertThat(loads).hasValue(1);
  }

  @Test
  void callersCannotChangeCachedValuesOrKeysThroughTheirArrays() {
    ReadCache cache = new ReadCache(1 << 20);
    byte[] key = b("k");
    byte[] first = cache.get(CF, key, () -> b("v"));
    first[0] = 'x';
    key[0] = 'z';
    assertThat(cache.get(CF, b("k"), () -> b("engine"))).isEqualTo(b("v"));
  }

  @Test
  void familiesAreSeparateKeyspaces() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.get(CF, b("k"), () -> b("1"));
    assertThat(cache.get(OTHER, b("k"), () -> b("2"))).isEqualTo(b("2"));
  }

  @Test
  void aWriteDropsTheEntry() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.get(CF, b("k"), () -> b("old"));
    cache.beginWrite(CF, b("k"));
    cache.endWrite(CF, b("k"));
    assertThat(cache.get(CF, b("k"), () -> b("new"))).isEqualTo(b("new"));
  }

  @Test
  void aReadDuringAWriteGoesToTheEngineAndIsNotKept() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.beginWrite(CF, b("k"));
    assertThat(cache.get(CF, b("k"), () -> load(b("during")))).isEqualTo(b("during"));
    cache.endWrite(CF, b("k"));
    assertThat(cache.get(CF, b("k"), () -> load(b("after")))).isEqualTo(b("after"));
    assertThat(loads).hasValue(2);
  }

  @Test
  void writesAnnouncedTogetherDropTheirEntriesKeepReadsUncachedAndAreCachedAgainOnceRetired() {
    ReadCache cache = new ReadCache(1 << 20);
    List<byte[]> keys = new ArrayList<>();
    List<EngineColumnFamily> families = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(b("k" + i));
      families.add(CF);
      cache.get(CF, b("k" + i), () -> b("old"));
    }

    ReadCache.AnnouncedWrites writes = cache.beginWrites(families, keys);
    assertThat(cache.get(CF, b("k7"), () -> load(b("during")))).isEqualTo(b("during"));
    cache.endWrites(writes);

    assertThat(cache.get(CF, b("k7"), () -> load(b("after")))).isEqualTo(b("after"));
    assertThat(cache.get(CF, b("k42"), () -> load(b("after")))).isEqualTo(b("after"));
    assertThat(cache.get(CF, b("k42"), () -> load(b("later")))).as("cached again").isEqualTo(b("after"));
    assertThat(loads).hasValue(3);
  }

  @Test
  void aLoadRacedByAWriteIsNotKept() {
    ReadCache cache = new ReadCache(1 << 20);
    // The write begins and ends while the load is reading the old value from the engine.
    byte[] loaded = cache.get(CF, b("k"), () -> {
      cache.beginWrite(CF, b("k"));
      cache.endWrite(CF, b("k"));
      return b("old");
    });
    assertThat(loaded).isEqualTo(b("old"));
    assertThat(cache.get(CF, b("k"), () -> b("new"))).isEqualTo(b("new"));
  }

  @Test
  void aRangeWriteDropsTheFamilysEntriesInTheRangeOnly() {
    ReadCache cache = new ReadCache(1 << 20);
    for (String k : new String[] {"a", "b", "c"}) {
      cache.get(CF, b(k), () -> b("old"));
    }
    cache.get(OTHER, b("b"), () -> b("old"));
    cache.beginRange(CF, b("b"), b("c"));
    cache.endRange();
    assertThat(cache.get(CF, b("a"), () -> b("new"))).isEqualTo(b("old"));
    assertThat(cache.get(CF, b("b"), () -> b("new"))).isEqualTo(b("new"));
    assertThat(cache.get(CF, b("c"), () -> b("new"))).isEqualTo(b("old"));
    assertThat(cache.get(OTHER, b("b"), () -> b("new"))).isEqualTo(b("old"));
  }

  @Test
  void aDropDropsEveryEntryOfTheFamily() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.get(CF, b("a"), () -> b("old"));
    cache.get(CF, b("z"), () -> b("old"));
    cache.beginRange(CF, null, null);
    cache.endRange();
    assertThat(cache.counters().entries()).isZero();
  }

  @Test
  void entriesAreEvictedPastTheCapacity() {
    // 16 segments of 10 entries' worth each: 1,000 distinct keys cannot all stay.
    long entry = 4 + 4 + ReadCache.ENTRY_OVERHEAD;
    ReadCache cache = new ReadCache(16 * 10 * entry);
    for (int i = 0; i < 1000; i++) {
      int n = i;
      cache.get(CF, String.format("%04d", n).getBytes(StandardCharsets.UTF_8), () -> b("vvvv"));
    }
    ReadCache.Counters counters = cache.counters();
    assertThat(counters.bytes()).isLessThanOrEqualTo(cache.capacityBytes());
    assertThat(counters.entries()).isLessThan(1000).isEqualTo(counters.bytes() / entry);
  }

  @Test
  void anEntryReadAgainOutlivesEntriesReadOnceUnderEviction() {
    long entry = 4 + 4 + ReadCache.ENTRY_OVERHEAD;
    ReadCache cache = new ReadCache(16 * 10 * entry);
    AtomicInteger hotLoads = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      cache.get(CF, b("heat"), () -> {
        hotLoads.incrementAndGet();
        return b("vvvv");
      });
      cache.get(CF, String.format("%04d", i).getBytes(StandardCharsets.UTF_8), () -> b("vvvv"));
    }
    assertThat(hotLoads).as("loads of the key read between every other insert").hasValue(1);
  }

  @Test
  void aFullCacheStoresAKeyOnlyOnItsSecondMiss() {
    long entry = 4 + 4 + ReadCache.ENTRY_OVERHEAD;
    ReadCache cache = new ReadCache(16 * 10 * entry);
    for (int i = 0; i < 1000; i++) {
      cache.get(CF, String.format("%04d", i).getBytes(StandardCharsets.UTF_8), () -> b("vvvv"));
    }
    cache.get(CF, b("once"), () -> load(b("vvvv")));
    cache.get(CF, b("once"), () -> load(b("vvvv")));
    cache.get(CF, b("once"), () -> load(b("vvvv")));
    assertThat(loads).as("loads: the first miss is not stored, the second is").hasValue(2);
  }

  @Test
  void aCacheWithRoomStoresEveryLoad() {
    ReadCache cache = new ReadCache(1 << 20);
    for (int i = 0; i < 100; i++) {
      cache.get(CF, String.format("%04d", i).getBytes(StandardCharsets.UTF_8), () -> b("vvvv"));
    }
    assertThat(cache.counters().entries()).isEqualTo(100);
  }

  @Test
  void countersStayExactThroughManyWritesOfCachedKeys() {
    ReadCache cache = new ReadCache(1 << 20);
    for (int i = 0; i < 10_000; i++) {
      byte[] key = String.format("%02d", i % 50).getBytes(StandardCharsets.UTF_8);
      cache.get(CF, key, () -> b("v"));
      cache.beginWrite(CF, key);
      cache.endWrite(CF, key);
      cache.get(CF, key, () -> b("v"));
    }
    ReadCache.Counters counters = cache.counters();
    assertThat(counters.entries()).isEqualTo(50);
    assertThat(counters.bytes()).isEqualTo(50 * (2 + 1 + ReadCache.ENTRY_OVERHEAD));
  }

  @Test
  void concurrentReadersNeverSeeAValueOlderThanTheLastCompletedWrite() throws InterruptedException {
    ReadCache cache = new ReadCache(1 << 20);
    int keys = 8;
    java.util.concurrent.atomic.AtomicLongArray engine = new java.util.concurrent.atomic.AtomicLongArray(keys);
    java.util.concurrent.atomic.AtomicLongArray completed = new java.util.concurrent.atomic.AtomicLongArray(keys);
    java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable reader = () -> {
      java.util.SplittableRandom random = new java.util.SplittableRandom();
      while (!done.get() && failure.get() == null) {
        int k = random.nextInt(keys);
        long floor = completed.get(k);
        byte[] value = cache.get(CF, new byte[] {(byte) k}, () -> {
          byte[] read = Long.toString(engine.get(k)).getBytes(StandardCharsets.UTF_8);
          Thread.yield(); // widens the window in which a write can overtake the load
          return read;
        });
        long seen = Long.parseLong(new String(value, StandardCharsets.UTF_8));
        if (seen < floor) {
          failure.set("key " + k + ": read " + seen + " after write " + floor + " completed");
        }
      }
    };
    Thread[] readers = {new Thread(reader), new Thread(reader)};
    for (Thread t : readers) {
      t.start();
    }
    // At least 50,000 writes, and on until the readers have been served from the cache while writes
    // ran (a fast writer can finish before a reader's first hit): otherwise the check proves nothing.
    long hitsBefore = cache.counters().hits();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    for (long n = 1; failure.get() == null && (n <= 50_000 || cache.counters().hits() == hitsBefore)
        && System.nanoTime() < deadline; n++) {
      int k = (int) (n % keys);
      byte[] key = {(byte) k};
      cache.beginWrite(CF, key);
      engine.set(k, n);
      cache.endWrite(CF, key);
      completed.set(k, n);
    }
    done.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(cache.counters().hits()).as("hits while writes ran").isGreaterThan(hitsBefore);
  }

  @Test
  void anEntryLargerThanASegmentIsNotCached() {
    ReadCache cache = new ReadCache(16 * 200);
    cache.get(CF, b("k"), () -> load(new byte[1000]));
    cache.get(CF, b("k"), () -> load(new byte[1000]));
    assertThat(loads).hasValue(2);
  }

  @Test
  void clearDropsEverything() {
    ReadCache cache = new ReadCache(1 << 20);
    cache.get(CF, b("k"), () -> b("v"));
    cache.clear();
    assertThat(cache.counters().entries()).isZero();
    assertThat(cache.counters().bytes()).isZero();
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new ReadCache(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingEngine.wrap(null, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
