package io.luxtensor.storage.bench;

import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.ImportResult;
import io.luxtensor.chain.block.Transaction;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The block store importing blocks onto its canonical chain, on RocksDB with the default
 * configuration, one importing thread: the score is blocks per second; every block has
 * {@link #TRANSACTIONS} transactions, so transactions per second are 200 times the score. The block
 * shape is {@link SyntheticBlocks}': legacy transfers with a receipt of two logs each, one
 * withdrawal, all indexes on.
 *
 * <p>Each block is built before its import, outside the timing (JMH subtracts invocation-level setup
 * from the score): the next child of the head, with fresh transactions. {@code senders=known} also
 * recovers every sender then, as a node that has executed the block knows them; the import then
 * checks the roots and writes. {@code senders=recovered} leaves recovery to the import, which runs it
 * on the common fork-join pool. The chain grows by one block per invocation for the whole trial.
 *
 * <p>The warm-up is long on purpose: most of an iteration's wall time is the untimed setup, so a
 * second of it imports only a few dozen blocks, while the JIT needs many to compile the import path
 * (and, for {@code senders=recovered}, the curve arithmetic); the first warm-up iterations run at a
 * fraction of the later rate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class BlockImportBenchmark {

  /** Transactions in every block. */
  static final int TRANSACTIONS = 200;

  @Param({"known", "recovered"})
  public String senders;

  private Path root;
  private KeyValueStore kv;
  private BlockStore store;
  private SyntheticBlocks blocks;
  private Header head;
  private SyntheticBlocks.Built next;
  private ImportResult result;

  @Setup(Level.Trial)
  public void open() {
    if (!senders.equals("known") && !senders.equals("recovered")) {
      throw new IllegalArgumentException("senders must be known or recovered, was " + senders);
    }
    root = BenchData.tempDirectory("lux-bench-blocks");
    kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(root).build());
    store = BlockStore.open(kv);
    blocks = new SyntheticBlocks(store.roots());
    SyntheticBlocks.Built genesis = blocks.genesis();
    MerkleTrieBenchmark.check(store.importBlock(genesis.block(), genesis.receipts()) == ImportResult.CANONICAL,
        "the genesis block did not become the head");
    head = genesis.block().header();
  }

  @Setup(Level.Invocation)
  public void buildNext() {
    next = blocks.block(head, TRANSACTIONS);
    if (senders.equals("known")) {
      next.block().transactions().parallelStream().forEach(Transaction::sender);
    }
    result = null;
  }

  @TearDown(Level.Invocation)
  public void checkImported() {
    MerkleTrieBenchmark.check(result == ImportResult.CANONICAL, "block #" + next.block().number()
        + " was imported as " + result + ", not onto the canonical chain");
    head = next.block().header();
  }

  @TearDown(Level.Trial)
  public void close() {
    MerkleTrieBenchmark.check(store.head().orElseThrow().equals(head), "the store's head is not the last block");
    kv.close();
    BenchData.deleteRecursively(root);
  }

  @Benchmark
  public ImportResult importBlock() {
    result = store.importBlock(next.block(), next.receipts());
    return result;
  }
}
