package io.luxtensor.storage;

/** Block compression, honoured by engines that declare {@link Capability#COMPRESSION}. */
public enum Compression {
  NONE,
  LZ4,
  ZSTD,
  SNAPPY
}
