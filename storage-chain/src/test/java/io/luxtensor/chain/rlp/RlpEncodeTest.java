package io.luxtensor.chain.rlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RlpEncodeTest {

  @Test
  void encodesEmptyStringAs0x80() {
    assertThat(Rlp.encode(RlpString.EMPTY)).containsExactly(0x80);
  }

  @Test
  void encodesSingleByteBelow0x80AsItself() {
    assertThat(Rlp.encode(new RlpString(new byte[] {0x00}))).containsExactly(0x00);
  }

  @Test
  void encodesSingleByteFrom0x80WithPrefix() {
    assertThat(Hex.encode(Rlp.encode(new RlpString(new byte[] {(byte) 0x80})))).isEqualTo("0x8180");
  }

  @Test
  void encodes55ByteStringInShortForm() {
    byte[] encoded = Rlp.encode(new RlpString(new byte[55]));

    assertThat(encoded).hasSize(56);
    assertThat(encoded[0] & 0xff).isEqualTo(0x80 + 55);
  }

  @Test
  void encodes56ByteStringInLongForm() {
    byte[] encoded = Rlp.encode(new RlpString(new byte[56]));

    assertThat(Arrays.copyOf(encoded, 2)).containsExactly(0xb8, 56);
    assertThat(encoded).hasSize(58);
  }

  @Test
  void encodesLengthNeedingTwoBytesBigEndian() {
    byte[] encoded = Rlp.encode(new RlpString(new byte[0x0400]));

    assertThat(Arrays.copyOf(encoded, 3)).containsExactly(0xb9, 0x04, 0x00);
  }

  @Test
  void encodesEmptyListAs0xc0() {
    assertThat(Rlp.encode(RlpList.EMPTY)).containsExactly(0xc0);
  }

  @Test
  void encodedLengthMatchesEncoding() {
    RlpItem item = RlpList.of(RlpString.ofUtf8("cat"), RlpList.of(new RlpString(new byte[60])));

    assertThat(Rlp.encodedLength(item)).isEqualTo(Rlp.encode(item).length);
  }

  @Test
  void fastEncoderWritesSameBytesAsItemEncoder() {
    byte[] cat = "cat".getBytes();
    byte[] dog = new byte[70];
    byte[] fast = RlpEncoder.encodeList(RlpEncoder.encodeString(cat), RlpEncoder.encodeString(dog));

    assertThat(fast).isEqualTo(Rlp.encode(RlpList.of(new RlpString(cat), new RlpString(dog))));
  }
}
