package io.luxtensor.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Keccak256Test {

  // Known-answer vectors from the Keccak team's submission, as used by every Ethereum client.
  @Test
  void hashesEmptyInputToKnownDigest() {
    assertThat(Hex.encode(Keccak256.hash(new byte[0])))
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void hashesAbcToKnownDigest() {
    assertThat(Hex.encode(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void hashesSliceLikeCopiedSlice() {
    byte[] data = "xxabcxx".getBytes(StandardCharsets.US_ASCII);

    assertThat(Keccak256.hash(data, 2, 3)).isEqualTo(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII)));
  }
}
