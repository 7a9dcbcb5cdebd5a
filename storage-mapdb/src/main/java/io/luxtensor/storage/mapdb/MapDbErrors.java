package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StorageFullException;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;
import java.util.Locale;
import org.mapdb.DBException;

/**
 * The one place MapDB's errors become {@link StorageException}s: corruption (broken checksums,
 * malformed records, a truncated file) becomes {@link CorruptionException}, a full disk or volume
 * {@link StorageFullException}, a store file locked by another process a {@link StorageException}
 * naming the file, and MapDB failing to decode what it read (an index out of bounds, a buffer
 * underflow, one of its assertions) {@link CorruptionException}. The MapDB error is always the cause.
 */
final class MapDbErrors {

  private MapDbErrors() {}

  /**
   * The storage exception for {@code error}, raised while doing {@code action} ("write a batch") on
   * the store at {@code file} ({@code null} for a temporary store). Storage exceptions pass through.
   * Takes a {@code Throwable} for MapDB's {@link AssertionError}s, which it raises on inconsistent
   * structures; callers catch {@code RuntimeException | AssertionError}, never other errors.
   */
  static StorageException map(Throwable error, String action, Path file) {
    if (error instanceof StorageException storage) {
      return storage;
    }
    String where = file == null ? "the temporary MapDB store" : "MapDB store " + file;
    if (error instanceof DBException.FileLocked) {
      return new StorageException("cannot " + action + ": " + where + " is locked by another process (or another"
          + " open store in this one); close it first, or set mapdb.lock_wait_ms to wait for it", error);
    }
    if (isOutOfSpace(error)) {
      return new StorageFullException("cannot " + action + ": " + where + " is out of space (" + error.getMessage()
          + "); nothing of this write was applied; free disk space and retry", error);
    }
    if (isCorruption(error)) {
      return new CorruptionException("cannot " + action + ": " + where + " is corrupt (" + error.getMessage()
          + "); restore it from a backup", error);
    }
    return new StorageException("cannot " + action + " on " + where + ": " + error, error);
  }

  private static boolean isCorruption(Throwable error) {
    return error instanceof DBException.DataCorruption // checksum and pointer-checksum failures included
        || error instanceof DBException.WrongFormat
        || error instanceof DBException.VolumeEOF
        || error instanceof DBException.GetVoid
        || error instanceof DBException.SerializationError
        || isMalformedRead(error);
  }

  /**
   * Whether MapDB itself failed decoding what it read: an index, buffer or array size out of range,
   * a record of the wrong type, or one of its own assertions on a structure. Only damaged bytes get
   * MapDB there (the engine's page checksums catch nearly all of them first).
   */
  private static boolean isMalformedRead(Throwable error) {
    boolean decoding = error instanceof IndexOutOfBoundsException || error instanceof BufferUnderflowException
        || error instanceof BufferOverflowException || error instanceof NegativeArraySizeException
        || error instanceof ClassCastException || error instanceof AssertionError;
    if (!decoding) {
      return false;
    }
    for (StackTraceElement frame : error.getStackTrace()) {
      if (frame.getClassName().startsWith("org.mapdb.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOutOfSpace(Throwable error) {
    if (error instanceof DBException.VolumeMaxSizeExceeded || error instanceof DBException.OutOfMemory) {
      return true;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null) {
        String message = t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("no space left") || message.contains("disk quota exceeded") || message.contains("not enough space")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
