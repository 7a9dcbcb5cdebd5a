package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.TrieFixture;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Trie} interface over both tries, commit into a caller's batch, and pruning through leaf links. */
class TrieInterfaceTest {

  private TrieFixture fixture;

  @BeforeEach
  void openStore() {
    fixture = TrieFixture.inMemory();
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  private static void fill(Trie trie, int count) {
    for (int i = 0; i < count; i++) {
      trie.put(utf8("key" + i), utf8("a value long enough to force hashed nodes " + i));
    }
  }

  @Test
  void emptyConstantsAreTheEthereumValues() {
    assertThat(Hash.EMPTY_TRIE_ROOT.toHex())
        .isEqualTo("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    assertThat(Hash.EMPTY_CODE_HASH.toHex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(MerklePatriciaTrie.EMPTY_ROOT).isEqualTo(Hash.EMPTY_TRIE_ROOT);
  }

  @Test
  void commitIntoABatchStoresNothingUntilTheBatchIsWritten() {
    Trie trie = SecureTrie.empty(fixture.trieStore());
    fill(trie, 50);
    ColumnFamily other = fixture.store().createColumnFamily("other");
    WriteBatch batch = fixture.store().newBatch();
    batch.put(other, utf8("flat"), utf8("row"));

    Hash root = trie.commit(batch);

    assertThat(fixture.trieStore().contains(root)).isFalse();
    fixture.store().write(batch);
    assertThat(fixture.trieStore().contains(root)).isTrue();
    assertThat(SecureTrie.open(fixture.freshTrieStore(), root).get(utf8("key7")).map(TrieTestSupport::text))
        .hasValue("a value long enough to force hashed nodes 7");
  }

  @Test
  void iteratorWithoutStartKeyYieldsEveryEntryOfEitherTrie() {
    for (Trie trie : List.of(MerklePatriciaTrie.empty(fixture.trieStore()), SecureTrie.empty(fixture.trieStore()))) {
      fill(trie, 20);
      List<TrieEntry> entries = new ArrayList<>();
      trie.iterator().forEachRemaining(entries::add);

      assertThat(entries).hasSize(20);
    }
  }

  @Test
  void oneVerifierChecksProofsOfEitherTrieByTheCallersKey() {
    for (Trie trie : List.of(MerklePatriciaTrie.empty(fixture.trieStore()), SecureTrie.empty(fixture.trieStore()))) {
      fill(trie, 20);
      Hash root = trie.commit();

      assertThat(MerkleProofs.verify(trie, root, utf8("key3"), trie.prove(utf8("key3"))).map(TrieTestSupport::text))
          .hasValue("a value long enough to force hashed nodes 3");
      assertThat(MerkleProofs.verify(trie, root, utf8("absent"), trie.prove(utf8("absent")))).isEmpty();
    }
  }

  @Test
  void secureProofFailsUnderThePlainVerifier() {
    SecureTrie trie = SecureTrie.empty(fixture.trieStore());
    fill(trie, 20);
    Hash root = trie.commit();

    assertThatThrownBy(() -> MerkleProofs.verify(root, utf8("key3"), trie.prove(utf8("key3"))))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void pruneKeepsTriesNamedByLeafValuesAndDropsUnnamedOnes() {
    SecureTrie linked = SecureTrie.empty(fixture.trieStore());
    fill(linked, 30);
    Hash linkedRoot = linked.commit();
    SecureTrie orphan = SecureTrie.empty(fixture.trieStore());
    fill(orphan, 31);
    Hash orphanRoot = orphan.commit();
    SecureTrie outer = SecureTrie.empty(fixture.trieStore());
    outer.put(utf8("account"), linkedRoot.bytes());
    outer.put(utf8("not a root"), utf8("x"));
    Hash outerRoot = outer.commit();
    Function<byte[], java.util.Collection<Hash>> links = value -> value.length == Hash.LENGTH
        ? List.of(Hash.of(value)) : List.of();

    long deleted = fixture.trieStore().prune(Set.of(outerRoot), links);

    assertThat(deleted).isPositive();
    assertThat(fixture.trieStore().contains(orphanRoot)).isFalse();
    SecureTrie reopened = SecureTrie.open(fixture.freshTrieStore(), linkedRoot);
    Iterator<TrieEntry> all = reopened.iterator();
    int count = 0;
    while (all.hasNext()) {
      all.next();
      count++;
    }
    assertThat(count).isEqualTo(30);
    assertThat(Hex.encode(SecureTrie.open(fixture.freshTrieStore(), outerRoot).get(utf8("account")).orElseThrow()))
        .isEqualTo(linkedRoot.toHex());
  }
}
