package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.text;
import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TrieFixture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {

  private TrieFixture fixture;
  private MerklePatriciaTrie trie;

  @BeforeEach
  void openStore() {
    fixture = TrieFixture.inMemory();
    trie = MerklePatriciaTrie.empty(fixture.trieStore());
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  @Test
  void emptyTrieHasTheYellowPaperEmptyRoot() {
    assertThat(trie.rootHash())
        .isEqualTo(Hash.fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"))
        .isEqualTo(MerklePatriciaTrie.EMPTY_ROOT);
  }

  @Test
  void returnsTheValueThatWasPut() {
    trie.put(utf8("dog"), utf8("puppy"));

    assertThat(trie.get(utf8("dog"))).hasValueSatisfying(v -> assertThat(text(v)).isEqualTo("puppy"));
  }

  @Test
  void absentKeyReadsAsEmpty() {
    trie.put(utf8("dog"), utf8("puppy"));

    assertThat(trie.get(utf8("do"))).isEmpty();
  }

  @Test
  void putReplacesTheValue() {
    trie.put(utf8("dog"), utf8("puppy"));
    trie.put(utf8("dog"), utf8("hound"));

    assertThat(trie.get(utf8("dog")).map(TrieTestSupport::text)).hasValue("hound");
  }

  @Test
  void putOfEmptyValueDeletesTheKey() {
    trie.put(utf8("dog"), utf8("puppy"));
    trie.put(utf8("dog"), new byte[0]);

    assertThat(trie.get(utf8("dog"))).isEmpty();
    assertThat(trie.isEmpty()).isTrue();
  }

  @Test
  void deletingAnAbsentKeyKeepsTheRoot() {
    trie.put(utf8("dog"), utf8("puppy"));
    Hash before = trie.rootHash();

    trie.delete(utf8("cat"));

    assertThat(trie.rootHash()).isEqualTo(before);
  }

  @Test
  void keysThatArePrefixesOfOtherKeysKeepTheirOwnValues() {
    trie.put(utf8("do"), utf8("verb"));
    trie.put(utf8("dog"), utf8("puppy"));
    trie.put(utf8("doge"), utf8("coin"));

    assertThat(List.of("do", "dog", "doge")).map(k -> trie.get(utf8(k)).map(TrieTestSupport::text).orElse(null))
        .containsExactly("verb", "puppy", "coin");
  }

  @Test
  void emptyKeyIsAKeyLikeAnyOther() {
    trie.put(new byte[0], utf8("root value"));
    trie.put(utf8("a"), utf8("child"));

    assertThat(trie.get(new byte[0]).map(TrieTestSupport::text)).hasValue("root value");
  }

  @Test
  void deletingEveryKeyGivesTheEmptyRoot() {
    for (String key : List.of("do", "dog", "doge", "horse")) {
      trie.put(utf8(key), utf8(key + "!"));
    }
    for (String key : List.of("dog", "horse", "do", "doge")) {
      trie.delete(utf8(key));
    }

    assertThat(trie.rootHash()).isEqualTo(MerklePatriciaTrie.EMPTY_ROOT);
  }

  @Test
  void putCopiesTheCallersValue() {
    byte[] value = utf8("puppy");
    trie.put(utf8("dog"), value);
    value[0] = 'X';

    assertThat(trie.get(utf8("dog")).map(TrieTestSupport::text)).hasValue("puppy");
  }

  @Test
  void getReturnsACopy() {
    trie.put(utf8("dog"), utf8("puppy"));
    trie.get(utf8("dog")).orElseThrow()[0] = 'X';

    assertThat(trie.get(utf8("dog")).map(TrieTestSupport::text)).hasValue("puppy");
  }

  @Test
  void commitReturnsTheRootHash() {
    trie.put(utf8("dog"), utf8("puppy"));
    Hash expected = trie.rootHash();

    assertThat(trie.commit()).isEqualTo(expected);
  }

  @Test
  void committedTrieReopensWithTheSameContent() {
    for (int i = 0; i < 200; i++) {
      trie.put(utf8("key" + i), utf8("value" + i));
    }
    Hash root = trie.commit();

    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(fixture.freshTrieStore(), root);

    assertThat(reopened.get(utf8("key137")).map(TrieTestSupport::text)).hasValue("value137");
    assertThat(reopened.rootHash()).isEqualTo(root);
  }

  @Test
  void earlierRootStaysReadableAfterLaterCommits() {
    trie.put(utf8("dog"), utf8("puppy"));
    Hash first = trie.commit();
    trie.put(utf8("dog"), utf8("hound"));
    trie.put(utf8("cat"), utf8("kitten"));
    trie.commit();

    MerklePatriciaTrie old = MerklePatriciaTrie.open(fixture.freshTrieStore(), first);

    assertThat(old.get(utf8("dog")).map(TrieTestSupport::text)).hasValue("puppy");
    assertThat(old.get(utf8("cat"))).isEmpty();
  }

  @Test
  void rootUnder32BytesIsStoredSoItReopens() {
    trie.put(utf8("a"), utf8("b"));
    Hash root = trie.commit();

    assertThat(MerklePatriciaTrie.open(fixture.freshTrieStore(), root).get(utf8("a")).map(TrieTestSupport::text))
        .hasValue("b");
  }

  @Test
  void rootShrunkUnder32BytesByDeletesReopens() {
    for (int i = 0; i < 50; i++) {
      trie.put(utf8("k" + i), utf8("v" + i));
    }
    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(fixture.trieStore(), trie.commit());
    for (int i = 1; i < 50; i++) {
      reopened.delete(utf8("k" + i));
    }
    Hash small = reopened.commit();

    assertThat(MerklePatriciaTrie.open(fixture.freshTrieStore(), small).get(utf8("k0")).map(TrieTestSupport::text))
        .hasValue("v0");
  }

  @Test
  void emptyRootOpensWithoutAnyStoredNode() {
    assertThat(MerklePatriciaTrie.open(fixture.trieStore(), MerklePatriciaTrie.EMPTY_ROOT).isEmpty()).isTrue();
  }

  @Test
  void iteratesEntriesInUnsignedKeyOrder() {
    for (String key : List.of("horse", "doge", "do", "dog", "\u00ff", "a")) {
      trie.put(utf8(key), utf8("v"));
    }

    assertThat(keys(trie.iterator(new byte[0]))).containsExactly("a", "do", "dog", "doge", "horse", "\u00ff");
  }

  @Test
  void iterationStartsAtTheStartKeyInclusive() {
    for (String key : List.of("do", "dog", "doge", "horse")) {
      trie.put(utf8(key), utf8("v"));
    }

    assertThat(keys(trie.iterator(utf8("dog")))).containsExactly("dog", "doge", "horse");
  }

  @Test
  void iterationStartsAfterAnAbsentStartKey() {
    for (String key : List.of("do", "dog", "doge", "horse")) {
      trie.put(utf8(key), utf8("v"));
    }

    assertThat(keys(trie.iterator(utf8("dogz")))).containsExactly("horse");
  }

  @Test
  void iteratorSeesTheTrieAsOfItsCreation() {
    trie.put(utf8("a"), utf8("1"));
    Iterator<TrieEntry> iterator = trie.iterator(new byte[0]);
    trie.put(utf8("b"), utf8("2"));
    trie.delete(utf8("a"));

    assertThat(keys(iterator)).containsExactly("a");
  }

  @Test
  void iteratesAReopenedTrie() {
    for (int i = 0; i < 100; i++) {
      trie.put(utf8(String.format("key%03d", i)), utf8("v"));
    }
    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(fixture.freshTrieStore(), trie.commit());

    assertThat(keys(reopened.iterator(utf8("key095")))).containsExactly("key095", "key096", "key097", "key098", "key099");
  }

  private static List<String> keys(Iterator<TrieEntry> iterator) {
    List<String> keys = new ArrayList<>();
    iterator.forEachRemaining(e -> keys.add(text(e.key())));
    return keys;
  }
}
