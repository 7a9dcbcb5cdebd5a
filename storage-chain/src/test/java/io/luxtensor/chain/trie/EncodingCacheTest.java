package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EncodingCacheTest {

  private static final int CHUNK = EncodingCache.CHUNK_BYTES;

  @Test
  void aValuePutIsReturnedAsACopyOfItsOwn() {
    EncodingCache cache = new EncodingCache(1 << 20);
    byte[] value = {1, 2, 3};

    cache.put(key(7, 0), value);
    value[0] = 9;
    byte[] read = cache.get(key(7, 0));
    read[1] = 9;

    assertThat(cache.get(key(7, 0))).containsExactly(1, 2, 3);
  }

  @Test
  void aKeyNeverPutIsAMiss() {
    EncodingCache cache = new EncodingCache(1 << 20);
    cache.put(key(1, 0), new byte[] {1});

    assertThat(cache.get(key(2, 0))).isNull();
  }

  @Test
  void keysSharingTheirFirstEightBytesNeverAnswerForEachOther() {
    EncodingCache cache = new EncodingCache(1 << 20);
    cache.put(key(5, 1), new byte[] {1});
    cache.put(key(5, 2), new byte[] {2});

    assertThat(cache.get(key(5, 1))).as("replaced by the other key, so a miss, not its value").isNull();
    assertThat(cache.get(key(5, 2))).containsExactly(2);
    cache.remove(key(5, 1));
    assertThat(cache.get(key(5, 2))).as("removing another key with the same prefix keeps it").containsExactly(2);
  }

  @Test
  void aPutReplacesTheValueOfTheSameKey() {
    EncodingCache cache = new EncodingCache(1 << 20);
    cache.put(key(3, 0), new byte[] {1});
    cache.put(key(3, 0), new byte[] {2, 2});

    assertThat(cache.get(key(3, 0))).containsExactly(2, 2);
  }

  @Test
  void aRemovedKeyIsAMiss() {
    EncodingCache cache = new EncodingCache(1 << 20);
    cache.put(key(3, 0), new byte[] {1});

    cache.remove(key(3, 0));

    assertThat(cache.get(key(3, 0))).isNull();
  }

  @Test
  void onceTheRingIsFullTheOldestEntriesAreForgottenAndTheNewestKept() {
    EncodingCache cache = new EncodingCache(2L * CHUNK); // one segment of two chunks
    byte[] value = new byte[1000];
    int perChunk = CHUNK / (EncodingCache.KEY_BYTES + 2 + value.length);
    int entries = 5 * perChunk;
    for (int i = 0; i < entries; i++) {
      cache.put(key(i, 0), value);
    }

    assertThat(cache.get(key(0, 0))).isNull();
    assertThat(cache.get(key(2 * perChunk, 0))).isNull();
    assertThat(cache.get(key(entries - 1, 0))).hasSize(value.length);
    assertThat(cache.get(key(4 * perChunk, 0))).hasSize(value.length);
  }

  @Test
  void aRingThatLapsManyTimesKeepsItsTableSizeAndEveryIntactEntryFindable() {
    EncodingCache cache = new EncodingCache(2L * CHUNK); // one segment of two chunks
    byte[] value = new byte[10];
    int perChunk = CHUNK / (EncodingCache.KEY_BYTES + 2 + value.length);
    // Random prefixes collide in the table's low bits, so overwritten entries sit inside probe runs
    // of intact ones when the table is purged of them.
    Random random = new Random(7);
    long[] prefixes = new long[60 * perChunk];
    long slotsAfterTheFirstLaps = 0;
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = random.nextLong();
      cache.put(key(prefixes[i], 0), value);
      if (i == 10 * perChunk) {
        slotsAfterTheFirstLaps = cache.tableSlots();
      }
      if (i >= perChunk && i % (perChunk / 8) == 0) {
        // The last chunk's worth of entries is always intact, whenever the last purge happened.
        for (int j = i - perChunk + 1; j <= i; j++) {
          assertThat(cache.get(key(prefixes[j], 0))).as("entry %d after %d puts", j, i + 1).isEqualTo(value);
        }
      }
    }

    assertThat(cache.tableSlots()).isEqualTo(slotsAfterTheFirstLaps);
  }

  @Test
  void itNeverAllocatesMoreThanItsCapacity() {
    EncodingCache cache = new EncodingCache(64L * CHUNK);
    for (int i = 0; i < 100_000; i++) {
      cache.put(key(ThreadLocalRandom.current().nextLong(), i), new byte[ThreadLocalRandom.current().nextInt(600)]);
    }

    assertThat(cache.allocatedBytes()).isLessThanOrEqualTo(cache.capacityBytes()).isEqualTo(64L * CHUNK);
  }

  @Test
  void itAllocatesChunksOnlyAsItFills() {
    EncodingCache cache = new EncodingCache(512L << 20);

    cache.put(key(1, 0), new byte[100]);

    assertThat(cache.allocatedBytes()).isEqualTo(CHUNK);
  }

  @Test
  void aValueLargerThanAnEighthOfAChunkIsNotKept() {
    EncodingCache cache = new EncodingCache(1 << 20);

    cache.put(key(1, 0), new byte[EncodingCache.MAX_VALUE_BYTES + 1]);
    cache.put(key(2, 0), new byte[EncodingCache.MAX_VALUE_BYTES]);

    assertThat(cache.get(key(1, 0))).isNull();
    assertThat(cache.get(key(2, 0))).hasSize(EncodingCache.MAX_VALUE_BYTES);
  }

  @Test
  void aCacheOfZeroBytesKeepsNothing() {
    EncodingCache cache = new EncodingCache(0);

    cache.put(key(1, 0), new byte[] {1});

    assertThat(cache.get(key(1, 0))).isNull();
    assertThat(cache.allocatedBytes()).isZero();
  }

  @Test
  void keysThatAreNotHashesAreRefused() {
    EncodingCache cache = new EncodingCache(1 << 20);

    assertThatThrownBy(() -> cache.get(new byte[20])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32-byte");
  }

  /**
   * Against a map, with keys crowded into a few table slots (long probe runs, removals from their
   * middle) and a cache too large to forget anything: every answer is the map's.
   */
  @Property(tries = 200)
  void withoutEvictionItAnswersExactlyAsAMap(@ForAll("operations") List<Operation> operations) {
    EncodingCache cache = new EncodingCache(4L << 20);
    Map<Long, byte[]> model = new HashMap<>();
    for (Operation op : operations) {
      byte[] key = key(op.prefix(), op.suffix());
      long id = op.prefix() * 4 + op.suffix();
      switch (op.kind()) {
        case 0 -> {
          cache.put(key, op.value());
          model.keySet().removeIf(other -> other / 4 == op.prefix()); // a shared prefix replaces
          model.put(id, op.value());
        }
        case 1 -> {
          cache.remove(key);
          model.remove(id);
        }
        default -> assertThat(cache.get(key)).isEqualTo(model.get(id));
      }
    }
    for (Map.Entry<Long, byte[]> entry : model.entrySet()) {
      assertThat(cache.get(key(entry.getKey() / 4, (int) (entry.getKey() % 4)))).isEqualTo(entry.getValue());
    }
  }

  /** With eviction: an answer is the latest value put for the key, or a miss; never another key's value. */
  @Property(tries = 100)
  void withEvictionAnAnswerIsTheLatestValueOrAMiss(@ForAll("operations") List<Operation> operations) {
    EncodingCache cache = new EncodingCache(2L * CHUNK);
    Map<Long, byte[]> latest = new HashMap<>();
    for (Operation op : operations) {
      byte[] key = key(op.prefix(), op.suffix());
      long id = op.prefix() * 4 + op.suffix();
      byte[] big = ByteBuffer.allocate(op.value().length + 5000).put(op.value()).array();
      switch (op.kind()) {
        case 0 -> {
          cache.put(key, big);
          latest.put(id, big);
        }
        case 1 -> {
          cache.remove(key);
          latest.remove(id);
        }
        default -> {
          byte[] read = cache.get(key);
          if (read != null) {
            assertThat(read).isEqualTo(latest.get(id));
          }
        }
      }
    }
  }

  @Test
  void readersRacingWritersGetTheValueOfTheirKeyOrAMiss() throws Exception {
    EncodingCache cache = new EncodingCache(8L * CHUNK);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        running.add(threads.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < 200_000; i++) {
            int k = random.nextInt(5_000);
            if (random.nextBoolean()) {
              cache.put(key(k, 0), valueOf(k));
            } else {
              byte[] read = cache.get(key(k, 0));
              if (read != null) {
                assertThat(read).isEqualTo(valueOf(k));
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> run : running) {
        run.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  record Operation(int kind, long prefix, int suffix, byte[] value) {}

  @Provide
  Arbitrary<List<Operation>> operations() {
    Arbitrary<Operation> operation = Combinators.combine(
        Arbitraries.integers().between(0, 2),
        Arbitraries.longs().between(0, 40).map(slot -> slot * 1024 + (slot % 3)), // same segment, crowded slots
        Arbitraries.integers().between(0, 1),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(Operation::new);
    return operation.list().ofMaxSize(300);
  }

  private static byte[] valueOf(int k) {
    return ByteBuffer.allocate(8 + k % 300).putInt(k).putInt(~k).array();
  }

  /** A 32-byte key whose first eight bytes are {@code prefix} and whose last byte is {@code suffix}. */
  private static byte[] key(long prefix, int suffix) {
    byte[] key = ByteBuffer.allocate(EncodingCache.KEY_BYTES).putLong(prefix).array();
    key[EncodingCache.KEY_BYTES - 1] = (byte) suffix;
    return key;
  }
}
