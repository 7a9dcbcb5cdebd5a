package io.luxtensor.storage.rocksdb;

/**
 * One write of a transaction, kept so that the transaction's cursors can lay its writes, as of their
 * creation, over the snapshot: a put of {@code value}, or a delete when {@code value} is {@code null}.
 * The arrays are private copies.
 */
record TransactionWrite(RocksDbColumnFamily cf, byte[] key, byte[] value) {}
