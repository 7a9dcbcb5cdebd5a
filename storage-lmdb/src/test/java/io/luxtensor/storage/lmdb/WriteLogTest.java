package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write log's bookkeeping: what it records, when it forgets, and how it tells other processes' commits. */
class WriteLogTest {

  private final LmdbColumnFamily family = new LmdbColumnFamily("f", null, 0, "test");
  private final WriteLog log = new WriteLog();

  private static byte[] key(int i) {
    return new byte[] {(byte) (i >>> 8), (byte) i};
  }

  @Test
  void commitsRecordNothingWhileNoTransactionIsOpen() {
    log.committed(5, List.of(WriteLog.Touched.key(family, key(1))));
    assertThat(log.tracking()).isFalse();
    assertThat(log.size()).isZero();
    log.opened(5);
    assertThat(log.writtenSince(family, key(1), 4)).isFalse();
  }

  @Test
  void rewritingAKeyKeepsOneEntryWithTheNewestCommit() {
    log.opened(1);
    log.committed(2, List.of(WriteLog.Touched.key(family, key(1))));
    log.committed(3, List.of(WriteLog.Touched.key(family, key(1))));
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.writtenSince(family, key(1), 2)).isTrue();
    assertThat(log.writtenSince(family, key(1), 3)).isFalse();
  }

  @Test
  void lastTransactionToEndEmptiesTheLog() {
    log.opened(1);
    log.opened(1);
    log.committed(2, List.of(WriteLog.Touched.key(family, key(1)), WriteLog.Touched.range(family, key(5), null)));
    log.closed(1);
    assertThat(log.size()).isEqualTo(2);
    log.closed(1);
    assertThat(log.tracking()).isFalse();
    assertThat(log.size()).isZero();
  }

  @Test
  void growingLogForgetsCommitsNoOpenTransactionCanConflictWith() {
    log.opened(1);
    log.opened(5000);
    List<WriteLog.Touched> touched = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      touched.clear();
      touched.add(i % 2 == 0 ? WriteLog.Touched.key(family, key(i)) : WriteLog.Touched.range(family, key(i), key(i + 1)));
      log.committed(i + 2, touched);
    }
    log.closed(1);
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.writtenSince(family, key(4999), 5000)).isTrue();
    assertThat(log.writtenSince(family, key(4998), 4000)).isFalse();
  }

  @Test
  void gapAfterThisProcesssLastCommitMarksAnotherProcesssCommit() {
    log.writeBegan(8);
    log.committed(8, null);
    log.writeBegan(9);
    log.committed(9, null);
    assertThat(log.foreignSince(8)).isFalse();
    log.writeBegan(12);
    assertThat(log.foreignSince(10)).isTrue();
    assertThat(log.foreignSince(11)).isFalse();
  }

  @Test
  void rangeWritesCoverTheirKeysHalfOpen() {
    LmdbColumnFamily other = new LmdbColumnFamily("g", null, 0, "test");
    log.opened(1);
    log.committed(2, List.of(WriteLog.Touched.range(family, key(10), key(20))));
    assertThat(log.writtenSince(family, key(9), 1)).isFalse();
    assertThat(log.writtenSince(family, key(10), 1)).isTrue();
    assertThat(log.writtenSince(family, key(19), 1)).isTrue();
    assertThat(log.writtenSince(family, key(20), 1)).isFalse();
    assertThat(log.writtenSince(other, key(15), 1)).isFalse();
    assertThat(log.writtenSince(family, key(15), 2)).isFalse();
  }
}
