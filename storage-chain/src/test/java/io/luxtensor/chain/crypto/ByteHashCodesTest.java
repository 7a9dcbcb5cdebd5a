package io.luxtensor.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteHashCodesTest {

  @Test
  void equalContentsHaveEqualHashCodes() {
    byte[] bytes = Hash.keccak256(new byte[] {1}).bytes();

    assertThat(ByteHashCodes.of(bytes.clone())).isEqualTo(ByteHashCodes.of(bytes));
  }

  @Test
  void everyByteOfAnAddressOrAHashChangesTheHashCode() {
    for (int length : new int[] {Address.LENGTH, Hash.LENGTH}) {
      int zero = ByteHashCodes.of(new byte[length]);
      for (int i = 0; i < length; i++) {
        byte[] bytes = new byte[length];
        bytes[i] = 1;

        assertThat(ByteHashCodes.of(bytes)).as("byte %d of %d", i, length).isNotEqualTo(zero);
      }
    }
  }

  @Test
  void sequentialAddressesSpreadOverDistinctHashCodes() {
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] bytes = new byte[Address.LENGTH];
      bytes[17] = (byte) (i >>> 16);
      bytes[18] = (byte) (i >>> 8);
      bytes[19] = (byte) i;
      codes.add(ByteHashCodes.of(bytes));
    }

    assertThat(codes).as("distinct hash codes of 100,000 sequential addresses").hasSizeGreaterThan(99_990);
  }
}
