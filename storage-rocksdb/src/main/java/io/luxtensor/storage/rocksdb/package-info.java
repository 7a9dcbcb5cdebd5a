/**
 * The RocksDB storage engine: {@link io.luxtensor.storage.rocksdb.RocksDbEngineProvider}, found
 * through {@link java.util.ServiceLoader} as {@code "rocksdb"}; its native incremental backups are a
 * capability of the open store ({@link io.luxtensor.storage.KeyValueStore#nativeBackups}). Everything
 * else is package-private: the engine implements only the raw SPI operations on native RocksDB, and the
 * decorator in {@code storage-api} supplies the checks, resource tracking and metrics.
 */
package io.luxtensor.storage.rocksdb;
