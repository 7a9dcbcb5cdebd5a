package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionWritesTest {

  private final EngineColumnFamily cf = () -> "cf";
  private final TransactionWrites writes = new TransactionWrites();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void ownWriteWinsOverTheSnapshot() {
    writes.put(cf, b("k"), b("mine"));
    assertThat(text(writes.get(cf, b("k"), (f, k) -> b("snapshot")))).isEqualTo("mine");
  }

  @Test
  void ownDeleteHidesTheSnapshotValue() {
    writes.delete(cf, b("k"));
    assertThat(writes.get(cf, b("k"), (f, k) -> b("snapshot"))).isNull();
  }

  @Test
  void unwrittenKeyIsReadFromTheSnapshot() {
    writes.put(cf, b("other"), b("x"));
    assertThat(text(writes.get(cf, b("k"), (f, k) -> b("snapshot")))).isEqualTo("snapshot");
  }

  @Test
  void emptyValueIsAValueNotADelete() {
    writes.put(cf, b("k"), new byte[0]);
    assertThat(writes.get(cf, b("k"), (f, k) -> null)).isNotNull().isEmpty();
  }

  @Test
  void batchReplaysTheLastWriteOfEachKeyInKeyOrder() {
    writes.put(cf, b("b"), b("1"));
    writes.put(cf, b("a"), b("1"));
    writes.delete(cf, b("b"));
    List<String> ops = new ArrayList<>();
    writes.asBatch().forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily family, byte[] key, byte[] value) {
        ops.add("put " + text(key));
      }

      @Override
      public void delete(EngineColumnFamily family, byte[] key) {
        ops.add("delete " + text(key));
      }

      @Override
      public void deleteRange(EngineColumnFamily family, byte[] from, byte[] to) {
        ops.add("deleteRange");
      }
    });
    assertThat(ops).containsExactly("put a", "delete b");
    assertThat(writes.asBatch().size()).isEqualTo(2);
  }

  @Test
  void argumentsAreCopiedIn() {
    byte[] key = b("k");
    byte[] value = b("v");
    writes.put(cf, key, value);
    key[0] = 'x';
    value[0] = 'x';
    assertThat(text(writes.get(cf, b("k"), (f, k) -> null))).isEqualTo("v");
  }
}
