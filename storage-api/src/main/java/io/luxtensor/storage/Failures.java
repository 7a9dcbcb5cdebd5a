package io.luxtensor.storage;

/** Collects the failures of a sequence of close steps that must all run. */
final class Failures {

  private Failures() {}

  /**
   * Returns the failure to rethrow after the remaining steps: {@code first} with {@code next} attached
   * as suppressed, or {@code next} as a {@link StorageException} when it is the first. An
   * {@link Error} is wrapped rather than dropped, so the remaining steps still run.
   */
  static RuntimeException add(RuntimeException first, Throwable next) {
    if (first == null) {
      return next instanceof RuntimeException runtime ? runtime
          : new StorageException("closing a resource failed: " + next, next);
    }
    first.addSuppressed(next);
    return first;
  }
}
