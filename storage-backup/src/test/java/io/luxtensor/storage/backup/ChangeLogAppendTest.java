package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending to the change log: from a list of operations or straight from a batch, the same records. */
class ChangeLogAppendTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final EngineColumnFamily BLOCKS = () -> "blocks";
  private static final EngineColumnFamily ODD = () -> "state bytes/é";

  /** A batch of a put, a delete, a bounded and an open range delete, over two families. */
  private static final EngineBatch BATCH = new EngineBatch() {
    @Override
    public int size() {
      return 4;
    }

    @Override
    public void forEach(Handler handler) {
      handler.put(BLOCKS, b("k1"), b("v1"));
      handler.delete(ODD, b("k2"));
      handler.deleteRange(BLOCKS, b("a"), b("b"));
      handler.deleteRange(ODD, b("c"), null);
    }
  };

  private static List<LogRecord> records(ChangeLog log) {
    List<LogRecord> out = new ArrayList<>();
    log.read(0, Long.MAX_VALUE, out::add);
    return out;
  }

  private static String describe(LogRecord r) {
    StringBuilder s = new StringBuilder().append(r.sequence()).append(':');
    for (LogRecord.Op op : r.operations()) {
      s.append(op.kind()).append(' ').append(op.family()).append(' ')
          .append(op.key() == null ? "-" : new String(op.key(), StandardCharsets.UTF_8)).append(' ')
          .append(op.value() == null ? "-" : new String(op.value(), StandardCharsets.UTF_8)).append(';');
    }
    return s.toString();
  }

  @Test
  void aBatchAppendedFromItsOwnArraysReadsBackAsItsOperationsListedWould() {
    try (ChangeLog fromBatch = ChangeLog.openForAppend(dir.resolve("batch"), ChangeLog.DEFAULT_SEGMENT_BYTES);
        ChangeLog fromOps = ChangeLog.openForAppend(dir.resolve("ops"), ChangeLog.DEFAULT_SEGMENT_BYTES)) {
      fromBatch.lock().lock();
      fromOps.lock().lock();
      try {
        for (int i = 0; i < 3; i++) {
          fromBatch.append(BATCH, false);
          fromOps.append(List.of(new LogRecord.Op(LogRecord.Kind.PUT, "blocks", b("k1"), b("v1")),
              new LogRecord.Op(LogRecord.Kind.DELETE, "state bytes/é", b("k2"), null),
              new LogRecord.Op(LogRecord.Kind.DELETE_RANGE, "blocks", b("a"), b("b")),
              new LogRecord.Op(LogRecord.Kind.DELETE_RANGE, "state bytes/é", b("c"), null)), false);
        }
      } finally {
        fromOps.lock().unlock();
        fromBatch.lock().unlock();
      }
      List<String> batchRecords = records(fromBatch).stream().map(ChangeLogAppendTest::describe).toList();
      assertThat(batchRecords).hasSize(3).first().asString()
          .isEqualTo("1:PUT blocks k1 v1;DELETE state bytes/é k2 -;DELETE_RANGE blocks a b;"
              + "DELETE_RANGE state bytes/é c -;");
      assertThat(batchRecords).isEqualTo(records(fromOps).stream().map(ChangeLogAppendTest::describe).toList());
    }
  }

  @Test
  void aRecordLargerThanTheReusedBufferIsFramedWhole() {
    byte[] big = new byte[5 << 20];
    big[big.length - 1] = 7;
    try (ChangeLog log = ChangeLog.openForAppend(dir, ChangeLog.DEFAULT_SEGMENT_BYTES)) {
      log.lock().lock();
      try {
        log.append(List.of(new LogRecord.Op(LogRecord.Kind.PUT, "default", b("small"), b("x"))), false);
        log.append(List.of(new LogRecord.Op(LogRecord.Kind.PUT, "default", b("big"), big)), false);
        log.append(List.of(new LogRecord.Op(LogRecord.Kind.PUT, "default", b("small"), b("y"))), false);
      } finally {
        log.lock().unlock();
      }
      List<LogRecord> records = records(log);
      assertThat(records).hasSize(3);
      assertThat(records.get(1).operations().get(0).value()).isEqualTo(big);
      assertThat(records.get(2).operations().get(0).value()).isEqualTo(b("y"));
    }
  }

  @Test
  void appendingWithoutTheLockIsRefused() {
    try (ChangeLog log = ChangeLog.openForAppend(dir, ChangeLog.DEFAULT_SEGMENT_BYTES)) {
      assertThatThrownBy(() -> log.append(BATCH, false)).isInstanceOf(IllegalStateException.class);
      assertThat(log.lastSequence()).isZero();
    }
  }
}
