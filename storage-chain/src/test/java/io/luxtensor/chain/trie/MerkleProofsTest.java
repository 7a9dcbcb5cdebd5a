package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TrieFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {

  private TrieFixture fixture;
  private MerklePatriciaTrie trie;
  private Hash root;

  @BeforeEach
  void buildTrie() {
    fixture = TrieFixture.inMemory();
    trie = MerklePatriciaTrie.empty(fixture.trieStore());
    for (int i = 0; i < 300; i++) {
      trie.put(utf8("account" + i), utf8("balance of account number " + i));
    }
    root = trie.commit();
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  @Test
  void proofOfPresentKeyYieldsItsValue() {
    List<byte[]> proof = trie.prove(utf8("account42"));

    assertThat(MerkleProofs.verify(root, utf8("account42"), proof).map(TrieTestSupport::text))
        .hasValue("balance of account number 42");
  }

  @Test
  void proofOfAbsentKeyYieldsEmpty() {
    List<byte[]> proof = trie.prove(utf8("account4200"));

    assertThat(MerkleProofs.verify(root, utf8("account4200"), proof)).isEmpty();
  }

  @Test
  void proofStartsWithTheRootNode() {
    assertThat(Hash.keccak256(trie.prove(utf8("account1")).get(0))).isEqualTo(root);
  }

  @Test
  void proofOfUncommittedChangeVerifiesAgainstCurrentRootHash() {
    trie.put(utf8("fresh"), utf8("uncommitted value"));

    assertThat(MerkleProofs.verify(trie.rootHash(), utf8("fresh"), trie.prove(utf8("fresh"))))
        .hasValueSatisfying(v -> assertThat(TrieTestSupport.text(v)).isEqualTo("uncommitted value"));
  }

  @Test
  void proofWithAlteredNodeIsRejected() {
    List<byte[]> proof = new ArrayList<>(trie.prove(utf8("account42")));
    byte[] last = proof.get(proof.size() - 1).clone();
    last[last.length - 1] ^= 1;
    proof.set(proof.size() - 1, last);

    assertThatThrownBy(() -> MerkleProofs.verify(root, utf8("account42"), proof))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("does not chain to root " + root);
  }

  @Test
  void proofWithoutItsLastNodeIsRejected() {
    List<byte[]> proof = new ArrayList<>(trie.prove(utf8("account42")));
    proof.remove(proof.size() - 1);

    assertThatThrownBy(() -> MerkleProofs.verify(root, utf8("account42"), proof))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void proofCheckedAgainstAnotherRootIsRejected() {
    List<byte[]> proof = trie.prove(utf8("account42"));
    Hash otherRoot = Hash.keccak256(utf8("another root"));

    assertThatThrownBy(() -> MerkleProofs.verify(otherRoot, utf8("account42"), proof))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("(the root)");
  }

  @Test
  void proofOfOneKeyCannotProveAnotherKeyOnADifferentPath() {
    List<byte[]> proof = trie.prove(utf8("account42"));

    assertThatThrownBy(() -> MerkleProofs.verify(root, utf8("account199"), proof))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void emptyTrieProvesAbsenceWithAnEmptyProof() {
    MerklePatriciaTrie empty = MerklePatriciaTrie.empty(fixture.trieStore());

    assertThat(empty.prove(utf8("anything"))).isEmpty();
    assertThat(MerkleProofs.verify(empty.rootHash(), utf8("anything"), List.of())).isEmpty();
  }

  @Test
  void proofOfReopenedTrieEqualsProofOfTheOriginal() {
    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(fixture.freshTrieStore(), root);

    assertThat(reopened.prove(utf8("account7"))).containsExactlyElementsOf(trie.prove(utf8("account7")));
  }
}
