/**
 * The LMDB storage engine, on lmdbjava. Its public types are
 * {@link io.luxtensor.storage.lmdb.LmdbEngineProvider}, found through {@link java.util.ServiceLoader}
 * under the name {@code "lmdb"} (users open stores with {@link io.luxtensor.storage.StorageEngines}),
 * and {@link io.luxtensor.storage.lmdb.LmdbVerifier}, which checks a whole store in a child JVM.
 *
 * <p>Inside: {@code LmdbEngine} (one environment, a named database per column family, the write path),
 * {@code LmdbMap} (the lock that keeps native calls out while the map grows), {@code LmdbReaders}
 * (pooled read transactions for live reads), {@code LmdbSnapshot} and {@code LmdbCursor} (read
 * transactions and cursors), {@code LmdbWriter} (batch operations inside a write transaction),
 * {@code LmdbDurability} (synced versus asynchronous commits), {@code LmdbErrors} (native errors onto
 * the storage exceptions), {@code LmdbOptions} and {@code LmdbPaths} (options and directories).
 *
 * <p>Damage: LMDB keeps no checksums and trusts its pages. {@code StoredValue} (a CRC-32C over key and
 * value in every stored value), {@code EntryCheck} (the exceptions naming family and key),
 * {@code Seeks} (lookups and seeks that check the entries around where they land, and take bounds of
 * any length), {@code LookupCursors} (the cursors gets use for that) and {@code PageCheck} (the
 * structure of every B-tree page, checked in Java before LMDB reads it at open) turn damage into
 * {@link io.luxtensor.storage.CorruptionException} instead of wrong data or a crashed process.
 */
package io.luxtensor.storage.lmdb;
