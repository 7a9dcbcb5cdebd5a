package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VersionChainTest {

  private static final byte[] KEY = b("key");

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** v1 at 1, v5 at 5, tombstone at 7, v9 at 9: what a key looks like under several open readers. */
  private static byte[] history() {
    byte[] chain = VersionChain.single(KEY, 1, b("v1"));
    chain = VersionChain.write(KEY, chain, 5, b("v5"), new long[] {1, 4});
    chain = VersionChain.write(KEY, chain, 7, null, new long[] {1, 6});
    return VersionChain.write(KEY, chain, 9, b("v9"), new long[] {1, 6, 8});
  }

  private static byte[] visible(byte[] chain, long seq) {
    return VersionChain.visible(KEY, chain, seq);
  }

  @Test
  void readerSeesTheNewestVersionAtOrBelowItsSequence() {
    byte[] chain = history();
    assertThat(visible(chain, 0)).isNull();
    assertThat(visible(chain, 1)).isEqualTo(b("v1"));
    assertThat(visible(chain, 4)).isEqualTo(b("v1"));
    assertThat(visible(chain, 6)).isEqualTo(b("v5"));
    assertThat(visible(chain, 8)).isNull();
    assertThat(visible(chain, Long.MAX_VALUE)).isEqualTo(b("v9"));
    assertThat(VersionChain.versionCount(chain)).isEqualTo(4);
  }

  @Test
  void pruningKeepsExactlyTheVersionsOpenReadersSee() {
    long[] readers = {4, 6, 9};
    byte[] pruned = VersionChain.prune(KEY, history(), readers);
    assertThat(VersionChain.versionCount(pruned)).as("v1 for 4, v5 for 6, v9 for 9").isEqualTo(3);
    for (long seq : readers) {
      assertThat(visible(pruned, seq)).isEqualTo(visible(history(), seq));
    }
    byte[] newestOnly = VersionChain.prune(KEY, history(), new long[] {9});
    assertThat(VersionChain.versionCount(newestOnly)).isEqualTo(1);
    assertThat(VersionChain.hasGarbage(newestOnly)).isFalse();
  }

  @Test
  void versionsOfABatchInProgressSurvivePruning() {
    byte[] pruned = VersionChain.prune(KEY, history(), new long[] {2});
    assertThat(VersionChain.versionCount(pruned)).as("v1 for 2, and 5, 7, 9 newer than every reader").isEqualTo(4);
  }

  @Test
  void pruningDropsTombstonesNoReaderCanTellFromAbsence() {
    byte[] deleted = VersionChain.write(KEY, VersionChain.single(KEY, 3, b("v")), 4, null, new long[] {3});
    assertThat(VersionChain.versionCount(deleted)).isEqualTo(2);
    assertThat(VersionChain.prune(KEY, deleted, new long[] {3})).isSameAs(deleted);
    assertThat(VersionChain.prune(KEY, deleted, new long[] {4})).isNull();
    byte[] tombstoneOverOlderValue = VersionChain.prune(KEY, history(), new long[] {7, 8});
    assertThat(VersionChain.versionCount(tombstoneOverOlderValue)).as("only v9, of a batch in progress").isEqualTo(1);
    assertThat(visible(tombstoneOverOlderValue, 8)).isNull();
  }

  @Test
  void tombstoneNewerThanTheOldestReaderStaysToSignalAConflict() {
    byte[] createdThenDeleted = VersionChain.write(KEY, VersionChain.single(KEY, 5, b("v")), 6, null, new long[] {2, 5});
    byte[] pruned = VersionChain.prune(KEY, createdThenDeleted, new long[] {2, 6});
    assertThat(VersionChain.versionCount(pruned)).isEqualTo(1);
    assertThat(VersionChain.newestSeq(KEY, pruned)).isEqualTo(6);
    assertThat(VersionChain.prune(KEY, pruned, new long[] {6})).isNull();
  }

  @Test
  void writingTwiceAtOneSequenceReplacesTheVersion() {
    byte[] chain = VersionChain.write(KEY, VersionChain.single(KEY, 2, b("old")), 3, b("first"), new long[] {2});
    chain = VersionChain.write(KEY, chain, 3, b("second"), new long[] {2});
    assertThat(VersionChain.versionCount(chain)).isEqualTo(2);
    assertThat(visible(chain, 3)).isEqualTo(b("second"));
    assertThat(visible(chain, 2)).isEqualTo(b("old"));
  }

  @Test
  void emptyValueIsAVersionNotATombstone() {
    byte[] chain = VersionChain.single(KEY, 1, new byte[0]);
    assertThat(visible(chain, 1)).isEmpty();
    assertThat(VersionChain.hasGarbage(chain)).isFalse();
  }

  @Test
  void damagedValueIsReportedAsCorruptionNotReturned() {
    byte[] chain = history();
    for (int i = 0; i < chain.length; i++) {
      byte[] damaged = chain.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> visible(damaged, 9)).as("flipped bit in byte %d", i).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void chainUnderAnotherKeyIsReportedAsCorruption() {
    byte[] chain = VersionChain.single(KEY, 1, b("value"));
    assertThatThrownBy(() -> VersionChain.visible(b("other"), chain, 1))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("6f74686572");
  }

  @Test
  void truncatedOrEmptyChainIsReportedAsCorruption() {
    byte[] chain = VersionChain.single(KEY, 1, b("value"));
    assertThatThrownBy(() -> visible(Arrays.copyOf(chain, chain.length - 2), 1)).isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> visible(new byte[5], 1)).isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> visible(new byte[0], 1)).isInstanceOf(CorruptionException.class);
  }
}
