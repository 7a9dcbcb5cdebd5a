package io.luxtensor.chain.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RlpStringTest {

  @Test
  void constructorCopiesCallerArray() {
    byte[] source = {1, 2, 3};
    RlpString string = new RlpString(source);
    source[0] = 9;

    assertThat(string.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void accessorReturnsCopy() {
    RlpString string = new RlpString(new byte[] {1, 2, 3});
    string.bytes()[0] = 9;

    assertThat(string.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void equalsAndHashCodeFollowContent() {
    assertThat(new RlpString(new byte[] {1, 2})).isEqualTo(new RlpString(new byte[] {1, 2}))
        .hasSameHashCodeAs(new RlpString(new byte[] {1, 2}))
        .isNotEqualTo(new RlpString(new byte[] {1, 3}));
  }

  @Test
  void zeroIsTheEmptyString() {
    assertThat(RlpString.ofUnsigned(BigInteger.ZERO)).isEqualTo(RlpString.EMPTY);
  }

  @Test
  void unsignedIntegerDropsSignByte() {
    assertThat(RlpString.ofUnsigned(0x80).bytes()).containsExactly(0x80);
  }

  @Test
  void rejectsNegativeInteger() {
    assertThatThrownBy(() -> RlpString.ofUnsigned(-1)).isInstanceOf(RlpException.class).hasMessageContaining("unsigned");
  }

  @Test
  void readsUnsignedInteger() {
    assertThat(new RlpString(new byte[] {(byte) 0xff, 0x01}).asUnsigned()).isEqualTo(BigInteger.valueOf(0xff01));
  }

  @Test
  void rejectsIntegerWithLeadingZero() {
    assertThatThrownBy(() -> new RlpString(new byte[] {0, 1}).asUnsigned())
        .isInstanceOf(RlpException.class).hasMessageContaining("leading zero");
  }

  @Test
  void listRejectsNullItem() {
    java.util.List<RlpItem> items = new java.util.ArrayList<>();
    items.add(null);

    assertThatThrownBy(() -> new RlpList(items)).isInstanceOf(NullPointerException.class);
  }
}
