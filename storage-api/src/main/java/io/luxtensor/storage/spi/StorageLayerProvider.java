package io.luxtensor.storage.spi;

import io.luxtensor.storage.StorageConfig;

/**
 * A layer that sits between an engine and the decorator users see, such as encryption at rest or an
 * audit log: found through {@link java.util.ServiceLoader} (a jar lists it in
 * {@code META-INF/services/io.luxtensor.storage.spi.StorageLayerProvider}) and applied by
 * {@link io.luxtensor.storage.StorageEngines#open} to any engine whose config carries an option under
 * the layer's {@linkplain #name() name} ({@code "encryption.keyFile"} applies the {@code "encryption"}
 * layer).
 *
 * <p>Layers apply in ascending {@link #order()}: every {@link #prepare} runs before the engine opens,
 * then every {@link #wrap} wraps what the previous one returned, so the lowest order sits next to the
 * engine. The argument-checking decorator always stays outermost, so a layer receives only validated
 * calls, exactly as an engine does, and must honour the whole {@link StorageEngine} contract (the TCK
 * runs unchanged on a layered engine). A layer rejects an option under its own prefix that it does
 * not know, naming it.
 *
 * <p>Implementations have a public zero-argument constructor that does no work and are thread-safe.
 */
public interface StorageLayerProvider {

  /** The stable lowercase option prefix that selects the layer, such as {@code "encryption"}. */
  String name();

  /**
   * Where the layer sits: lower wraps first, nearer the engine. A layer that must see plaintext
   * (an audit log that counts operations) takes a higher order than one that transforms values.
   */
  int order();

  /**
   * Runs before the engine opens the store, in ascending order: checks that must refuse an open
   * before the engine touches the store (its directory's permissions), or set-up the engine relies on
   * (creating the directory with restrictive permissions). The default does nothing.
   *
   * @throws io.luxtensor.storage.StorageException to refuse the open, saying why and what to do
   * @throws IllegalArgumentException for a bad option under the layer's prefix
   */
  default void prepare(StorageConfig config) {}

  /**
   * Wraps the opened engine. The returned engine owns {@code engine}: its {@code close()} closes
   * {@code engine}. If this method throws, the caller closes {@code engine}, so the layer must not
   * have closed it.
   *
   * @throws io.luxtensor.storage.StorageException when the layer cannot serve this store (a wrong key)
   * @throws IllegalArgumentException for a bad option under the layer's prefix
   */
  StorageEngine wrap(StorageEngine engine, StorageConfig config);
}
