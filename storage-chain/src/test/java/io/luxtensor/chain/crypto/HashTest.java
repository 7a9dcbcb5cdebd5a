package io.luxtensor.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HashTest {

  private static final String HEX = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

  @Test
  void printsWhatItParsed() {
    assertThat(Hash.fromHex(HEX).toHex()).isEqualTo(HEX);
  }

  @Test
  void parsesUppercaseDigitsAndPrintsLowercase() {
    assertThat(Hash.fromHex("0x" + HEX.substring(2).toUpperCase()).toHex()).isEqualTo(HEX);
  }

  @Test
  void rejectsHexWithoutPrefix() {
    assertThatThrownBy(() -> Hash.fromHex(HEX.substring(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with 0x");
  }

  @Test
  void rejectsWrongLength() {
    assertThatThrownBy(() -> Hash.fromHex("0x1234"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 32 bytes");
  }

  @Test
  void rejectsNonHexDigit() {
    assertThatThrownBy(() -> Hash.fromHex("0x" + "g".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not hex");
  }

  @Test
  void rejectsArrayOfWrongLength() {
    assertThatThrownBy(() -> new Hash(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorCopiesCallerArray() {
    byte[] source = new byte[32];
    Hash hash = Hash.of(source);
    source[0] = 1;

    assertThat(hash).isEqualTo(Hash.ZERO);
  }

  @Test
  void accessorReturnsCopy() {
    Hash hash = Hash.fromHex(HEX);
    hash.bytes()[0] = 0;

    assertThat(hash.toHex()).isEqualTo(HEX);
  }

  @Test
  void equalHashesHaveEqualHashCodes() {
    assertThat(Hash.fromHex(HEX)).isEqualTo(Hash.fromHex(HEX)).hasSameHashCodeAs(Hash.fromHex(HEX));
  }

  @Test
  void ordersBytesAsUnsigned() {
    byte[] high = new byte[32];
    high[0] = (byte) 0x80;
    byte[] low = new byte[32];
    low[0] = 0x7f;

    assertThat(Hash.of(high)).isGreaterThan(Hash.of(low));
  }

  @Test
  void keccakOfDataMatchesDigest() {
    byte[] data = {1, 2, 3};

    assertThat(Hash.keccak256(data).bytes()).isEqualTo(Keccak256.hash(data));
  }

  @Test
  void sortsLikeUnsignedByteArrays() {
    Hash[] hashes = new Hash[50];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = Hash.keccak256(new byte[] {(byte) i});
    }
    Hash[] sorted = hashes.clone();
    Arrays.sort(sorted);

    for (int i = 1; i < sorted.length; i++) {
      assertThat(Arrays.compareUnsigned(sorted[i - 1].bytes(), sorted[i].bytes())).isNegative();
    }
  }
}
