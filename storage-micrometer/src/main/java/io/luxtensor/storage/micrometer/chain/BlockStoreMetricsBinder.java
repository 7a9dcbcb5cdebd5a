package io.luxtensor.storage.micrometer.chain;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.storage.StorageException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Publishes a {@link BlockStore}'s head as the Micrometer gauge {@code luxdb.chain.head.height}
 * (the canonical head's block number; NaN before the first import, or when the store cannot be read,
 * for instance once closed), tagged with the caller's tags. The block store keeps no import
 * counters, so the head is what it has to tell; the engine's own counters come from
 * {@code StoreMetricsBinder} on the same store. Each read asks the block store (one or two key
 * reads). The gauge holds the block store strongly; remove it ({@code registry.remove}) when the
 * store is gone for good. Thread-safe.
 */
public final class BlockStoreMetricsBinder implements MeterBinder {

  private final BlockStore blocks;
  private final Tags tags;

  /** A binder for {@code blocks}' head, tagged with {@code tags}. */
  public BlockStoreMetricsBinder(BlockStore blocks, Iterable<Tag> tags) {
    this.blocks = Objects.requireNonNull(blocks, "blocks must not be null");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null; use Tags.empty()"));
  }

  /** A binder for {@code blocks} tagged with {@code tags} (name=value pairs, e.g. {@code "store", "chain"}). */
  public static BlockStoreMetricsBinder of(BlockStore blocks, String... tags) {
    return new BlockStoreMetricsBinder(blocks, Tags.of(tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("luxdb.chain.head.height", blocks, BlockStoreMetricsBinder::headHeight)
        .description("Block number of the canonical head (NaN before the first import)").tags(tags)
        .strongReference(true).register(registry);
  }

  private static double headHeight(BlockStore blocks) {
    try {
      OptionalLong height = blocks.bestHeight();
      return height.isPresent() ? height.getAsLong() : Double.NaN;
    } catch (StorageException e) {
      return Double.NaN; // a closed store: registries skip NaN rather than fail the scrape
    }
  }
}
