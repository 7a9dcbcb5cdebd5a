package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateDiffTest {

  @Test
  void encodesAsTheRlpListOfHeightAccountChangesAndSlotChanges() {
    StateDiff diff = sample(7, 3, 4);

    assertThat(diff.encode()).isEqualTo(asItemTree(diff));
  }

  @Test
  void encodesAnEmptyDiffAsTheHeightWithTwoEmptyLists() {
    StateDiff diff = new StateDiff(0, List.of(), List.of());

    assertThat(diff.encode()).isEqualTo(asItemTree(diff)).isEqualTo(StateLayout.emptyDiff(0));
  }

  @Test
  void encodesABlockSizedDiffWithLongFormHeaders() {
    StateDiff diff = sample(Long.MAX_VALUE, 2_000, 2_000);

    assertThat(diff.encode()).isEqualTo(asItemTree(diff));
  }

  @Test
  void decodesItsOwnEncoding() {
    StateDiff diff = sample(1_000_000, 5, 6);

    assertThat(StateDiff.decode(diff.encode())).isEqualTo(diff);
  }

  /**
   * A diff of {@code accounts} account changes (created, changed and deleted ones) and {@code slots}
   * slot changes (set, changed and cleared ones).
   */
  private static StateDiff sample(long height, int accounts, int slots) {
    List<StateDiff.AccountChange> accountChanges = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      Optional<Account> account = Optional.of(new Account(i, BigInteger.TEN.pow(i % 70), Hash.keccak256(new byte[] {(byte) i}),
          Hash.EMPTY_CODE_HASH));
      accountChanges.add(new StateDiff.AccountChange(address(i), i % 3 == 0 ? Optional.empty() : account,
          i % 3 == 1 ? Optional.empty() : account.map(a -> a.withNonce(a.nonce() + 1))));
    }
    List<StateDiff.SlotChange> slotChanges = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      slotChanges.add(new StateDiff.SlotChange(address(i / 3), Words.of(i), i % 2 == 0 ? Hash.ZERO : Words.of(i << 8),
          i % 3 == 0 ? Hash.ZERO : Hash.keccak256(new byte[] {(byte) i, 1})));
    }
    return new StateDiff(height, accountChanges, slotChanges);
  }

  private static Address address(int i) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[0] = (byte) (i >>> 8);
    bytes[19] = (byte) i;
    return Address.of(bytes);
  }

  /** The diff's encoding built the general way, as a tree of RLP items. */
  private static byte[] asItemTree(StateDiff diff) {
    List<RlpItem> accounts = new ArrayList<>();
    for (StateDiff.AccountChange change : diff.accounts()) {
      accounts.add(RlpList.of(new RlpString(change.address().bytes()), new RlpString(StateDiff.accountBytes(change.before())),
          new RlpString(StateDiff.accountBytes(change.after()))));
    }
    List<RlpItem> slots = new ArrayList<>();
    for (StateDiff.SlotChange change : diff.slots()) {
      slots.add(RlpList.of(new RlpString(change.address().bytes()), new RlpString(change.slot().bytes()),
          new RlpString(Words.trimmed(change.before())), new RlpString(Words.trimmed(change.after()))));
    }
    return Rlp.encode(RlpList.of(RlpString.ofUnsigned(diff.height()), new RlpList(accounts), new RlpList(slots)));
  }
}
