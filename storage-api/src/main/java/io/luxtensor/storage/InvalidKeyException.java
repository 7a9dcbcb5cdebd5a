package io.luxtensor.storage;

/**
 * A key is longer than the engine accepts ({@link EngineInfo#maxKeySize()}). Keys are never silently
 * truncated; the operation is rejected before it reaches the engine and nothing is written.
 */
public final class InvalidKeyException extends StorageException {

  private final int keyLength;
  private final int maxKeySize;

  public InvalidKeyException(int keyLength, int maxKeySize, String engine) {
    super("key of " + keyLength + " bytes is longer than engine \"" + engine + "\" accepts (max "
        + maxKeySize + " bytes); hash or shorten the key");
    this.keyLength = keyLength;
    this.maxKeySize = maxKeySize;
  }

  public int keyLength() {
    return keyLength;
  }

  public int maxKeySize() {
    return maxKeySize;
  }
}
