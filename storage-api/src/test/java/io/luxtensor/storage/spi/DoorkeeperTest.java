package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoorkeeperTest {

  @Test
  void aKeyIsNewTheFirstTimeAndSeenTheSecond() {
    Doorkeeper doorkeeper = new Doorkeeper(1000);
    assertThat(doorkeeper.seenBefore(42)).isFalse();
    assertThat(doorkeeper.seenBefore(42)).isTrue();
  }

  @Test
  void fewUnseenKeysPassForSeenWhileTheFilterFills() {
    Doorkeeper doorkeeper = new Doorkeeper(10_000);
    SplittableRandom random = new SplittableRandom(7);
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++) {
      if (doorkeeper.seenBefore(random.nextInt())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).isLessThan(500);
  }

  @Test
  void theFilterForgetsAfterAsManyNewKeysAsItWasSizedFor() {
    Doorkeeper doorkeeper = new Doorkeeper(100);
    doorkeeper.seenBefore(-1);
    for (int key = 0; key < 100; key++) {
      doorkeeper.seenBefore(key);
    }
    assertThat(doorkeeper.seenBefore(-1)).isFalse();
  }
}
