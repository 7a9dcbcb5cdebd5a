package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.chain.testing.TrieFixture;
import io.luxtensor.storage.KeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriePruningTest {

  private TrieFixture fixture;
  private MerklePatriciaTrie trie;
  private Hash first;
  private Hash second;

  @BeforeEach
  void commitTwoVersions() {
    fixture = TrieFixture.inMemory();
    trie = MerklePatriciaTrie.empty(fixture.trieStore());
    for (int i = 0; i < 100; i++) {
      trie.put(utf8("key" + i), utf8("first version of the value number " + i));
    }
    first = trie.commit();
    for (int i = 0; i < 10; i++) {
      trie.put(utf8("key" + i), utf8("second version of the value number " + i));
    }
    second = trie.commit();
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  private long storedNodes() {
    return fixture.store().count(fixture.nodes(), KeyRange.all());
  }

  private static List<TrieEntry> entries(MerklePatriciaTrie trie) {
    List<TrieEntry> out = new ArrayList<>();
    trie.iterator(new byte[0]).forEachRemaining(out::add);
    return out;
  }

  @Test
  void pruningToTheLatestRootKeepsItsWholeContent() {
    List<TrieEntry> expected = entries(trie);

    fixture.trieStore().prune(Set.of(second));

    assertThat(entries(MerklePatriciaTrie.open(fixture.freshTrieStore(), second))).isEqualTo(expected);
  }

  @Test
  void pruningDeletesNodesOnlyOlderRootsUsed() {
    long before = storedNodes();

    long deleted = fixture.trieStore().prune(Set.of(second));

    assertThat(deleted).isPositive();
    assertThat(storedNodes()).isEqualTo(before - deleted);
    assertThatThrownBy(() -> MerklePatriciaTrie.open(fixture.freshTrieStore(), first))
        .isInstanceOf(MissingNodeException.class);
  }

  @Test
  void prunedRootIsNotServedFromTheCache() {
    MerklePatriciaTrie.open(fixture.trieStore(), first).get(utf8("key1"));

    fixture.trieStore().prune(Set.of(second));

    assertThatThrownBy(() -> MerklePatriciaTrie.open(fixture.trieStore(), first))
        .isInstanceOf(MissingNodeException.class);
  }

  @Test
  void pruningWithEveryRootLiveDeletesNothing() {
    assertThat(fixture.trieStore().prune(Set.of(first, second))).isZero();
  }

  @Test
  void pruningWithNoLiveRootDeletesEveryNode() {
    fixture.trieStore().prune(Set.of(MerklePatriciaTrie.EMPTY_ROOT));

    assertThat(storedNodes()).isZero();
  }

  @Test
  void incompleteLiveRootAbortsThePruneBeforeDeleting() {
    Hash unknown = Hash.keccak256(utf8("not committed"));
    long before = storedNodes();

    assertThatThrownBy(() -> fixture.trieStore().prune(Set.of(second, unknown)))
        .isInstanceOf(MissingNodeException.class);
    assertThat(storedNodes()).isEqualTo(before);
  }

  private ColumnFamily marks() {
    return ColumnFamilies.getOrCreate(fixture.store(), TrieFixture.NODES + "_prune_marks");
  }

  @Test
  void pruneLeavesNoMarksBehind() {
    fixture.trieStore().prune(Set.of(second));

    assertThat(fixture.store().count(marks(), KeyRange.all())).isZero();
  }

  @Test
  void marksLeftByAnInterruptedPruneDoNotKeepDeadNodes() {
    byte[] rootOfFirst = first.bytes();
    // As if a prune that kept `first` had died after marking its root.
    fixture.store().put(marks(), rootOfFirst, new byte[0]);

    fixture.trieStore().prune(Set.of(second));

    assertThat(fixture.store().contains(fixture.nodes(), rootOfFirst)).isFalse();
  }
}
