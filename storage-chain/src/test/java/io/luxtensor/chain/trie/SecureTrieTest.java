package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.testing.TrieFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecureTrieTest {

  private TrieFixture fixture;
  private SecureTrie trie;

  @BeforeEach
  void openStore() {
    fixture = TrieFixture.inMemory();
    trie = SecureTrie.empty(fixture.trieStore());
    for (String key : List.of("do", "dog", "doge", "horse")) {
      trie.put(utf8(key), utf8(key + " value"));
    }
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  @Test
  void rootEqualsPlainTrieOverKeccakOfKeys() {
    MerklePatriciaTrie plain = MerklePatriciaTrie.empty(fixture.trieStore());
    for (String key : List.of("do", "dog", "doge", "horse")) {
      plain.put(Keccak256.hash(utf8(key)), utf8(key + " value"));
    }

    assertThat(trie.rootHash()).isEqualTo(plain.rootHash());
  }

  @Test
  void readsByUnhashedKey() {
    assertThat(trie.get(utf8("dog")).map(TrieTestSupport::text)).hasValue("dog value");
  }

  @Test
  void deletesByUnhashedKey() {
    trie.delete(utf8("dog"));

    assertThat(trie.get(utf8("dog"))).isEmpty();
  }

  @Test
  void updatesByHashedKeyActAsByTheUnhashedKey() {
    SecureTrie byHashedKey = SecureTrie.empty(fixture.trieStore());
    for (String key : List.of("do", "dog", "doge", "horse")) {
      byHashedKey.putByHashedKey(SecureTrie.hashedKey(utf8(key)), utf8(key + " value"));
    }
    byHashedKey.deleteByHashedKey(SecureTrie.hashedKey(utf8("dog")));
    trie.delete(utf8("dog"));

    assertThat(byHashedKey.rootHash()).isEqualTo(trie.rootHash());
    assertThat(byHashedKey.getByHashedKey(SecureTrie.hashedKey(utf8("doge"))).map(TrieTestSupport::text))
        .hasValue("doge value");
    assertThat(trie.getExpectingByHashedKey(SecureTrie.hashedKey(utf8("horse")), utf8("horse value"))
        .map(TrieTestSupport::text)).hasValue("horse value");
  }

  @Test
  void proofVerifiesByUnhashedKey() {
    Hash root = trie.commit();

    assertThat(SecureTrie.verifyProof(root, utf8("doge"), trie.prove(utf8("doge"))).map(TrieTestSupport::text))
        .hasValue("doge value");
  }

  @Test
  void iterationYieldsHashedKeys() {
    byte[] first = trie.iteratorByHashedKey(new byte[0]).next().key();

    assertThat(first).hasSize(Keccak256.LENGTH);
  }

  @Test
  void reopensAtCommittedRoot() {
    Hash root = trie.commit();

    assertThat(SecureTrie.open(fixture.freshTrieStore(), root).get(utf8("horse")).map(TrieTestSupport::text))
        .hasValue("horse value");
  }
}
