package io.luxtensor.storage.micrometer.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Body;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The block store's head gauge, read back after real imports on the memory engine. */
class BlockStoreMetricsBinderTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** An empty block on {@code parent} (null: genesis). */
  private static Block block(BlockStore blocks, Header parent) {
    Header header = Header.builder()
        .parentHash(parent == null ? Hash.ZERO : parent.hash())
        .number(parent == null ? 0 : parent.number() + 1)
        .transactionsRoot(blocks.roots().transactionsRoot(List.of()))
        .receiptsRoot(blocks.roots().receiptsRoot(List.of()))
        .gasLimit(30_000_000)
        .timestamp(1_700_000_000L + (parent == null ? 0 : parent.number() + 1) * 12)
        .baseFeePerGas(BigInteger.valueOf(7))
        .build();
    return Block.of(header, new Body(List.of(), List.of(), Optional.empty()));
  }

  private double head(String... tags) {
    return registry.get("luxdb.chain.head.height").tags(tags).gauge().value();
  }

  @Test
  void theHeadHeightFollowsImportsAndIsNaNBeforeTheFirst() {
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.inMemory())) {
      BlockStore blocks = BlockStore.open(kv);
      BlockStoreMetricsBinder.of(blocks, "store", "chain").bindTo(registry);
      assertThat(head("store", "chain")).isNaN();
      Header parent = null;
      for (int i = 0; i < 3; i++) {
        Block block = block(blocks, parent);
        blocks.importBlock(block);
        parent = block.header();
      }
      assertThat(head("store", "chain")).isEqualTo(2);
    }
  }

  @Test
  void aClosedStoreReadsAsNaNRatherThanFailingTheScrape() {
    KeyValueStore kv = StorageEngines.open(StorageConfig.inMemory());
    BlockStore blocks = BlockStore.open(kv);
    new BlockStoreMetricsBinder(blocks, Tags.empty()).bindTo(registry);
    blocks.importBlock(block(blocks, null));
    assertThat(head()).isZero();
    kv.close();
    assertThat(head()).isNaN();
  }

  @Test
  void nullsAreRefusedNamingWhatToPass() {
    assertThatThrownBy(() -> new BlockStoreMetricsBinder(null, Tags.empty())).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("blocks");
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.inMemory())) {
      BlockStore blocks = BlockStore.open(kv);
      assertThatThrownBy(() -> new BlockStoreMetricsBinder(blocks, null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("Tags.empty()");
    }
  }
}
