package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.TrieFixture;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KvIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Pruning over generated histories: a trie edited through several committed versions, some of
 * whose roots are kept. Whatever the history and the choice, every kept version stays whole and
 * exactly the nodes no kept root reaches are removed.
 */
class TriePrunerPropertiesTest {

  /** A put (non-empty value) or a delete (null value). */
  record Op(byte[] key, byte[] value) {
    @Override
    public String toString() {
      return (value == null ? "delete " : "put ") + Hex.encode(key) + (value == null ? "" : "=" + value.length + "B");
    }
  }

  /** One committed version's edits, and whether its root is kept by the prune. */
  record Version(List<Op> ops, boolean kept) {}

  @Provide
  Arbitrary<List<Version>> histories() {
    Arbitrary<byte[]> keys = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x10, (byte) 0x7f, (byte) 0xff)
        .array(byte[].class).ofMinSize(1).ofMaxSize(4);
    // Short and long values: embedded (< 32 bytes) and hashed nodes both occur.
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(48).injectNull(0.2);
    Arbitrary<Op> ops = Combinators.combine(keys, values).as(Op::new);
    return Combinators.combine(ops.list().ofMaxSize(12), Arbitraries.of(true, false))
        .as(Version::new).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 200)
  void pruningNeverRemovesANodeAKeptRootReaches(@ForAll("histories") List<Version> history) {
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      List<Map<String, byte[]>> contents = new ArrayList<>();
      List<Hash> roots = commitHistory(fixture, history, contents);
      Set<Hash> kept = keptRoots(history, roots);

      fixture.trieStore().prune(kept);

      TrieStore fresh = fixture.freshTrieStore();
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).kept()) {
          assertThat(entries(MerklePatriciaTrie.open(fresh, roots.get(i))))
              .as("version %d after the prune", i).isEqualTo(hexMap(contents.get(i)));
        }
      }
    }
  }

  @Property(tries = 200)
  void pruningLeavesExactlyTheNodesKeptRootsReach(@ForAll("histories") List<Version> history) {
    try (TrieFixture pruned = TrieFixture.inMemory(); TrieFixture rebuilt = TrieFixture.inMemory()) {
      List<Map<String, byte[]>> contents = new ArrayList<>();
      List<Hash> roots = commitHistory(pruned, history, contents);

      pruned.trieStore().prune(keptRoots(history, roots));

      // A store holding only the kept versions, each committed from scratch, holds exactly their
      // reachable nodes, since nodes are keyed by content.
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).kept()) {
          MerklePatriciaTrie trie = MerklePatriciaTrie.empty(rebuilt.trieStore());
          contents.get(i).forEach((key, value) -> trie.put(Hex.decode(key), value));
          trie.commit();
        }
      }
      assertThat(storedKeys(pruned)).isEqualTo(storedKeys(rebuilt));
    }
  }

  private static List<Hash> commitHistory(TrieFixture fixture, List<Version> history, List<Map<String, byte[]>> contents) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
    Map<String, byte[]> model = new TreeMap<>();
    List<Hash> roots = new ArrayList<>();
    for (Version version : history) {
      for (Op op : version.ops()) {
        if (op.value() == null) {
          trie.delete(op.key());
          model.remove(Hex.encode(op.key()));
        } else {
          trie.put(op.key(), op.value());
          model.put(Hex.encode(op.key()), op.value());
        }
      }
      roots.add(trie.commit());
      contents.add(new TreeMap<>(model));
    }
    return roots;
  }

  private static Set<Hash> keptRoots(List<Version> history, List<Hash> roots) {
    Set<Hash> kept = new HashSet<>();
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).kept()) {
        kept.add(roots.get(i));
      }
    }
    return kept;
  }

  private static Map<String, String> hexMap(Map<String, byte[]> content) {
    Map<String, String> out = new TreeMap<>();
    content.forEach((key, value) -> out.put(key, Hex.encode(value)));
    return out;
  }

  private static Map<String, String> entries(MerklePatriciaTrie trie) {
    Map<String, String> out = new TreeMap<>();
    trie.iterator(new byte[0]).forEachRemaining(e -> out.put(Hex.encode(e.key()), Hex.encode(e.value())));
    return out;
  }

  private static Set<String> storedKeys(TrieFixture fixture) {
    Set<String> keys = new HashSet<>();
    try (KvIterator it = fixture.store().iterator(fixture.nodes(), KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        keys.add(Hex.encode(it.key()));
      }
    }
    return keys;
  }
}
