package io.luxtensor.chain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesNestedStructures() {
    Object parsed = Json.parse("{\"b\": [1, \"x\", null, true], \"a\": {}}");

    assertThat(parsed).isEqualTo(Map.of("b", Arrays.asList(BigInteger.ONE, "x", null, true), "a", Map.of()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void keepsObjectMembersInFileOrder() {
    Map<String, Object> parsed = (Map<String, Object>) Json.parse("{\"b\": 1, \"a\": 2, \"c\": 3}");

    assertThat(parsed.keySet()).containsExactly("b", "a", "c");
  }

  @Test
  void keepsIntegersBeyondLongExactly() {
    assertThat(Json.parse("115792089237316195423570985008687907853269984665640564039457584007913129639936"))
        .isEqualTo(BigInteger.TWO.pow(256));
  }

  @Test
  void decodesUnicodeEscapes() {
    assertThat(Json.parse("\"\\u0000\\u007F\\n\"")).isEqualTo("\u0000\u007f\n");
  }

  @Test
  void rejectsTrailingComma() {
    assertThatThrownBy(() -> Json.parse("[1, 2,]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 6");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate object key");
  }

  @Test
  void rejectsTrailingContent() {
    assertThatThrownBy(() -> Json.parse("{} {}")).hasMessageContaining("trailing content");
  }

  @Test
  void rejectsUnterminatedString() {
    assertThatThrownBy(() -> Json.parse("[\"abc")).hasMessageContaining("unterminated string");
  }

  @Test
  void rejectsLeadingZeros() {
    assertThatThrownBy(() -> Json.parse("[01]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesEmptyArray() {
    assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
  }
}
