package io.luxtensor.storage;

/**
 * How a write is made durable.
 *
 * @param sync when {@code true}, the write is on stable storage (fsync) before the call returns and
 *     survives a crash of the machine; when {@code false} it survives a crash of the process but may
 *     be lost with the machine
 * @param disableWal skip the write-ahead log (faster; lost on process crash); only on engines that
 *     declare {@link Capability#DISABLE_WAL}, others throw {@link UnsupportedCapabilityException}
 */
public record WriteOptions(boolean sync, boolean disableWal) {

  /** fsync before returning. */
  public static final WriteOptions SYNC = new WriteOptions(true, false);

  /** Return once the write is in the engine's log or memory, without waiting for fsync. */
  public static final WriteOptions ASYNC = new WriteOptions(false, false);

  /** No write-ahead log at all; needs {@link Capability#DISABLE_WAL}. */
  public static final WriteOptions NO_WAL = new WriteOptions(false, true);

  public WriteOptions {
    if (sync && disableWal) {
      throw new IllegalArgumentException("sync and disableWal contradict each other: a synced write goes through the WAL");
    }
  }
}
