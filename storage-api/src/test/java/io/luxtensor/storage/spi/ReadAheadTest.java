package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadAheadTest {

  private static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void forwardBoundIsExclusiveAndUnsigned() {
    ReadAhead batch = new ReadAhead(true, b(0x80), 4);
    assertThat(batch.within(b(0x7F, 0xFF))).isTrue();
    assertThat(batch.within(b(0x80))).isFalse();
    assertThat(batch.within(b(0xFF))).isFalse();
  }

  @Test
  void backwardBoundIsInclusive() {
    ReadAhead batch = new ReadAhead(false, b(0x10), 4);
    assertThat(batch.within(b(0x10))).isTrue();
    assertThat(batch.within(b(0x0F, 0xFF))).isFalse();
  }

  @Test
  void openBoundTakesEveryKey() {
    assertThat(new ReadAhead(true, null, 1).within(b(0xFF, 0xFF))).isTrue();
  }

  @Test
  void addingPastTheLimitOfTheCallIsRefused() {
    ReadAhead batch = new ReadAhead(true, null, 8);
    batch.reset(2, true);
    batch.add(b(1), b(10));
    batch.add(b(2), b(20));
    assertThat(batch.isFull()).isTrue();
    assertThatThrownBy(() -> batch.add(b(3), b(30))).isInstanceOf(IllegalStateException.class);
    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.key(1)).containsExactly(2);
    assertThat(batch.value(1)).containsExactly(20);
  }

  @Test
  void limitIsCappedAtTheCapacity() {
    ReadAhead batch = new ReadAhead(true, null, 3);
    batch.reset(100, false);
    for (int i = 0; i < 3; i++) {
      batch.add(b(i), null);
    }
    assertThat(batch.isFull()).isTrue();
    assertThat(batch.withValues()).isFalse();
  }

  @Test
  void resetEmptiesTheBatchForTheNextCall() {
    ReadAhead batch = new ReadAhead(true, null, 4);
    batch.reset(4, true);
    batch.add(b(1), b(10));
    batch.reset(4, true);
    assertThat(batch.size()).isZero();
    assertThat(batch.isFull()).isFalse();
  }

  @Test
  void capacityBelowOneIsRejected() {
    assertThatThrownBy(() -> new ReadAhead(true, null, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
