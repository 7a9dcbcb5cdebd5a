package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run: the life of a trie from first put to pruning. */
class TrieTutorialTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void tutorial() {
    try (KeyValueStore store = StorageEngines.open(StorageConfig.inMemory())) {
      // 1. Nodes live in a column family of any engine.
      TrieStore nodes = TrieStore.open(store, store.createColumnFamily("trie_nodes"));

      // 2. Edit in memory; nothing is hashed or written yet.
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(nodes);
      trie.put(bytes("alice"), bytes("100"));
      trie.put(bytes("bob"), bytes("50"));

      // 3. Commit writes every new node in one atomic batch and names the state by its root.
      Hash genesis = trie.commit();
      trie.put(bytes("alice"), bytes("90"));
      trie.put(bytes("bob"), bytes("60"));
      Hash block1 = trie.commit();

      // 4. Any committed root reopens, however old.
      assertThat(MerklePatriciaTrie.open(nodes, genesis).get(bytes("alice")).map(String::new)).hasValue("100");

      // 5. A proof convinces someone who only knows the root.
      List<byte[]> proof = trie.prove(bytes("bob"));
      Optional<byte[]> proved = MerkleProofs.verify(block1, bytes("bob"), proof);
      assertThat(proved.map(String::new)).hasValue("60");

      // 6. Pruning keeps only what the live roots need.
      nodes.prune(Set.of(block1));
      assertThat(MerklePatriciaTrie.open(nodes, block1).get(bytes("alice")).map(String::new)).hasValue("90");
    }
  }
}
