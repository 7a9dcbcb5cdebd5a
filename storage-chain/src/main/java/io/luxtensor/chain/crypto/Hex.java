package io.luxtensor.chain.crypto;

import java.util.HexFormat;

/**
 * Hex conversions in the Ethereum style: lowercase output with a {@code 0x} prefix.
 *
 * <p>Stateless and thread-safe. Arguments must not be {@code null}.
 */
public final class Hex {

  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  /** {@code 0x} followed by two lowercase digits per byte; {@code "0x"} for an empty array. */
  public static String encode(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }

  /**
   * Decodes hex digits of either case, with or without a {@code 0x} prefix.
   *
   * @throws IllegalArgumentException if the text has an odd number of digits or a non-hex
   *     character; the message quotes the text
   */
  public static byte[] decode(CharSequence text) {
    CharSequence digits = hasPrefix(text) ? text.subSequence(2, text.length()) : text;
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("hex text has an odd number of digits: \"" + text + "\"");
    }
    try {
      return HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not hex: \"" + text + "\"", e);
    }
  }

  /**
   * Parses a quantity as genesis files and JSON-RPC write it: {@code 0x} and hex digits of either
   * case, of any count, odd included ({@code "0x"} alone is zero); or, without the prefix, decimal
   * digits (genesis balances are often decimal). Surrounding whitespace is ignored.
   *
   * @throws IllegalArgumentException if the text is empty, has a sign, or holds a non-digit
   */
  public static java.math.BigInteger parseQuantity(String text) {
    String trimmed = text.strip();
    boolean hex = hasPrefix(trimmed);
    String digits = hex ? trimmed.substring(2) : trimmed;
    if (digits.isEmpty()) {
      if (hex) {
        return java.math.BigInteger.ZERO;
      }
      throw new IllegalArgumentException("a quantity needs digits: \"" + text + "\"");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), hex ? 16 : 10) < 0) {
        throw new IllegalArgumentException("not a " + (hex ? "hex" : "decimal") + " quantity"
            + (hex ? "" : " (hex needs the 0x prefix)") + ": \"" + text + "\"");
      }
    }
    return new java.math.BigInteger(digits, hex ? 16 : 10);
  }

  /** Whether {@code text} starts with {@code 0x} or {@code 0X}. */
  public static boolean hasPrefix(CharSequence text) {
    return text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
  }

  /**
   * Decodes {@code 0x}-prefixed hex of exactly {@code expectedBytes} bytes.
   *
   * @throws IllegalArgumentException if the prefix is missing or the length differs
   */
  static byte[] decodePrefixed(CharSequence text, int expectedBytes, String typeName) {
    if (!hasPrefix(text)) {
      throw new IllegalArgumentException(typeName + " hex must start with 0x: \"" + text + "\"");
    }
    byte[] bytes = decode(text);
    if (bytes.length != expectedBytes) {
      throw new IllegalArgumentException(typeName + " needs " + expectedBytes + " bytes ("
          + 2 * expectedBytes + " hex digits) but \"" + text + "\" has " + bytes.length);
    }
    return bytes;
  }
}
