package io.luxtensor.chain.testing;

import io.luxtensor.chain.trie.TrieStore;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;

/** A fresh temporary store with a {@code trie_nodes} column family and a {@link TrieStore} on it. */
public final class TrieFixture implements AutoCloseable {

  /** The column family trie nodes go to. */
  public static final String NODES = "trie_nodes";

  private final KeyValueStore store;
  private final ColumnFamily nodes;
  private final TrieStore trieStore;

  private TrieFixture(KeyValueStore store) {
    this.store = store;
    this.nodes = store.createColumnFamily(NODES);
    this.trieStore = TrieStore.open(store, nodes);
  }

  /** On the in-memory engine. */
  public static TrieFixture inMemory() {
    return on(TestEngines.MEMORY);
  }

  /** On {@code engine}. */
  public static TrieFixture on(TestEngines.Engine engine) {
    return new TrieFixture(StorageEngines.open(engine.config()));
  }

  public KeyValueStore store() {
    return store;
  }

  public ColumnFamily nodes() {
    return nodes;
  }

  public TrieStore trieStore() {
    return trieStore;
  }

  /** A second {@link TrieStore} over the same column family, with its own empty cache. */
  public TrieStore freshTrieStore() {
    return TrieStore.open(store, nodes);
  }

  @Override
  public void close() {
    store.close();
  }
}
