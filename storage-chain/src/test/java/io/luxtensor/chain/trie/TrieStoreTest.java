package io.luxtensor.chain.trie;

import static io.luxtensor.chain.trie.TrieTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TrieFixture;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrieStoreTest {

  /** Counts batches on their way to the real column family. */
  private static final class CountingStorage implements NodeStorage {
    private final NodeStorage delegate;
    final List<Integer> batchSizes = new ArrayList<>();
    int reads;

    CountingStorage(NodeStorage delegate) {
      this.delegate = delegate;
    }

    @Override
    public byte[] get(byte[] hash) {
      reads++;
      return delegate.get(hash);
    }

    @Override
    public void putAll(List<byte[]> hashes, List<byte[]> rlps) {
      batchSizes.add(hashes.size());
      delegate.putAll(hashes, rlps);
    }

    @Override
    public void stage(io.luxtensor.storage.WriteBatch batch, List<byte[]> hashes, List<byte[]> rlps) {
      batchSizes.add(hashes.size());
      delegate.stage(batch, hashes, rlps);
    }

    @Override
    public void deleteAll(List<byte[]> hashes) {
      delegate.deleteAll(hashes);
    }

    @Override
    public void forEachHash(java.util.function.Consumer<byte[]> action) {
      delegate.forEachHash(action);
    }

    @Override
    public NodeMarks marks() {
      return delegate.marks();
    }
  }

  private TrieFixture fixture;

  @BeforeEach
  void openStore() {
    fixture = TrieFixture.inMemory();
  }

  @AfterEach
  void closeStore() {
    fixture.close();
  }

  private Hash commitKeys(int count) {
    return commitNumberedKeys(fixture.trieStore(), count);
  }

  /** Commits {@code key0..key<count-1>}, each with a value long enough to be stored by hash. */
  private static Hash commitNumberedKeys(TrieStore store, int count) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    for (int i = 0; i < count; i++) {
      trie.put(utf8("key" + i), utf8("a value long enough to force hashed nodes " + i));
    }
    return trie.commit();
  }

  private static void assertHoldsNumberedKeys(MerklePatriciaTrie trie, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(trie.get(utf8("key" + i))).hasValue(utf8("a value long enough to force hashed nodes " + i));
    }
  }

  /** Counts reads and batches of the fixture's node column family. */
  private CountingStorage countingStorage() {
    return new CountingStorage(new KeyValueNodeStorage(fixture.store(), fixture.nodes()));
  }

  /** Walks to {@code key1} of the trie at {@code root} inside a walk scope of {@code store}, left open. */
  private static TrieStore.WalkScope walkToKey1InAScope(TrieStore store, Hash root) {
    TrieStore.WalkScope walk = store.openWalkScope(16);
    MerklePatriciaTrie.open(store, root).get(utf8("key1"));
    return walk;
  }

  private List<byte[]> storedHashes() {
    List<byte[]> hashes = new ArrayList<>();
    try (KvIterator it = fixture.store().iterator(fixture.nodes(), KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        hashes.add(it.key());
      }
    }
    return hashes;
  }

  @Test
  void commitWritesEveryNewNodeInOneBatch() {
    CountingStorage counting = countingStorage();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(new TrieStore(counting, 100, 1 << 20));
    for (int i = 0; i < 100; i++) {
      trie.put(utf8("key" + i), utf8("a value long enough to force hashed nodes " + i));
    }

    trie.commit();

    assertThat(counting.batchSizes).hasSize(1);
    assertThat(counting.batchSizes.get(0)).isEqualTo(storedHashes().size()).isGreaterThan(100);
  }

  @Test
  void aTrieOpenedAtTheRootJustCommittedReadsNoNodeFromStorage() {
    CountingStorage counting = countingStorage();
    TrieStore store = new TrieStore(counting, 100_000, 1 << 20);
    Hash root = commitNumberedKeys(store, 100);

    assertHoldsNumberedKeys(MerklePatriciaTrie.open(store, root), 100);
    assertThat(counting.reads).isZero();
    assertThat(MerklePatriciaTrie.open(new TrieStore(counting, 100_000, 1 << 20), root).rootHash()).isEqualTo(root);
    assertThat(counting.reads).as("a store that did not write them reads them").isEqualTo(1);
  }

  @Test
  void nodesTheEncodingCacheForgotAreReadBackFromStorage() {
    CountingStorage counting = countingStorage();
    TrieStore store = new TrieStore(counting, 0, 2L * EncodingCache.CHUNK_BYTES);
    Hash root = commitNumberedKeys(store, 3_000);

    assertHoldsNumberedKeys(MerklePatriciaTrie.open(store, root), 3_000);
    assertThat(counting.reads).isPositive();
    assertThat(store.encodingCacheBytes()).isEqualTo(2L * EncodingCache.CHUNK_BYTES);
  }

  @Test
  void aWalkExpectingTheStoredValueTakesTheLeafItMakesWithoutReadingIt() {
    Hash root = commitKeys(50);
    CountingStorage plain = countingStorage();
    CountingStorage expecting = countingStorage();

    Optional<byte[]> read = MerklePatriciaTrie.open(new TrieStore(plain, 0, 0), root).get(utf8("key33"));
    Optional<byte[]> found = MerklePatriciaTrie.open(new TrieStore(expecting, 0, 0), root)
        .getExpecting(utf8("key33"), utf8("a value long enough to force hashed nodes 33"));

    assertThat(read).hasValue(utf8("a value long enough to force hashed nodes 33"));
    assertThat(found).hasValue(utf8("a value long enough to force hashed nodes 33"));
    assertThat(expecting.reads).isEqualTo(plain.reads - 1);
  }

  @Test
  void aWalkExpectingAnotherValueReadsTheStoredLeafAndReturnsItsValue() {
    Hash root = commitKeys(50);
    CountingStorage plain = countingStorage();
    CountingStorage expecting = countingStorage();

    MerklePatriciaTrie.open(new TrieStore(plain, 0, 0), root).get(utf8("key33"));
    Optional<byte[]> found = MerklePatriciaTrie.open(new TrieStore(expecting, 0, 0), root)
        .getExpecting(utf8("key33"), utf8("a value long enough to force hashed nodes 34"));

    assertThat(found).hasValue(utf8("a value long enough to force hashed nodes 33"));
    assertThat(expecting.reads).isEqualTo(plain.reads);
  }

  @Test
  void commitWithoutChangesWritesNothing() {
    CountingStorage counting = countingStorage();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(new TrieStore(counting, 100, 1 << 20));
    for (int i = 0; i < 10; i++) {
      trie.put(utf8("key" + i), utf8("a value long enough to force hashed nodes " + i));
    }
    trie.commit();

    trie.commit();

    assertThat(counting.batchSizes).hasSize(1);
  }

  @Test
  void nodesAreStoredUnderTheirKeccakHash() {
    commitKeys(20);

    for (byte[] hash : storedHashes()) {
      assertThat(Hash.keccak256(fixture.store().get(fixture.nodes(), hash))).isEqualTo(Hash.of(hash));
    }
  }

  @Test
  void containsCommittedRoot() {
    Hash root = commitKeys(5);

    assertThat(fixture.trieStore().contains(root)).isTrue();
    assertThat(fixture.trieStore().contains(Hash.keccak256(utf8("never committed")))).isFalse();
  }

  @Test
  void openingAnUncommittedRootThrowsMissingNode() {
    Hash unknown = Hash.keccak256(utf8("never committed"));

    assertThatThrownBy(() -> MerklePatriciaTrie.open(fixture.trieStore(), unknown))
        .isInstanceOf(MissingNodeException.class)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(unknown.toHex())
        .hasMessageContaining("the root");
  }

  @Test
  void readingThroughALostNodeThrowsInsteadOfReportingAbsence() {
    Hash root = commitKeys(50);
    for (byte[] hash : storedHashes()) {
      if (!Hash.of(hash).equals(root)) {
        fixture.store().delete(fixture.nodes(), hash);
      }
    }
    MerklePatriciaTrie trie = MerklePatriciaTrie.open(fixture.freshTrieStore(), root);

    assertThatThrownBy(() -> trie.get(utf8("key7")))
        .isInstanceOf(MissingNodeException.class)
        .hasMessageContaining("nibble path");
  }

  @Test
  void nodeWhoseBytesDoNotHashToItsKeyIsReportedCorrupt() {
    Hash root = commitKeys(50);
    byte[] stored = fixture.store().get(fixture.nodes(), root.bytes());
    stored[stored.length - 1] ^= 1;
    fixture.store().put(fixture.nodes(), root.bytes(), stored);

    assertThatThrownBy(() -> MerklePatriciaTrie.open(fixture.freshTrieStore(), root))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(root.toHex());
  }

  @Test
  void wellHashedBytesThatAreNotANodeAreReportedCorrupt() {
    byte[] notANode = {(byte) 0x83, 'd', 'o', 'g'};
    Hash key = Hash.keccak256(notANode);
    fixture.store().put(fixture.nodes(), key.bytes(), notANode);

    assertThatThrownBy(() -> MerklePatriciaTrie.open(fixture.trieStore(), key))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("must be an RLP list");
  }

  @Test
  void repeatedLoadsAreServedByTheCache() {
    Hash root = commitKeys(50);
    TrieStore store = fixture.freshTrieStore();

    MerklePatriciaTrie.open(store, root).get(utf8("key1"));
    MerklePatriciaTrie.open(store, root).get(utf8("key1"));

    assertThat(store.cacheHitRate()).isEqualTo(0.5);
    assertThat(store.cachedNodes()).isPositive();
  }

  @Test
  void nodesLoadedInAWalkScopeAreServedFromItWithoutAnotherRead() {
    Hash root = commitKeys(50);
    CountingStorage counting = countingStorage();
    TrieStore store = new TrieStore(counting, 100_000, 1 << 20);

    TrieStore.WalkScope walk = walkToKey1InAScope(store, root);
    int firstWalk = counting.reads;

    assertThat(MerklePatriciaTrie.open(store, root).get(utf8("key1")))
        .hasValue(utf8("a value long enough to force hashed nodes 1"));
    assertThat(counting.reads).isEqualTo(firstWalk).isPositive();
    walk.close();
  }

  @Test
  void nodesLoadedInAWalkScopeLeaveWithItInsteadOfEnteringTheCache() {
    Hash root = commitKeys(50);
    CountingStorage counting = countingStorage();
    TrieStore store = new TrieStore(counting, 100_000, 1 << 20);
    walkToKey1InAScope(store, root).close();
    int inScope = counting.reads;

    MerklePatriciaTrie.open(store, root).get(utf8("key1"));

    assertThat(store.cachedNodes()).isPositive();
    assertThat(counting.reads).isEqualTo(2 * inScope);
  }

  @Test
  void onlyOneWalkScopeIsOpenAtATime() {
    TrieStore store = fixture.freshTrieStore();
    TrieStore.WalkScope first = store.openWalkScope(16);

    assertThatThrownBy(() -> store.openWalkScope(16)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    first.close();
    TrieStore.WalkScope second = store.openWalkScope(16);
    first.close();
    assertThatThrownBy(() -> store.openWalkScope(16)).as("closing the first twice leaves the second open")
        .isInstanceOf(IllegalStateException.class);
    second.close();
  }

  @Test
  void aWalkScopeLinksTheReferencesItLoadsUntilItCloses() {
    Hash root = commitKeys(50);
    TrieStore store = fixture.trieStore();
    // Decoded outside the scope, so kept in the long-lived cache: the node the scope's walk starts from.
    Node cachedRoot = store.load(root, Nibbles.EMPTY, 0);
    TrieStore.WalkScope walk = walkToKey1InAScope(store, root);
    int linkedWhileOpen = linkedReferences(cachedRoot);

    walk.close();

    assertThat(linkedWhileOpen).as("the walk to key1 passed through references of the cached root").isPositive();
    assertThat(linkedReferences(cachedRoot)).as("a closed scope keeps no node reachable from the cache").isZero();
    assertThat(MerklePatriciaTrie.open(store, root).get(utf8("key1"))).isPresent();
  }

  /** The references below {@code node} that lead straight to their loaded node. */
  private static int linkedReferences(Node node) {
    List<Node> children = node instanceof BranchNode branch ? Arrays.asList(branch.children)
        : node instanceof ExtensionNode extension ? List.of(extension.child) : List.<Node>of();
    int linked = 0;
    for (Node child : children) {
      if (child == null) {
        continue;
      }
      Node loaded = child instanceof HashNode reference ? reference.loaded : child;
      if (loaded != null) {
        linked += (loaded == child ? 0 : 1) + linkedReferences(loaded);
      }
    }
    return linked;
  }

  @Test
  void aNodePrunedWhileAWalkScopeHoldsItIsNotServedFromTheScope() {
    Hash doomed = commitKeys(50);
    TrieStore store = fixture.trieStore();
    MerklePatriciaTrie kept = MerklePatriciaTrie.empty(store);
    kept.put(utf8("other"), utf8("a value long enough to force hashed nodes, kept"));
    Hash live = kept.commit();
    TrieStore.WalkScope walk = walkToKey1InAScope(store, doomed);

    store.prune(List.of(live));

    assertThatThrownBy(() -> MerklePatriciaTrie.open(store, doomed)).isInstanceOf(MissingNodeException.class);
    walk.close();
  }

  @Test
  void rejectsNegativeCacheSize() {
    assertThatThrownBy(() -> TrieStore.open(fixture.store(), fixture.nodes(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
  }
}
