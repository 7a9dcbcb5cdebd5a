package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child JVM of {@link StateStoreCrashTest}: commits heights of a few hundred account and slot
 * changes on RocksDB at the directory given, now and then rolls back a few heights or prunes, and
 * prints {@code ACK <head height> <head root>} after each step returns, to standard output and
 * appended to the file {@code acks} beside the store (which outlives the kill, unlike the pipe),
 * until it is killed.
 */
public final class CrashCommitter {

  static final int ACCOUNTS = 400;
  static final int CONTRACTS = 20;
  static final int SLOTS = 50;

  private CrashCommitter() {}

  static Address account(int n) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) 0xcc;
    bytes[18] = (byte) (n >> 8);
    bytes[19] = (byte) n;
    return Address.of(bytes);
  }

  private static java.io.PrintStream acks;

  /** {@code args}: the store directory and a random seed. */
  public static void main(String[] args) throws java.io.IOException {
    Path dir = Path.of(args[0]);
    acks = new java.io.PrintStream(new java.io.FileOutputStream(dir.resolveSibling("acks").toFile(), true), true,
        java.nio.charset.StandardCharsets.UTF_8);
    Random random = new Random(Long.parseLong(args[1]));
    try (KeyValueStore kv = StorageEngines.open(StorageConfig.builder().engine("rocksdb").path(dir).build())) {
      // Two diff layers: rollbacks of 1 to 3 heights land both within and below them. Tries written
      // every third height: kills land in flushes, and rollbacks below the written trie rebuild it.
      StateStore state = StateStore.open(kv, StateConfig.DEFAULT.withRetainedHeights(16).withDiffLayers(2)
          .withTrieFlushInterval(3));
      WorldState world = state.begin();
      for (int i = 0; i < ACCOUNTS; i++) {
        world.setBalance(account(i), BigInteger.valueOf(1_000_000));
      }
      world.commit(0, Words.of(0));
      ack(state);
      for (long step = 1; ; step++) {
        int action = random.nextInt(12);
        long head = state.headHeight().orElseThrow();
        if (action == 0 && head > 3) {
          state.rollbackTo(head - 1 - random.nextInt(3));
          world = state.begin();
        } else if (action == 1) {
          state.prune(4);
          state.pruneTrieNodes();
        } else {
          for (int i = 0; i < 200; i++) {
            world.transfer(account(random.nextInt(ACCOUNTS)), account(random.nextInt(ACCOUNTS)),
                BigInteger.valueOf(random.nextInt(10)));
            Address contract = account(random.nextInt(CONTRACTS));
            world.setStorage(contract, Words.of(random.nextInt(SLOTS)), Words.of(random.nextInt(4)));
          }
          if (random.nextInt(10) == 0) {
            world.deleteAccount(account(random.nextInt(CONTRACTS)));
          }
          world.commit(head + 1, Words.of(head + 1));
        }
        ack(state);
      }
    }
  }

  private static void ack(StateStore state) {
    Hash root = state.headRoot();
    String line = "ACK " + state.headHeight().orElseThrow() + " " + root;
    acks.println(line);
    System.out.println(line);
    System.out.flush();
  }
}
