package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.trie.MerklePatriciaTrie;
import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Range proofs against tries the trie package builds: the exact leaves of a range verify and
 * yield the trie's nodes on their paths, while a leaf dropped, added or changed, or a proof node
 * missing, is refused.
 */
class RangeProofPropertiesTest {

  /** A trie of {@code size} random 32-byte keys committed to a memory store, with the store's lookups. */
  private record Fixture(byte[] root, TreeMap<ByteKey, byte[]> leaves, KeyValueStore kv, ColumnFamily nodes)
      implements AutoCloseable {
    @Override
    public void close() {
      kv.close();
    }

    byte[] node(byte[] hash) {
      return kv.get(nodes, hash);
    }
  }

  private static Fixture trie(Random random, int size, boolean shortValues) {
    KeyValueStore kv = StorageEngines.open(StorageConfig.inMemory());
    ColumnFamily nodes = ColumnFamilies.getOrCreate(kv, "nodes");
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(TrieStore.open(kv, nodes));
    TreeMap<ByteKey, byte[]> leaves = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      byte[] key = Keccak256.hash(new byte[] {(byte) random.nextInt(), (byte) i, (byte) (i >>> 8)});
      byte[] value = new byte[shortValues ? 1 + random.nextInt(3) : 1 + random.nextInt(60)];
      random.nextBytes(value);
      trie.put(key, value);
      leaves.put(new ByteKey(key), value);
    }
    return new Fixture(trie.commit().bytes(), leaves, kv, nodes);
  }

  private static byte[] randomKey(Random random, Fixture fixture) {
    if (random.nextBoolean() && !fixture.leaves().isEmpty()) {
      List<ByteKey> keys = new ArrayList<>(fixture.leaves().keySet());
      return keys.get(random.nextInt(keys.size())).bytes();
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  private static List<byte[]> proof(Fixture fixture, byte[] first, byte[] last) {
    List<byte[]> proof = new ArrayList<>(RangeProof.prove(fixture.root(), first, fixture::node));
    proof.addAll(RangeProof.prove(fixture.root(), last, fixture::node));
    return proof;
  }

  @Property(tries = 100)
  void theExactLeavesOfARangeVerifyAndYieldStoredNodes(@ForAll Random random, @ForAll @IntRange(min = 0, max = 300) int size,
      @ForAll boolean shortValues) {
    try (Fixture fixture = trie(random, size, shortValues)) {
      byte[] a = randomKey(random, fixture);
      byte[] b = randomKey(random, fixture);
      byte[] first = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
      byte[] last = first == a ? b : a;
      Map<ByteKey, byte[]> range = fixture.leaves().subMap(new ByteKey(first), true, new ByteKey(last), true);
      List<byte[]> keys = range.keySet().stream().map(ByteKey::bytes).toList();
      List<byte[]> values = new ArrayList<>(range.values());

      Map<ByteKey, byte[]> built = RangeProof.verify(fixture.root(), first, last, keys, values, proof(fixture, first, last));

      for (Map.Entry<ByteKey, byte[]> node : built.entrySet()) {
        assertThat(fixture.kv().get(fixture.nodes(), node.getKey().bytes())).isEqualTo(node.getValue());
      }
    }
  }

  @Property(tries = 100)
  void aLeafDroppedAddedOrChangedInTheRangeIsRefused(@ForAll Random random, @ForAll @IntRange(min = 2, max = 300) int size,
      @ForAll @IntRange(min = 0, max = 2) int tamper) {
    try (Fixture fixture = trie(random, size, random.nextBoolean())) {
      List<ByteKey> all = new ArrayList<>(fixture.leaves().keySet());
      int from = random.nextInt(all.size());
      int to = from + random.nextInt(all.size() - from);
      byte[] first = from == 0 && random.nextBoolean() ? new byte[32] : all.get(from).bytes();
      byte[] last = all.get(to).bytes();
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      fixture.leaves().subMap(new ByteKey(first), true, new ByteKey(last), true).forEach((k, v) -> {
        keys.add(k.bytes());
        values.add(v);
      });
      int victim = random.nextInt(keys.size());
      switch (tamper) {
        case 0 -> {
          keys.remove(victim);
          values.remove(victim);
        }
        case 1 -> {
          byte[] extra = keys.get(victim).clone();
          extra[31] ^= 1;
          if (fixture.leaves().containsKey(new ByteKey(extra)) || Arrays.compareUnsigned(extra, first) < 0
              || Arrays.compareUnsigned(extra, last) > 0) {
            extra = keys.get(victim).clone();
            values.set(victim, new byte[] {9, 9, 9, 9});
          } else {
            int at = Arrays.compareUnsigned(extra, keys.get(victim)) < 0 ? victim : victim + 1;
            keys.add(at, extra);
            values.add(at, new byte[] {1});
          }
        }
        default -> {
          byte[] changed = values.get(victim).clone();
          changed[0] ^= 0x40;
          values.set(victim, changed);
        }
      }
      List<byte[]> proof = proof(fixture, first, last);

      assertThatThrownBy(() -> RangeProof.verify(fixture.root(), first, last, keys, values, proof))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 40)
  void aRangeWithoutItsBoundaryProofIsRefused(@ForAll Random random, @ForAll @IntRange(min = 20, max = 200) int size) {
    try (Fixture fixture = trie(random, size, false)) {
      List<ByteKey> all = new ArrayList<>(fixture.leaves().keySet());
      int from = 1 + random.nextInt(all.size() - 2);
      byte[] first = all.get(from).bytes();
      byte[] last = all.get(from + random.nextInt(all.size() - 1 - from)).bytes();
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      fixture.leaves().subMap(new ByteKey(first), true, new ByteKey(last), true).forEach((k, v) -> {
        keys.add(k.bytes());
        values.add(v);
      });
      List<byte[]> proof = proof(fixture, first, last);
      byte[] dropped = proof.get(random.nextInt(proof.size()));
      proof.removeIf(node -> Arrays.equals(node, dropped));

      assertThatThrownBy(() -> RangeProof.verify(fixture.root(), first, last, keys, values, proof))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
