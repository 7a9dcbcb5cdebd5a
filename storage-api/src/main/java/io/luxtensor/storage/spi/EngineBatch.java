package io.luxtensor.storage.spi;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operations of one write batch, in the order they were added, for the engine to apply
 * atomically: after {@link StorageEngine#write} returns, all of them are visible; if it throws, none
 * is, to any reader and after any crash.
 */
public interface EngineBatch {

  /** The number of operations. */
  int size();

  /** A batch of one put, for an engine whose single writes take its batch path. */
  static EngineBatch ofPut(EngineColumnFamily cf, byte[] key, byte[] value) {
    return ofOne(handler -> handler.put(cf, key, value));
  }

  /** A batch of one delete, for an engine whose single writes take its batch path. */
  static EngineBatch ofDelete(EngineColumnFamily cf, byte[] key) {
    return ofOne(handler -> handler.delete(cf, key));
  }

  private static EngineBatch ofOne(Consumer<Handler> operation) {
    return new EngineBatch() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void forEach(Handler handler) {
        operation.accept(handler);
      }
    };
  }

  /** Replays every operation, in order, into {@code handler}. */
  void forEach(Handler handler);

  /**
   * The distinct column families the batch touches, for an engine to check (not dropped) before it
   * applies anything, so that a batch fails whole.
   */
  default Set<EngineColumnFamily> columnFamilies() {
    Set<EngineColumnFamily> families = Collections.newSetFromMap(new IdentityHashMap<>());
    forEach(new Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        families.add(cf);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        families.add(cf);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        families.add(cf);
      }
    });
    return families;
  }

  /** Receives the operations of a batch. The arrays are the engine's to read, not to keep or modify. */
  interface Handler {
    void put(EngineColumnFamily cf, byte[] key, byte[] value);

    void delete(EngineColumnFamily cf, byte[] key);

    /**
     * Deletes every key {@code k} with {@code from <= k < to}. {@code from} is never {@code null};
     * {@code to} is {@code null} for no upper bound (to the end of the column family as it is when
     * the batch applies), else {@code from < to}. Either may be longer than the engine's maximum key size.
     */
    void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to);
  }
}
