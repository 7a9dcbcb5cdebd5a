package io.luxtensor.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.spi.EngineStats;
import org.junit.jupiter.api.Test;

class OperationMetricsTest {

  @Test
  void firstCallsAreAllTimed() {
    OperationMetrics metrics = new OperationMetrics();
    for (int i = 0; i < OperationMetrics.ALWAYS_TIMED; i++) {
      metrics.read(1, metrics.startTimer());
    }
    assertThat(metrics.timedReads()).isEqualTo(OperationMetrics.ALWAYS_TIMED);
  }

  @Test
  void laterCallsAreSampledButCountedExactly() {
    OperationMetrics metrics = new OperationMetrics();
    int calls = OperationMetrics.ALWAYS_TIMED + 80_000;
    for (int i = 0; i < calls; i++) {
      metrics.read(2, metrics.startTimer());
    }
    long sampled = metrics.timedReads() - OperationMetrics.ALWAYS_TIMED;
    // 80,000 calls at 1 in 8: 10,000 expected, and 9,000..11,000 is over ten standard deviations wide.
    assertThat(sampled).isBetween(9_000L, 11_000L);
    assertThat(metrics.snapshot(EngineStats.unknown()).reads()).isEqualTo(2L * calls);
  }
}
