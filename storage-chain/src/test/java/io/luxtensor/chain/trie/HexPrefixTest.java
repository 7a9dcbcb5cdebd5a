package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hex;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HexPrefixTest {

  // Examples from the Ethereum wiki's Patricia tree page.
  @Test
  void encodesOddExtensionPathWithFlagOne() {
    assertThat(Hex.encode(HexPrefix.encode(new byte[] {1, 2, 3, 4, 5}, false))).isEqualTo("0x112345");
  }

  @Test
  void encodesEvenExtensionPathWithZeroPadding() {
    assertThat(Hex.encode(HexPrefix.encode(new byte[] {0, 1, 2, 3, 4, 5}, false))).isEqualTo("0x00012345");
  }

  @Test
  void encodesEvenLeafPathWithFlagTwo() {
    assertThat(Hex.encode(HexPrefix.encode(new byte[] {0, 0xf, 1, 0xc, 0xb, 8}, true))).isEqualTo("0x200f1cb8");
  }

  @Test
  void encodesOddLeafPathWithFlagThree() {
    assertThat(Hex.encode(HexPrefix.encode(new byte[] {0xf, 1, 0xc, 0xb, 8}, true))).isEqualTo("0x3f1cb8");
  }

  @Test
  void rejectsFlagAboveThree() {
    assertThatThrownBy(() -> HexPrefix.decode(new byte[] {0x40})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flag nibble 4");
  }

  @Test
  void rejectsNonZeroPaddingOfEvenPath() {
    assertThatThrownBy(() -> HexPrefix.decode(new byte[] {0x21})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padding");
  }

  @Provide
  Arbitrary<byte[]> nibblePaths() {
    return Arbitraries.bytes().between((byte) 0, (byte) 15).array(byte[].class).ofMaxSize(70);
  }

  @Property
  void decodingAnEncodingGivesThePathBack(@ForAll("nibblePaths") byte[] nibbles, @ForAll boolean leaf) {
    HexPrefix.Path decoded = HexPrefix.decode(HexPrefix.encode(nibbles, leaf));

    assertThat(decoded.nibbles()).isEqualTo(nibbles);
    assertThat(decoded.leaf()).isEqualTo(leaf);
  }
}
