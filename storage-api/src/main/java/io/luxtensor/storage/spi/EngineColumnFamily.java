package io.luxtensor.storage.spi;

/**
 * An engine's handle to one column family. Engines return their own implementation and receive it
 * back in every call; the decorator never looks inside.
 */
public interface EngineColumnFamily {

  /** The column family's name. */
  String name();
}
