package io.luxtensor.chain.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader for test vectors, so the tests need no JSON library.
 *
 * <p>Objects become insertion-ordered {@link Map}s, arrays {@link List}s, strings
 * {@link String}s, integers {@link BigInteger}s (test vectors hold 256-bit numbers), other
 * numbers {@link BigDecimal}s, {@code true}/{@code false} {@link Boolean}s, and {@code null}
 * Java {@code null}. Duplicate object keys, trailing commas, comments and trailing content are
 * rejected with an {@link IllegalArgumentException} naming the offset.
 */
public final class Json {

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON value spanning all of {@code text} (surrounding whitespace allowed). */
  public static Object parse(String text) {
    Json reader = new Json(text);
    Object value = reader.value();
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.error("trailing content after the JSON value");
    }
    return value;
  }

  private Object value() {
    skipWhitespace();
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(members);
    }
    while (true) {
      skipWhitespace();
      int keyAt = pos;
      String key = string();
      if (members.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate object key \"" + key + "\"");
      }
      skipWhitespace();
      expect(':');
      members.put(key, value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return Collections.unmodifiableMap(members);
      }
    }
  }

  private List<Object> array() {
    expect('[');
    List<Object> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(elements);
    }
    while (true) {
      elements.add(value());
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return Collections.unmodifiableList(elements);
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char escape = text.charAt(pos++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> {
          pos--;
          throw error("unknown escape \\" + escape);
        }
      }
    }
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      requireDigits();
    }
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      requireDigits();
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      requireDigits();
      integral = false;
    }
    String literal = text.substring(start, pos);
    return integral ? new BigInteger(literal) : new BigDecimal(literal);
  }

  private void requireDigits() {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a digit");
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + problem);
  }
}
