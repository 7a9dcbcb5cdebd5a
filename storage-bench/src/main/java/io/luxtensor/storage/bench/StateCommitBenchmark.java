package io.luxtensor.storage.bench;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateConfig;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.chain.state.Words;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
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
 * A state store's commit of one block's changes, on RocksDB with the default configuration and
 * {@link StateConfig#DEFAULT} caches (128 heights of history kept): {@value #BLOCK_ACCOUNTS} account
 * balances and {@value #BLOCK_SLOTS} contract slots changed at random over a state of {@code accounts}
 * accounts, {@value #CONTRACTS} of them contracts with {@value #SLOTS_PER_CONTRACT} slots each;
 * milliseconds per {@code WorldState.commit}, state root included. The workload of storage-chain's
 * {@code StateBenchmark} commit row, with its Keccak-derived addresses.
 *
 * <p>The state is loaded once per trial (in heights of {@value #LOAD_CHUNK} accounts); the changes
 * of each commit are buffered in the world state before it, outside the timing (reading the current
 * balances through the state store's caches), so the score is the commit alone: flat rows, trie
 * updates with their node reads, hashing, the height's diff and history, one batch write. The state
 * grows by one height per commit for the whole trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class StateCommitBenchmark {

  static final int CONTRACTS = 2_000;
  static final int SLOTS_PER_CONTRACT = 50;
  static final int LOAD_CHUNK = 50_000;
  static final int BLOCK_ACCOUNTS = 2_000;
  static final int BLOCK_SLOTS = 2_000;

  @Param({"100000"})
  public int accounts;

  private Path root;
  private KeyValueStore kv;
  private WorldState world;
  private Address[] addresses;
  private final Random random = new Random(42);
  private long height;

  @Setup(Level.Trial)
  public void load() {
    if (accounts < CONTRACTS) {
      throw new IllegalArgumentException("accounts must be at least " + CONTRACTS + " (the contracts), was " + accounts);
    }
    addresses = addresses(accounts);
    root = BenchData.tempDirectory("lux-bench-state-commit");
    kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(root).build());
    StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withRetainedHeights(128));
    world = state.begin();
    height = -1;
    for (int i = 0; i < accounts; i++) {
      world.setBalance(addresses[i], BigInteger.valueOf(1_000_000_000L + i));
      if (i < CONTRACTS) {
        world.setCode(addresses[i], new byte[] {0x60, (byte) (i % 256), 0x60, 0x00, 0x55});
        for (int s = 0; s < SLOTS_PER_CONTRACT; s++) {
          world.setStorage(addresses[i], Words.of(s), Words.of(i * 1000L + s + 1));
        }
      }
      if ((i + 1) % LOAD_CHUNK == 0 || i == accounts - 1) {
        height++;
        world.commit(height, Words.of(height));
      }
    }
  }

  /** Buffers one block's changes: balances of random accounts, random slots (half of them new) of random contracts. */
  @Setup(Level.Invocation)
  public void change() {
    for (int i = 0; i < BLOCK_ACCOUNTS; i++) {
      Address a = addresses[random.nextInt(accounts)];
      world.setBalance(a, world.balance(a).add(BigInteger.ONE));
    }
    for (int i = 0; i < BLOCK_SLOTS; i++) {
      Address contract = addresses[random.nextInt(CONTRACTS)];
      world.setStorage(contract, Words.of(random.nextInt(SLOTS_PER_CONTRACT * 2)), Words.of(random.nextInt(1 << 20) + 1));
    }
    height++;
  }

  @TearDown(Level.Invocation)
  public void checkCommitted() {
    MerkleTrieBenchmark.check(world.baseHeight() == height && !world.hasChanges(),
        "the commit of height " + height + " did not leave the world state on it");
  }

  @TearDown(Level.Trial)
  public void close() {
    kv.close();
    BenchData.deleteRecursively(root);
  }

  @Benchmark
  public Hash commit() {
    return world.commit(height, Words.of(height));
  }

  /**
   * Account {@code n}'s address: the last 20 bytes of Keccak-256 of {@code n} as 8 big-endian bytes,
   * as real addresses are hash outputs (sequential ones would hash into few distinct
   * {@code Arrays.hashCode} values and turn the caches' hash maps into tree bins).
   */
  static Address[] addresses(int count) {
    Address[] out = new Address[count];
    for (int n = 0; n < count; n++) {
      byte[] hash = Hash.keccak256(ByteBuffer.allocate(8).putLong(n).array()).bytes();
      out[n] = Address.of(Arrays.copyOfRange(hash, hash.length - Address.LENGTH, hash.length));
    }
    return out;
  }
}
