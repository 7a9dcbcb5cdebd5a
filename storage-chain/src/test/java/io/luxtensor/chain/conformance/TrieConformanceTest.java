package io.luxtensor.chain.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.ConformanceFiles;
import io.luxtensor.chain.testing.TrieFixture;
import io.luxtensor.chain.trie.MerklePatriciaTrie;
import io.luxtensor.chain.trie.SecureTrie;
import io.luxtensor.chain.trie.TrieEntry;
import io.luxtensor.chain.trie.TrieStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of ethereum/tests TrieTests, read from the shared conformance directory at test time. */
class TrieConformanceTest {

  static final String ORDERED = "TrieTests/trietest.json";
  static final String ORDERED_SECURE = "TrieTests/trietest_secureTrie.json";
  static final String ANY_ORDER = "TrieTests/trieanyorder.json";
  static final String ANY_ORDER_SECURE = "TrieTests/trieanyorder_secureTrie.json";
  static final String HEX_SECURE = "TrieTests/hex_encoded_securetrie_test.json";
  static final String NEXT_PREV = "TrieTests/trietestnextprev.json";

  /** One key/value operation; a null value deletes. */
  record Op(byte[] key, byte[] value) {}

  /** A trie under test, plain or secure, so one test body serves both file families. */
  interface AnyTrie {
    void apply(Op op);

    Hash rootHash();

    Hash commit();
  }

  static Stream<Arguments> orderedCases() {
    return Stream.concat(casesOf(ORDERED, false), casesOf(ORDERED_SECURE, true));
  }

  static Stream<Arguments> anyOrderCases() {
    return Stream.of(casesOf(ANY_ORDER, false), casesOf(ANY_ORDER_SECURE, true), casesOf(HEX_SECURE, true))
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orderedCases")
  void orderedOperationsGiveExpectedRoot(String name, boolean secure, Map<String, Object> testCase) {
    List<Op> ops = orderedOps(testCase);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      AnyTrie trie = newTrie(fixture.trieStore(), secure);
      ops.forEach(trie::apply);

      assertThat(trie.rootHash()).isEqualTo(expectedRoot(testCase));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orderedCases")
  void orderedOperationsCommitExpectedRoot(String name, boolean secure, Map<String, Object> testCase) {
    List<Op> ops = orderedOps(testCase);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      AnyTrie trie = newTrie(fixture.trieStore(), secure);
      for (Op op : ops) {
        trie.apply(op);
        trie.commit();
      }

      assertThat(trie.commit()).isEqualTo(expectedRoot(testCase));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anyOrderCases")
  void insertsInFileOrderGiveExpectedRoot(String name, boolean secure, Map<String, Object> testCase) {
    List<Op> ops = unorderedOps(testCase);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      AnyTrie trie = newTrie(fixture.trieStore(), secure);
      ops.forEach(trie::apply);

      assertThat(trie.commit()).isEqualTo(expectedRoot(testCase));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anyOrderCases")
  void insertsInReverseOrderGiveExpectedRoot(String name, boolean secure, Map<String, Object> testCase) {
    List<Op> ops = new ArrayList<>(unorderedOps(testCase));
    Collections.reverse(ops);
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      AnyTrie trie = newTrie(fixture.trieStore(), secure);
      ops.forEach(trie::apply);

      assertThat(trie.rootHash()).isEqualTo(expectedRoot(testCase));
    }
  }

  static Stream<Arguments> neighbourCases() {
    List<Arguments> all = new ArrayList<>();
    ConformanceFiles.cases(NEXT_PREV).forEach((name, value) -> {
      Map<?, ?> testCase = (Map<?, ?>) value;
      for (Object probe : (List<?>) testCase.get("tests")) {
        List<?> row = (List<?>) probe;
        all.add(Arguments.of(name + " " + row, testCase.get("in"), row.get(0), row.get(1), row.get(2)));
      }
    });
    assertThat(all).as("probes in %s", NEXT_PREV).isNotEmpty();
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("neighbourCases")
  void iterationFindsNeighboursOfProbe(String name, List<String> keys, String probe, String prev, String next) {
    try (TrieFixture fixture = TrieFixture.inMemory()) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.empty(fixture.trieStore());
      for (String key : keys) {
        trie.put(utf8(key), utf8(key));
      }
      trie.commit();

      assertThat(neighbours(trie, utf8(probe))).containsExactly(prev, next);
    }
  }

  @Test
  void everyTrieVectorFileIsExercised() {
    List<String> files = ConformanceFiles.allJsonFiles().stream().filter(f -> f.startsWith("TrieTests/")).toList();

    assertThat(files).containsExactlyInAnyOrder(ORDERED, ORDERED_SECURE, ANY_ORDER, ANY_ORDER_SECURE, HEX_SECURE, NEXT_PREV);
  }

  /** Greatest key below and smallest key above {@code probe}, "" for none, both found by iterating the trie. */
  private static List<String> neighbours(MerklePatriciaTrie trie, byte[] probe) {
    String prev = "";
    for (Iterator<TrieEntry> it = trie.iterator(new byte[0]); it.hasNext(); ) {
      byte[] key = it.next().key();
      if (Arrays.compareUnsigned(key, probe) >= 0) {
        break;
      }
      prev = new String(key, StandardCharsets.UTF_8);
    }
    String next = "";
    for (Iterator<TrieEntry> it = trie.iterator(probe); it.hasNext(); ) {
      byte[] key = it.next().key();
      if (!Arrays.equals(key, probe)) {
        next = new String(key, StandardCharsets.UTF_8);
        break;
      }
    }
    return List.of(prev, next);
  }

  @SuppressWarnings("unchecked")
  private static Stream<Arguments> casesOf(String file, boolean secure) {
    Map<String, Object> cases = ConformanceFiles.cases(file);
    assertThat(cases).as("cases in %s", file).isNotEmpty();
    return cases.entrySet().stream()
        .map(e -> Arguments.of(file + " " + e.getKey(), secure, (Map<String, Object>) e.getValue()));
  }

  private static AnyTrie newTrie(TrieStore store, boolean secure) {
    if (secure) {
      SecureTrie trie = SecureTrie.empty(store);
      return new AnyTrie() {
        @Override
        public void apply(Op op) {
          if (op.value() == null) {
            trie.delete(op.key());
          } else {
            trie.put(op.key(), op.value());
          }
        }

        @Override
        public Hash rootHash() {
          return trie.rootHash();
        }

        @Override
        public Hash commit() {
          return trie.commit();
        }
      };
    }
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    return new AnyTrie() {
      @Override
      public void apply(Op op) {
        if (op.value() == null) {
          trie.delete(op.key());
        } else {
          trie.put(op.key(), op.value());
        }
      }

      @Override
      public Hash rootHash() {
        return trie.rootHash();
      }

      @Override
      public Hash commit() {
        return trie.commit();
      }
    };
  }

  private static List<Op> orderedOps(Map<String, Object> testCase) {
    List<Op> ops = new ArrayList<>();
    for (Object pair : (List<?>) testCase.get("in")) {
      List<?> kv = (List<?>) pair;
      ops.add(new Op(bytes((String) kv.get(0)), kv.get(1) == null ? null : bytes((String) kv.get(1))));
    }
    return ops;
  }

  private static List<Op> unorderedOps(Map<String, Object> testCase) {
    // "hexEncoded": true declares every string hex, whatever its prefix.
    boolean allHex = Boolean.TRUE.equals(testCase.get("hexEncoded"));
    java.util.function.Function<String, byte[]> decode = allHex ? Hex::decode : TrieConformanceTest::bytes;
    List<Op> ops = new ArrayList<>();
    ((Map<?, ?>) testCase.get("in")).forEach((k, v) -> ops.add(new Op(decode.apply((String) k), decode.apply((String) v))));
    return ops;
  }

  private static Hash expectedRoot(Map<String, Object> testCase) {
    return Hash.fromHex((String) testCase.get("root"));
  }

  /** The files' notation: "0x..." is hex, anything else UTF-8. */
  private static byte[] bytes(String text) {
    return text.startsWith("0x") ? Hex.decode(text) : utf8(text);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
