package io.luxtensor.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {

  @Test
  void decodesWithAndWithoutPrefix() {
    assertThat(Hex.decode("0x0aFF")).isEqualTo(Hex.decode("0aff")).containsExactly(0x0a, 0xff);
  }

  @Test
  void encodesEmptyArrayAsBarePrefix() {
    assertThat(Hex.encode(new byte[0])).isEqualTo("0x");
  }

  @Test
  void rejectsOddDigitCount() {
    assertThatThrownBy(() -> Hex.decode("0xabc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd number of digits");
  }
}
