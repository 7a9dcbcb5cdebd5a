package io.luxtensor.storage.encryption;

/**
 * The cost of stretching a passphrase with Argon2id. Stored with the key ring, so a store keeps
 * opening with the settings it was created with when the defaults change.
 *
 * @param memoryKib memory per derivation, in KiB (at least 8 per lane)
 * @param iterations passes over the memory, at least 1
 * @param parallelism lanes, at least 1
 */
record Argon2Settings(int memoryKib, int iterations, int parallelism) {

  /** 64 MiB, 3 passes, 1 lane: OWASP's second recommended Argon2id setting, about 0.2 s here. */
  static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 1);

  Argon2Settings {
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("Argon2id parallelism must be in [1, 64], was " + parallelism);
    }
    if (iterations < 1 || iterations > 100) {
      throw new IllegalArgumentException("Argon2id iterations must be in [1, 100], was " + iterations);
    }
    if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
      throw new IllegalArgumentException("Argon2id memory must be in [8 x parallelism, 4 GiB] KiB, was " + memoryKib);
    }
  }
}
