package io.luxtensor.storage.tck;

import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Small byte helpers for readable tests. */
final class TckBytes {

  private TckBytes() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Entries as {@code "hexkey=hexvalue"}, for comparisons whose failures read well. */
  static String describe(byte[] key, byte[] value) {
    return Keys.toHex(key) + "=" + Keys.toHex(value);
  }

  /** What an iterator yields from its current position on, in its direction; consumes it. */
  static List<String> drain(KvIterator it) {
    List<String> out = new ArrayList<>();
    for (; it.isValid(); it.next()) {
      out.add(describe(it.key(), it.value()));
    }
    return out;
  }

  static List<String> describe(NavigableMap<byte[], byte[]> map) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
      out.add(describe(e.getKey(), e.getValue()));
    }
    return out;
  }

  static List<String> describe(List<KeyValue> entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(describe(e.key(), e.value())));
    return out;
  }
}
