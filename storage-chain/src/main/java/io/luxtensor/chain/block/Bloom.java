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

  /** Bits of a bloom, numbered 0..2047 as the Yellow Paper numbers them (bit 0 is the last byte's lowest). */
  static final int BITS = 8 * LENGTH;

  /** The three bit numbers that {@code value} (an address or a topic) sets. */
  static int[] bitsOf(byte[] value) {
    byte[] hash = Keccak256.hash(value);
    int[] bits = new int[3];
    for (int i = 0; i < 3; i++) {
      bits[i] = ((hash[2 * i] & 0x07) << 8) | (hash[2 * i + 1] & 0xff);
    }
    return bits;
  }

  /** Whether bit number {@code bit} of {@code bloom} is set. */
  static boolean isSet(byte[] bloom, int bit) {
    return (bloom[LENGTH - 1 - bit / 8] & (1 << (bit % 8))) != 0;
  }

  private static void add(byte[] bloom, byte[] value) {
    for (int bit : bitsOf(value)) {
      bloom[LENGTH - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }
}
