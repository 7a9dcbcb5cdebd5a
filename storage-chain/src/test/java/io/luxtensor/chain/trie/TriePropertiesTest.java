package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.chain.testing.TrieFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the trie over generated keys. Keys come from a small alphabet, so that they
 * share prefixes, are prefixes of one another and exercise every node shape.
 */
class TriePropertiesTest {

  /** A put (non-empty value) or a delete (null value). */
  record Op(byte[] key, byte[] value) {
    @Override
    public String toString() {
      return (value == null ? "delete " : "put ") + Hex.encode(key);
    }
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x10, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
        .array(byte[].class).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<byte[]>> probes() {
    return keys().list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<byte[]> values() {
    // Short and long values: nodes both embedded (< 32 bytes) and hashed, values in both RLP
    // string forms (long form from 56 bytes).
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
  }

  @Provide
  Arbitrary<Map<byte[], byte[]>> contents() {
    // Keys as a hex-keyed map first, so equal arrays collapse to one entry.
    return Arbitraries.maps(keys().map(Hex::encode), values()).ofMaxSize(40)
        .map(m -> {
          Map<byte[], byte[]> out = new LinkedHashMap<>();
          m.forEach((k, v) -> out.put(Hex.decode(k), v));
          return out;
        });
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> put = Combinators.combine(keys(), values()).as(Op::new);
    Arbitrary<Op> delete = keys().map(k -> new Op(k, null));
    return Arbitraries.frequencyOf(
        Tuple.of(3, put), Tuple.of(1, delete)).list().ofMaxSize(60);
  }

  @Property(tries = 200)
  void rootDoesNotDependOnInsertionOrder(@ForAll("contents") Map<byte[], byte[]> contents, @ForAll Random random) {
    List<Map.Entry<byte[], byte[]>> shuffled = new ArrayList<>(contents.entrySet());
    Collections.shuffle(shuffled, random);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie inOrder = MerklePatriciaTrie.empty(fixture.trieStore());
      contents.forEach(inOrder::put);
      MerklePatriciaTrie reordered = MerklePatriciaTrie.empty(fixture.trieStore());
      shuffled.forEach(e -> reordered.put(e.getKey(), e.getValue()));

      assertThat(reordered.rootHash()).isEqualTo(inOrder.rootHash());
    }
  }

  @Property(tries = 200)
  void insertingThenDeletingEveryKeyGivesTheEmptyRoot(
      @ForAll("contents") Map<byte[], byte[]> contents, @ForAll Random random) {
    List<byte[]> deletionOrder = new ArrayList<>(contents.keySet());
    Collections.shuffle(deletionOrder, random);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      contents.forEach(trie::put);
      trie.commit();
      deletionOrder.forEach(trie::delete);

      assertThat(trie.rootHash()).isEqualTo(MerklePatriciaTrie.EMPTY_ROOT);
    }
  }

  @Property(tries = 200)
  void proofsVerifyPresentKeysAndProveAbsentOnes(
      @ForAll("contents") Map<byte[], byte[]> contents, @ForAll("probes") List<byte[]> probes) {
    TreeMap<byte[], byte[]> model = model(contents);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      contents.forEach(trie::put);
      Hash root = trie.commit();
      List<byte[]> checked = new ArrayList<>(contents.keySet());
      checked.addAll(probes);

      for (byte[] key : checked) {
        assertThat(MerkleProofs.verify(root, key, trie.prove(key)))
            .as("proof for key %s", Hex.encode(key))
            .matches(proved -> sameValue(proved, model.get(key)));
      }
    }
  }

  @Property(tries = 200)
  void reopenedTrieReadsTheSame(@ForAll("operations") List<Op> ops) {
    TreeMap<byte[], byte[]> model = apply(ops);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      ops.forEach(op -> applyTo(trie, op));
      Hash root = trie.commit();

      MerklePatriciaTrie reopened = MerklePatriciaTrie.open(fixture.freshTrieStore(), root);

      assertThat(entries(reopened)).containsExactlyElementsOf(entries(model));
      for (byte[] key : model.keySet()) {
        assertThat(reopened.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(model.get(key)));
      }
    }
  }

  @Property(tries = 300)
  void behavesLikeASortedMap(@ForAll("operations") List<Op> ops, @ForAll("keys") byte[] start) {
    TreeMap<byte[], byte[]> model = apply(ops);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      for (int i = 0; i < ops.size(); i++) {
        applyTo(trie, ops.get(i));
        if (i % 7 == 6) {
          trie.commit();
        }
      }

      assertThat(entries(trie.iterator(start))).containsExactlyElementsOf(entries(model.tailMap(start, true)));
      assertThat(trie.isEmpty()).isEqualTo(model.isEmpty());
    }
  }

  @Property(tries = 200)
  void pruningToTheLatestRootKeepsItsContent(@ForAll("operations") List<Op> ops) {
    TreeMap<byte[], byte[]> model = apply(ops);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      for (int i = 0; i < ops.size(); i++) {
        applyTo(trie, ops.get(i));
        if (i % 5 == 4) {
          trie.commit();
        }
      }
      Hash root = trie.commit();

      fixture.trieStore().prune(Set.of(root));

      assertThat(entries(MerklePatriciaTrie.open(fixture.freshTrieStore(), root))).containsExactlyElementsOf(entries(model));
    }
  }

  @Property(tries = 100)
  void sameOperationsGiveTheSameRootOnEveryEngine(@ForAll("operations") List<Op> ops) {
    Set<Hash> roots = new HashSet<>();
    for (TestEngines.Engine engine : TestEngines.ALL) {
      try (TrieFixture fixture = TrieFixture.on(engine)) {
        MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
        ops.forEach(op -> applyTo(trie, op));
        Hash root = trie.commit();
        assertThat(MerklePatriciaTrie.open(fixture.freshTrieStore(), root).rootHash()).as("engine %s", engine).isEqualTo(root);
        roots.add(root);
      }
    }

    assertThat(roots).hasSize(1);
  }

  private static boolean sameValue(Optional<byte[]> actual, byte[] expected) {
    return expected == null ? actual.isEmpty() : actual.isPresent() && Arrays.equals(actual.get(), expected);
  }

  private static void applyTo(MerklePatriciaTrie trie, Op op) {
    if (op.value() == null) {
      trie.delete(op.key());
    } else {
      trie.put(op.key(), op.value());
    }
  }

  private static TreeMap<byte[], byte[]> model(Map<byte[], byte[]> contents) {
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    model.putAll(contents);
    return model;
  }

  private static TreeMap<byte[], byte[]> apply(List<Op> ops) {
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    for (Op op : ops) {
      if (op.value() == null) {
        model.remove(op.key());
      } else {
        model.put(op.key(), op.value());
      }
    }
    return model;
  }

  private static List<TrieEntry> entries(MerklePatriciaTrie trie) {
    return entries(trie.iterator(new byte[0]));
  }

  private static List<TrieEntry> entries(Iterator<TrieEntry> iterator) {
    List<TrieEntry> out = new ArrayList<>();
    iterator.forEachRemaining(out::add);
    return out;
  }

  private static List<TrieEntry> entries(Map<byte[], byte[]> model) {
    return model.entrySet().stream().map(e -> new TrieEntry(e.getKey(), e.getValue())).toList();
  }
}
