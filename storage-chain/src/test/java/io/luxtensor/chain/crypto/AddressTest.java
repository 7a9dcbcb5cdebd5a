package io.luxtensor.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {

  private static final String HEX = "0x095e7baea6a6c7c4c2dfeb977efac326af552d87";

  @Test
  void printsWhatItParsed() {
    assertThat(Address.fromHex(HEX).toHex()).isEqualTo(HEX);
  }

  @Test
  void parsesChecksummedMixedCase() {
    assertThat(Address.fromHex("0x095E7BAea6a6c7c4c2DfeB977eFac326aF552d87").toHex()).isEqualTo(HEX);
  }

  @Test
  void rejectsHashLengthHex() {
    assertThatThrownBy(() -> Address.fromHex("0x" + "00".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 20 bytes");
  }

  @Test
  void rejectsMissingPrefix() {
    assertThatThrownBy(() -> Address.fromHex(HEX.substring(2))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorCopiesCallerArray() {
    byte[] source = new byte[20];
    Address address = Address.of(source);
    source[19] = 1;

    assertThat(address).isEqualTo(Address.ZERO);
  }

  @Test
  void accessorReturnsCopy() {
    Address address = Address.fromHex(HEX);
    address.bytes()[0] = 0;

    assertThat(address.toHex()).isEqualTo(HEX);
  }

  @Test
  void ordersBytesAsUnsigned() {
    byte[] high = new byte[20];
    high[19] = (byte) 0xff;

    assertThat(Address.of(high)).isGreaterThan(Address.ZERO);
  }

  @Test
  void secureTriePathIsKeccakOfTheBytes() {
    Address address = Address.fromHex(HEX);

    assertThat(address.keccak256()).isEqualTo(Hash.keccak256(address.bytes()));
  }
}
