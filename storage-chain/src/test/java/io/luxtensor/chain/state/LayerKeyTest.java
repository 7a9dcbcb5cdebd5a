package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import org.junit.jupiter.api.Test;

class LayerKeyTest {

  private static final Address ADDRESS = Address.fromHex("0x00112233445566778899aabbccddeeff00112233");
  private static final Hash SLOT = Hash.keccak256(new byte[] {7});

  @Test
  void keysOfTheSameAccountOrSlotAreEqualWithEqualHashCodes() {
    assertThat(LayerKey.of(Address.of(ADDRESS.bytes()))).isEqualTo(LayerKey.of(ADDRESS))
        .hasSameHashCodeAs(LayerKey.of(ADDRESS));
    assertThat(LayerKey.of(ADDRESS, Hash.of(SLOT.bytes()))).isEqualTo(LayerKey.of(ADDRESS, SLOT))
        .hasSameHashCodeAs(LayerKey.of(ADDRESS, SLOT));
  }

  @Test
  void everyByteOfTheAddressDistinguishesTheKey() {
    for (int i = 0; i < Address.LENGTH; i++) {
      byte[] other = ADDRESS.bytes();
      other[i] ^= 1;

      assertThat(LayerKey.of(Address.of(other))).as("address byte %d", i).isNotEqualTo(LayerKey.of(ADDRESS));
      assertThat(LayerKey.of(Address.of(other), SLOT)).as("address byte %d", i).isNotEqualTo(LayerKey.of(ADDRESS, SLOT));
    }
  }

  @Test
  void everyByteOfTheSlotDistinguishesTheKey() {
    for (int i = 0; i < Hash.LENGTH; i++) {
      byte[] other = SLOT.bytes();
      other[i] ^= 1;

      assertThat(LayerKey.of(ADDRESS, Hash.of(other))).as("slot byte %d", i).isNotEqualTo(LayerKey.of(ADDRESS, SLOT));
    }
  }
}
