package io.luxtensor.storage.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/**
 * How keys and values are written on the command line and printed: {@code --hex} (hex digits, an
 * optional {@code 0x} prefix on input), {@code --utf8} (text), or by default text on input and, on
 * output, text when the bytes are printable UTF-8 and {@code 0x}-prefixed hex otherwise.
 */
final class ByteFormat {

  private static final HexFormat HEX = HexFormat.of();

  @Option(names = "--hex", description = "Keys and values are hex (input may start with 0x); print them as hex.")
  boolean hex;

  @Option(names = "--utf8", description = "Keys and values are UTF-8 text; print them as text.")
  boolean utf8;

  /** The bytes {@code text} stands for. */
  byte[] parse(String text, String what) {
    checkExclusive();
    if (!hex) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    try {
      return HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, what + " \"" + text + "\" is not hex: give an even number of"
          + " digits 0-9a-f, optionally after 0x, or drop --hex to give text");
    }
  }

  /** {@code bytes} as this format prints them. */
  String format(byte[] bytes) {
    checkExclusive();
    if (hex) {
      return HEX.formatHex(bytes);
    }
    if (utf8) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    String text = printableUtf8(bytes);
    return text != null ? text : "0x" + HEX.formatHex(bytes);
  }

  private void checkExclusive() {
    if (hex && utf8) {
      throw new CliException(ExitCode.USAGE, "--hex and --utf8 exclude each other: give one");
    }
  }

  /** The text of {@code bytes} if they are valid UTF-8 without control characters, else null. */
  private static String printableUtf8(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (text.startsWith("0x")) {
      return null; // would read as hex
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return null;
      }
    }
    return text;
  }
}
