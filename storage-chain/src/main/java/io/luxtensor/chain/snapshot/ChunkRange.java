package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Hash;
import java.util.Objects;

/**
 * One chunk of a snapshot as the manifest lists it: the range of secure-trie keys (Keccak-256 of
 * the address) it covers, both ends inclusive, its size and its SHA-256. Chunks of one manifest
 * cover the whole key space, in order, without gaps or overlaps.
 *
 * @param index position in the manifest, from 0
 * @param first the lowest key of the range
 * @param last the highest key of the range
 * @param length the chunk's size in bytes
 * @param sha256 SHA-256 of the chunk's bytes
 * @param accounts how many accounts the chunk holds
 */
public record ChunkRange(int index, Hash first, Hash last, long length, Hash sha256, int accounts) {

  /** Rejects nulls and negative counts. */
  public ChunkRange {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(sha256, "sha256");
    if (index < 0 || length < 0 || accounts < 0) {
      throw new IllegalArgumentException("chunk index, length and account count must not be negative");
    }
  }
}
