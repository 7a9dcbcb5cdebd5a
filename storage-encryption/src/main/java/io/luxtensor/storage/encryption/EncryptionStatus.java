package io.luxtensor.storage.encryption;

import java.util.List;

/**
 * Where an encrypted store's keys stand: a snapshot of numbers, immutable.
 *
 * @param currentKeyId the data key new values are encrypted under
 * @param retiredKeyIds data keys that values may still carry, which a rotation is re-encrypting away
 *     from; empty when no rotation is pending
 * @param rotating whether a rotation is re-encrypting values in the background now
 * @param valuesReencrypted values this open store's rotations re-encrypted so far
 * @param damagedValuesSkipped values a rotation found damaged (they fail to decrypt) and left as they were
 */
public record EncryptionStatus(int currentKeyId, List<Integer> retiredKeyIds, boolean rotating,
    long valuesReencrypted, long damagedValuesSkipped) {

  public EncryptionStatus {
    retiredKeyIds = List.copyOf(retiredKeyIds);
  }
}
