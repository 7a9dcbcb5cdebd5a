package io.luxtensor.chain.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hex;
import org.junit.jupiter.api.Test;

class RlpDecodeTest {

  private static RlpException rejection(String hex) {
    byte[] input = Hex.decode(hex);
    try {
      Rlp.decode(input);
    } catch (RlpException e) {
      return e;
    }
    throw new AssertionError("accepted non-canonical RLP " + hex);
  }

  @Test
  void decodesSingleByteBelow0x80AsOneByteString() {
    assertThat(Rlp.decode(Hex.decode("0x7f"))).isEqualTo(new RlpString(new byte[] {0x7f}));
  }

  @Test
  void decodesNestedLists() {
    assertThat(Rlp.decode(Hex.decode("0xc4c2c0c0c0")))
        .isEqualTo(RlpList.of(RlpList.of(RlpList.EMPTY, RlpList.EMPTY), RlpList.EMPTY));
  }

  @Test
  void rejectsEmptyInputAtOffsetZero() {
    RlpException e = rejection("0x");

    assertThat(e.offset()).isZero();
    assertThat(e).hasMessageContaining("offset 0").hasMessageContaining("empty");
  }

  @Test
  void rejectsTrailingBytesAtTheirOffset() {
    RlpException e = rejection("0x8180ff00");

    assertThat(e.offset()).isEqualTo(2);
    assertThat(e).hasMessageContaining("2 trailing byte(s)");
  }

  @Test
  void rejectsSingleByteBelow0x80WrappedAsString() {
    assertThat(rejection("0xc3018105")).hasMessageContaining("offset 2").hasMessageContaining("single byte 0x05");
  }

  @Test
  void rejectsLeadingZeroInLongLength() {
    RlpException e = rejection("0xb90040" + "00".repeat(64));

    assertThat(e.offset()).isEqualTo(1);
    assertThat(e).hasMessageContaining("leading zero");
  }

  @Test
  void rejectsLongFormForLengthBelow56() {
    assertThat(rejection("0xb837" + "61".repeat(55))).hasMessageContaining("length 55 uses the long form");
  }

  @Test
  void rejectsListLongFormForLengthBelow56() {
    assertThat(rejection("0xf80180")).hasMessageContaining("list length 1 uses the long form");
  }

  @Test
  void rejectsStringRunningPastInput() {
    assertThat(rejection("0x83646f")).hasMessageContaining("offset 0").hasMessageContaining("declares 3 payload byte(s) but only 2");
  }

  @Test
  void rejectsItemRunningPastItsEnclosingList() {
    // The list declares 2 payload bytes but its string item needs 3.
    assertThat(rejection("0xc282616100")).hasMessageContaining("offset 1");
  }

  @Test
  void rejectsLengthOverflowingInt() {
    assertThat(rejection("0xbf0f000000000000021111")).hasMessageContaining("overflows a 32-bit integer");
  }

  private static byte[] nestedLists(int depth) {
    RlpItem item = RlpList.EMPTY;
    for (int i = 1; i < depth; i++) {
      item = RlpList.of(item);
    }
    return Rlp.encode(item);
  }

  @Test
  void rejectsNestingDeeperThanLimit() {
    byte[] input = nestedLists(RlpDecoder.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Rlp.decode(input)).isInstanceOf(RlpException.class).hasMessageContaining("nested deeper");
  }

  @Test
  void acceptsNestingAtTheLimit() {
    byte[] input = nestedLists(RlpDecoder.MAX_DEPTH);

    assertThat(Rlp.encode(Rlp.decode(input))).isEqualTo(input);
  }
}
