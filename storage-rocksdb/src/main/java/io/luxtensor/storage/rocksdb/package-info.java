/**
 * The RocksDB storage engine: {@link io.luxtensor.storage.rocksdb.RocksDbEngineProvider} (found
 * through {@link java.util.ServiceLoader} as {@code "rocksdb"}) and
 * {@link io.luxtensor.storage.rocksdb.RocksDbBackups} for native incremental backups. Everything else
 * is package-private: the engine implements only the raw SPI operations on native RocksDB, and the
 * decorator in {@code storage-api} supplies the checks, resource tracking and metrics.
 */
package io.luxtensor.storage.rocksdb;
