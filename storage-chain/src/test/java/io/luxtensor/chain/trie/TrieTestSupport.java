package io.luxtensor.chain.trie;

import java.nio.charset.StandardCharsets;

/** Small helpers shared by the trie tests. */
final class TrieTestSupport {

  private TrieTestSupport() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
