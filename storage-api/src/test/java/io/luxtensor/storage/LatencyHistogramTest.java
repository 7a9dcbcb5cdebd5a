package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void emptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().percentile(99)).isZero();
  }

  @Test
  void percentilesAreWithinTheBucketPrecision() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      histogram.record(v);
    }
    assertThat((double) histogram.percentile(50)).isCloseTo(50_000, within(50_000 * 0.125));
    assertThat((double) histogram.percentile(99)).isCloseTo(99_000, within(99_000 * 0.125));
  }

  @Test
  void everyValueFallsInABucketWhoseMidpointIsNear() {
    for (long v : new long[] {0, 1, 7, 8, 9, 1000, 123_456_789, Long.MAX_VALUE / 2}) {
      long mid = LatencyHistogram.midpointOf(LatencyHistogram.indexOf(v));
      assertThat((double) mid).isCloseTo(v, within(Math.max(1, v * 0.125)));
    }
  }
}
