package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the bytes of the state store's layout: existing stores and snapshots are written in them. */
class StateLayoutTest {

  private static final Address ADDRESS = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Hash SLOT = Words.of(7);

  @Test
  void familyNamesAreTheStoredOnes() {
    assertThat(StateLayout.FAMILIES).containsExactly("StateAccounts", "StateStorage", "StateCode", "StateTrieNodes",
        "StateRoots", "StateDiffs", "StateAccountHistory", "StateStorageHistory", "StateMeta");
    assertThat(StateStore.COLUMN_FAMILIES).isEqualTo(StateLayout.FAMILIES);
  }

  @Test
  void theFlatHeightRowIsNamedInAscii() {
    assertThat(new String(StateLayout.FLAT_HEIGHT, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("flatHeight");
  }

  @Test
  void heightKeysAreEightBytesBigEndianAndSortByHeight() {
    assertThat(Hex.encode(StateLayout.heightKey(258))).isEqualTo("0x0000000000000102");
    assertThat(java.util.Arrays.compareUnsigned(StateLayout.heightKey(255), StateLayout.heightKey(256))).isNegative();
  }

  @Test
  void heightIsReadFromTheEndOfHeightAndHistoryKeys() {
    assertThat(StateLayout.height(StateLayout.heightKey(42))).isEqualTo(42);
    assertThat(StateLayout.height(StateLayout.accountHistoryKey(ADDRESS, 43))).isEqualTo(43);
    assertThat(StateLayout.height(StateLayout.slotHistoryKey(ADDRESS, SLOT, 44))).isEqualTo(44);
    assertThatThrownBy(() -> StateLayout.height(new byte[7])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slotAndHistoryKeysPutTheAddressFirst() {
    String address = "00000000000000000000000000000000000000aa";
    String slot = "0000000000000000000000000000000000000000000000000000000000000007";
    assertThat(Hex.encode(StateLayout.slotKey(ADDRESS, SLOT))).isEqualTo("0x" + address + slot);
    assertThat(Hex.encode(StateLayout.accountHistoryKey(ADDRESS, 3))).isEqualTo("0x" + address + "0000000000000003");
    assertThat(Hex.encode(StateLayout.slotHistoryKey(ADDRESS, SLOT, 3)))
        .isEqualTo("0x" + address + slot + "0000000000000003");
    assertThat(StateLayout.slotKey(ADDRESS, SLOT)).hasSize(StateLayout.SLOT_KEY_LENGTH);
  }

  @Test
  void rootValueIsRootThenBlockHashAndDecodesBack() {
    Hash root = Hash.keccak256(new byte[] {1});
    Hash blockHash = Hash.keccak256(new byte[] {2});
    byte[] value = StateLayout.rootValue(root, blockHash);

    assertThat(Hex.encode(value)).isEqualTo(root.toString() + blockHash.toString().substring(2));
    assertThat(StateLayout.root(value)).isEqualTo(root);
    assertThat(StateLayout.blockHash(value)).isEqualTo(blockHash);
    assertThatThrownBy(() -> StateLayout.root(new byte[63])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyDiffIsTheHeightWithTwoEmptyLists() {
    assertThat(Hex.encode(StateLayout.emptyDiff(5))).isEqualTo("0xc305c0c0");
    assertThat(StateDiff.decode(StateLayout.emptyDiff(5))).isEqualTo(new StateDiff(5, List.of(), List.of()));
  }

  @Test
  void storageTrieValueIsTheRlpStringOfTheTrimmedWord() {
    assertThat(Hex.encode(StateLayout.storageTrieValue(new byte[] {0x7f}))).isEqualTo("0x7f");
    assertThat(Hex.encode(StateLayout.storageTrieValue(new byte[] {(byte) 0x80}))).isEqualTo("0x8180");
    assertThat(StateStore.trieValue(Words.of(0x1234))).isEqualTo(StateLayout.storageTrieValue(new byte[] {0x12, 0x34}));
  }
}
