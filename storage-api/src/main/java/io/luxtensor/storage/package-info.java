/**
 * The LuxTensor storage API: an ordered key-value store with column families, atomic write batches,
 * iterators, snapshots and optimistic transactions, the same on every engine.
 *
 * <pre>{@code
 * StorageConfig config = StorageConfig.builder().path(Path.of("data")).columnFamilies("accounts").build();
 * try (KeyValueStore store = StorageEngines.open(config)) {       // highest-priority engine on the classpath
 *   ColumnFamily accounts = store.columnFamily("accounts");
 *   store.write(store.newBatch()
 *       .put(accounts, key("alice"), value(100))
 *       .put(accounts, key("bob"), value(50)));                   // both or neither
 *   try (KvIterator it = store.iterator(accounts, KeyRange.prefix(key("a")))) {
 *     for (; it.isValid(); it.next()) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>Nullness: parameters are non-null unless documented; {@link io.luxtensor.storage.ReadView#get}
 * returns {@code null} for an absent key. Ownership: whoever opens a store, iterator, snapshot or
 * transaction closes it; closing a store closes everything it handed out.
 *
 * <p>Engines plug in through {@link io.luxtensor.storage.spi}.
 */
package io.luxtensor.storage;
