/**
 * The LMDB storage engine, on lmdbjava. Its one public type is
 * {@link io.luxtensor.storage.lmdb.LmdbEngineProvider}, found through {@link java.util.ServiceLoader}
 * under the name {@code "lmdb"}; users open stores with {@link io.luxtensor.storage.StorageEngines}.
 *
 * <p>Inside: {@code LmdbEngine} (one environment, a named database per column family, the write path),
 * {@code LmdbMap} (the lock that keeps native calls out while the map grows), {@code LmdbReaders}
 * (pooled read transactions for live reads), {@code LmdbSnapshot} and {@code LmdbCursor} (read
 * transactions and cursors), {@code LmdbWriter} (batch operations inside a write transaction),
 * {@code LmdbDurability} (synced versus asynchronous commits), {@code LmdbErrors} (native errors onto
 * the storage exceptions), {@code LmdbOptions} and {@code LmdbPaths} (options and directories).
 */
package io.luxtensor.storage.lmdb;
