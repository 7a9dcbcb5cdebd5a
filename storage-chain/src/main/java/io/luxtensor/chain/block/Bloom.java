package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import java.util.List;

/**
 * The 2048-bit logs bloom of the Yellow Paper (section 4.3.1): for the address and each topic
 * of every log, three bits chosen by the low 11 bits of the first three byte pairs of its
 * Keccak-256. Stateless and thread-safe.
 */
public final class Bloom {

  /** Size of a bloom in bytes. */
  public static final int LENGTH = 256;

  private Bloom() {}

  /** The bloom of {@code logs}. */
  public static byte[] of(List<Log> logs) {
    byte[] bloom = new byte[LENGTH];
    for (Log log : logs) {
      add(bloom, log.address().bytes());
      for (Hash topic : log.topics()) {
        add(bloom, topic.bytes());
      }
    }
    return bloom;
  }

  /** ORs {@code other} into {@code target}. */
  static void or(byte[] target, byte[] other) {
    for (int i = 0; i < LENGTH; i++) {
      target[i] |= other[i];
    }
  }

  private static void add(byte[] bloom, byte[] value) {
    byte[] hash = Keccak256.hash(value);
    for (int i = 0; i < 6; i += 2) {
      int bit = ((hash[i] & 0x07) << 8) | (hash[i + 1] & 0xff);
      bloom[LENGTH - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }
}
