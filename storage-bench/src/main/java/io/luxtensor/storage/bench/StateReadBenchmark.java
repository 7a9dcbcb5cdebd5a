package io.luxtensor.storage.bench;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateConfig;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * Hot account reads of the state store on RocksDB, one thread, 10,000 accounts all hot, with each
 * cache that could serve them: {@code cache=state} the state store's own account cache (decoded
 * accounts, the default), {@code cache=api} the state store's cache off and the API's read cache in
 * front of RocksDB (raw bytes, decoded per read), {@code cache=none} neither (the block cache only).
 * Says which cache the state store's 1M cached reads per second should come from.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StateReadBenchmark {

  static final int ACCOUNTS = 10_000;

  @Param({"state", "api", "none"})
  public String cache;

  private Path root;
  private KeyValueStore kv;
  private StateStore state;
  private Address[] addresses;
  private int[] order;
  private int next;

  @Setup(Level.Trial)
  public void open() {
    root = BenchData.tempDirectory("lux-bench-state");
    StorageConfig.Builder config = StorageConfig.builder().engine("rocksdb").path(root);
    // The API read cache is on by default; only cache=api keeps it (at 64 MiB, the whole data set).
    config.option("rocksdb.read_cache_bytes", cache.equals("api") ? Long.toString(64L << 20) : "0");
    kv = StorageEngines.open(config.build());
    // No diff layers: the accounts are read from the flat table (through the cache or not), not
    // from the in-memory layer that the loading commit would otherwise stay in.
    StateConfig stateConfig = (cache.equals("state") ? StateConfig.DEFAULT : StateConfig.DEFAULT.withCaches(0, 0, 200_000))
        .withDiffLayers(0);
    state = StateStore.open(kv, stateConfig);
    SplittableRandom random = new SplittableRandom(29);
    addresses = new Address[ACCOUNTS];
    WorldState world = state.begin();
    for (int i = 0; i < ACCOUNTS; i++) {
      byte[] bytes = new byte[Address.LENGTH];
      random.nextBytes(bytes);
      addresses[i] = Address.of(bytes);
      world.createAccount(addresses[i]);
      world.setBalance(addresses[i], BigInteger.valueOf(1_000_000L + i));
    }
    world.commit(1, Hash.ZERO);
    order = BenchData.randomOrder(1 << 20, ACCOUNTS, 31);
  }

  @TearDown(Level.Trial)
  public void close() {
    kv.close();
    BenchData.deleteRecursively(root);
  }

  @Benchmark
  public Optional<Account> account() {
    return state.account(addresses[order[next++ & (order.length - 1)]]);
  }
}
