package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRangeTest {

  private static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void keysOrderIsUnsignedAndPrefixFirst() {
    byte[][] ordered = {b(), b(0x01), b(0x01, 0x7F), b(0x01, 0x80), b(0x02), b(0xFF)};
    for (int i = 0; i + 1 < ordered.length; i++) {
      assertThat(Keys.compare(ordered[i], ordered[i + 1])).isNegative();
    }
  }

  @Test
  void prefixUpperBoundSkipsTrailingFfBytes() {
    KeyRange range = KeyRange.prefix(b(0x01, 0xFF, 0xFF));
    assertThat(range.to()).containsExactly(0x02);
    assertThat(range.contains(b(0x01, 0xFF, 0xFF, 0x00))).isTrue();
    assertThat(range.contains(b(0x02))).isFalse();
  }

  @Test
  void prefixOfOnlyFfBytesHasNoUpperBound() {
    assertThat(KeyRange.prefix(b(0xFF, 0xFF)).to()).isNull();
  }

  @Test
  void rangeWithFromNotBelowToIsEmpty() {
    assertThat(KeyRange.of(b(2), b(1)).isEmpty()).isTrue();
    assertThat(KeyRange.of(b(1), b(1)).isEmpty()).isTrue();
    assertThat(KeyRange.of(b(1), b(2)).isEmpty()).isFalse();
  }

  @Test
  void upperBoundIsExclusiveAndLowerInclusive() {
    KeyRange range = KeyRange.of(b(1), b(3));
    assertThat(range.contains(b(1))).isTrue();
    assertThat(range.contains(b(2, 0xFF))).isTrue();
    assertThat(range.contains(b(3))).isFalse();
  }

  @Test
  void boundsAreCopiedInAndOut() {
    byte[] from = b(1);
    KeyRange range = KeyRange.atLeast(from);
    from[0] = 9;
    range.from()[0] = 9;
    assertThat(range.from()).containsExactly(1);
  }

  @Test
  void equalityComparesBoundContents() {
    assertThat(KeyRange.of(b(1), b(2))).isEqualTo(KeyRange.of(b(1), b(2))).hasSameHashCodeAs(KeyRange.of(b(1), b(2)));
    assertThat(KeyRange.of(b(1), b(2))).isNotEqualTo(KeyRange.atLeast(b(1)));
  }
}
