package io.luxtensor.storage.encryption;

import java.time.Duration;

/**
 * The key management of one open encrypted store, from {@link EncryptedStores#control}. Thread-safe;
 * after the store is closed every method but {@link #status()} throws
 * {@link io.luxtensor.storage.StoreClosedException}. A store with an audit layer records every
 * rotation and re-wrap made here.
 */
public interface EncryptionControl {

  /** The keys and the rotation's progress now. */
  EncryptionStatus status();

  /**
   * Adds a fresh data key and makes it current at once (every value written after this returns is
   * encrypted under it), then re-encrypts older values in the background in bounded steps; every
   * value stays readable throughout. The previous keys are dropped from the store once no value
   * carries them. A rotation interrupted by close resumes at the next writable open.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException on a read-only store
   */
  void rotate();

  /**
   * Waits until no value carries a retired key (at once when no rotation is pending).
   *
   * @return whether the rotation finished within {@code timeout}
   * @throws io.luxtensor.storage.StorageException when the rotation stopped on an error (the cause);
   *     {@link #rotate()} starts it again
   */
  boolean awaitRotation(Duration timeout) throws InterruptedException;

  /**
   * Wraps the data keys under a new key-encryption key: from now on the store opens with
   * {@code source} only. Rewrites the one small key-ring record, not the data, atomically.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException on a read-only store
   * @throws IllegalArgumentException when the key file is unusable
   */
  void rewrap(KeySource source);
}
