package io.luxtensor.storage;

/**
 * Root of every error the storage layer throws. Unchecked, like the JDK's {@code UncheckedIOException}:
 * storage failures are rarely recoverable at the call site, and callers that can recover catch the
 * specific subclass.
 *
 * <p>Messages say what was asked, what was wrong and what to do. When an engine's native library
 * reported the problem, its error is the {@linkplain #getCause() cause}.
 */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
