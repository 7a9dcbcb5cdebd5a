package io.luxtensor.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.StateView;
import io.luxtensor.chain.state.WorldState;
import io.luxtensor.chain.state.Words;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random states for the snapshot tests, and the checks that two stores hold the same state. */
final class SnapshotFixture {

  private SnapshotFixture() {}

  static Address address(int i) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) 0xaa;
    bytes[16] = (byte) (i >>> 24);
    bytes[17] = (byte) (i >>> 16);
    bytes[18] = (byte) (i >>> 8);
    bytes[19] = (byte) i;
    return Address.of(bytes);
  }

  static Hash blockHash(long height) {
    return Words.of(1_000_000 + height);
  }

  /**
   * Commits {@code heights} heights of random changes to {@code state} over {@code accounts}
   * addresses: balances, nonces, slots (some cleared), code, deletions. Returns the addresses.
   */
  static List<Address> populate(StateStore state, Random random, int accounts, int heights) {
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      addresses.add(address(i));
    }
    long next = state.headHeight().isPresent() ? state.headHeight().getAsLong() + 1 : 0;
    for (int h = 0; h < heights; h++) {
      WorldState world = state.begin();
      int changes = h == 0 ? accounts : Math.max(1, accounts / 4);
      for (int c = 0; c < changes; c++) {
        Address address = h == 0 ? addresses.get(c) : addresses.get(random.nextInt(accounts));
        int action = random.nextInt(10);
        if (action < 4) {
          world.setBalance(address, BigInteger.valueOf(random.nextInt(1_000_000) + 1L));
        } else if (action < 6) {
          world.setStorage(address, Words.of(random.nextInt(20)), random.nextInt(5) == 0 ? Hash.ZERO
              : Words.of(random.nextInt(1 << 20) + 1L));
          world.setNonce(address, world.nonce(address) + 1);
        } else if (action < 7) {
          world.setCode(address, new byte[] {0x60, (byte) random.nextInt(4), 0x00});
        } else if (action < 8 && h > 0) {
          world.deleteAccount(address);
        } else {
          world.setNonce(address, world.nonce(address) + 1);
          for (int s = 0; s < random.nextInt(6); s++) {
            world.setStorage(address, Words.of(random.nextInt(1000)), Words.of(random.nextLong() & Long.MAX_VALUE | 1));
          }
        }
      }
      world.commit(next + h, blockHash(next + h));
    }
    return addresses;
  }

  /** Checks {@code actual} shows the same accounts, slots and code as {@code expected} for {@code addresses}. */
  static void assertSameState(StateView expected, StateView actual, List<Address> addresses) {
    assertThat(actual.root()).isEqualTo(expected.root());
    for (Address address : addresses) {
      assertThat(actual.account(address)).as("account %s", address).isEqualTo(expected.account(address));
      assertThat(actual.code(address)).as("code of %s", address).isEqualTo(expected.code(address));
      for (int slot = 0; slot < 20; slot++) {
        assertThat(actual.storage(address, Words.of(slot))).as("slot %s of %s", slot, address)
            .isEqualTo(expected.storage(address, Words.of(slot)));
      }
    }
  }

  static byte[] chunk(SnapshotExporter exporter, int index) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      exporter.writeChunk(index, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
