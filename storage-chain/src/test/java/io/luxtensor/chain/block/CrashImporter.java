package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Child JVM of {@link BlockStoreCrashTest}: imports blocks with receipts on RocksDB at the
 * directory given, forks and reorgs now and then, and prints {@code ACK n} after each import or
 * head change returns, until it is killed.
 */
public final class CrashImporter {

  private CrashImporter() {}

  /** {@code args}: the store directory and a random seed. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      BlockStore store = BlockStore.open(kv);
      ChainFixture fixture = new ChainFixture(store.roots());
      ChainFixture.Built genesis = fixture.genesis();
      store.importBlock(genesis.block(), genesis.receipts());
      List<ChainFixture.Built> all = new ArrayList<>(List.of(genesis));
      ChainFixture.Built head = genesis;
      long nonce = 0;
      for (long step = 1; ; step++) {
        int action = random.nextInt(10);
        if (action == 0 && all.size() > 2) {
          head = all.get(random.nextInt(all.size()));
          store.setHead(head.hash());
        } else {
          // Mostly extend the head; sometimes fork off a recent block, which a later setHead may pick.
          ChainFixture.Built parent = action == 1 ? all.get(Math.max(0, all.size() - 1 - random.nextInt(4))) : head;
          List<Transaction> txs = new ArrayList<>();
          List<List<Log>> logs = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            Address to = ChainFixture.address(random.nextInt(8));
            txs.add(ChainFixture.legacy(ChainFixture.key(i), nonce++, to, step));
            logs.add(List.of(new Log(to, List.of(ChainFixture.topic(random.nextInt(4))), new byte[] {1})));
          }
          ChainFixture.Built child = fixture.block(parent.block().header(), txs, logs, step);
          if (store.importBlock(child.block(), child.receipts()) == ImportResult.CANONICAL) {
            head = child;
          }
          all.add(child);
        }
        System.out.println("ACK " + step);
        System.out.flush();
      }
    }
  }
}
