package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TrieFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrieConcurrencyTest {

  private static final int KEYS = 5_000;
  private static final int THREADS = 4;

  @Test
  void triesOnManyThreadsShareOneStoreAndReadCorrectValues() throws Exception {
    byte[][] keys = new byte[KEYS][32];
    byte[][] values = new byte[KEYS][40];
    Random random = new Random(7);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie writer = MerklePatriciaTrie.empty(fixture.trieStore());
      for (int i = 0; i < KEYS; i++) {
        random.nextBytes(keys[i]);
        random.nextBytes(values[i]);
        writer.put(keys[i], values[i]);
      }
      Hash root = writer.commit();
      // A small cache forces constant eviction and reloading while the threads race.
      TrieStore shared = TrieStore.open(fixture.store(), fixture.nodes(), 64);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Callable<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int offset = t;
          readers.add(() -> {
            MerklePatriciaTrie trie = MerklePatriciaTrie.open(shared, root);
            int correct = 0;
            for (int i = 0; i < KEYS; i++) {
              int k = (i + offset * 997) % KEYS;
              if (trie.get(keys[k]).map(v -> Arrays.equals(v, values[k])).orElse(false)) {
                correct++;
              }
            }
            return correct;
          });
        }
        for (Future<Integer> result : pool.invokeAll(readers)) {
          assertThat(result.get()).isEqualTo(KEYS);
        }
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
