package io.luxtensor.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VersionChainTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** v1 at 1, v5 at 5, tombstone at 7, v9 at 9: what a key looks like under several open readers. */
  private static byte[] history() {
    byte[] chain = VersionChain.single(1, b("v1"));
    chain = VersionChain.write(chain, 5, b("v5"), new long[] {1, 4});
    chain = VersionChain.write(chain, 7, null, new long[] {1, 6});
    return VersionChain.write(chain, 9, b("v9"), new long[] {1, 6, 8});
  }

  @Test
  void readerSeesTheNewestVersionAtOrBelowItsSequence() {
    byte[] chain = history();
    assertThat(VersionChain.visible(chain, 0)).isNull();
    assertThat(VersionChain.visible(chain, 1)).isEqualTo(b("v1"));
    assertThat(VersionChain.visible(chain, 4)).isEqualTo(b("v1"));
    assertThat(VersionChain.visible(chain, 6)).isEqualTo(b("v5"));
    assertThat(VersionChain.visible(chain, 8)).isNull();
    assertThat(VersionChain.visible(chain, Long.MAX_VALUE)).isEqualTo(b("v9"));
    assertThat(VersionChain.versionCount(chain)).isEqualTo(4);
  }

  @Test
  void pruningKeepsExactlyTheVersionsOpenReadersSee() {
    long[] readers = {4, 6, 9};
    byte[] pruned = VersionChain.prune(history(), readers);
    assertThat(VersionChain.versionCount(pruned)).as("v1 for 4, v5 for 6, v9 for 9").isEqualTo(3);
    for (long seq : readers) {
      assertThat(VersionChain.visible(pruned, seq)).isEqualTo(VersionChain.visible(history(), seq));
    }
    assertThat(VersionChain.versionCount(VersionChain.prune(history(), new long[] {9}))).isEqualTo(1);
    assertThat(VersionChain.hasGarbage(VersionChain.prune(history(), new long[] {9}))).isFalse();
  }

  @Test
  void versionsOfABatchInProgressSurvivePruning() {
    byte[] pruned = VersionChain.prune(history(), new long[] {2});
    assertThat(VersionChain.versionCount(pruned)).as("v1 for 2, and 5, 7, 9 newer than every reader").isEqualTo(4);
  }

  @Test
  void pruningDropsTombstonesNoReaderCanTellFromAbsence() {
    byte[] deleted = VersionChain.write(VersionChain.single(3, b("v")), 4, null, new long[] {3});
    assertThat(VersionChain.versionCount(deleted)).isEqualTo(2);
    assertThat(VersionChain.prune(deleted, new long[] {3})).isSameAs(deleted);
    assertThat(VersionChain.prune(deleted, new long[] {4})).isNull();
    byte[] tombstoneOverOlderValue = VersionChain.prune(history(), new long[] {7, 8});
    assertThat(VersionChain.versionCount(tombstoneOverOlderValue)).as("only v9, of a batch in progress").isEqualTo(1);
    assertThat(VersionChain.visible(tombstoneOverOlderValue, 8)).isNull();
  }

  @Test
  void writingTwiceAtOneSequenceReplacesTheVersion() {
    byte[] chain = VersionChain.write(VersionChain.single(2, b("old")), 3, b("first"), new long[] {2});
    chain = VersionChain.write(chain, 3, b("second"), new long[] {2});
    assertThat(VersionChain.versionCount(chain)).isEqualTo(2);
    assertThat(VersionChain.visible(chain, 3)).isEqualTo(b("second"));
    assertThat(VersionChain.visible(chain, 2)).isEqualTo(b("old"));
  }

  @Test
  void emptyValueIsAVersionNotATombstone() {
    byte[] chain = VersionChain.single(1, new byte[0]);
    assertThat(VersionChain.visible(chain, 1)).isEmpty();
    assertThat(VersionChain.hasGarbage(chain)).isFalse();
  }

  @Test
  void malformedChainIsReportedAsCorruptionNotReturned() {
    byte[] chain = VersionChain.single(1, b("value"));
    byte[] truncated = Arrays.copyOf(chain, chain.length - 2);
    assertThatThrownBy(() -> VersionChain.visible(truncated, 1)).isInstanceOf(CorruptionException.class);
    byte[] badKind = chain.clone();
    badKind[8] = 7;
    assertThatThrownBy(() -> VersionChain.visible(badKind, 1)).isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> VersionChain.visible(new byte[5], 1)).isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> VersionChain.visible(new byte[0], 1)).isInstanceOf(CorruptionException.class);
  }
}
