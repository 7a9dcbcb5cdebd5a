package io.luxtensor.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void writesNonFiniteDoublesAsNull() {
    assertThat(Json.write(Arrays.asList(Double.NaN, 1.5, null, true, 7L))).isEqualTo("[null,1.5,null,true,7]");
  }

  @Test
  void keepsMapOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", Map.of("k", "v"));
    assertThat(Json.write(m)).isEqualTo("{\"z\":1,\"a\":{\"k\":\"v\"}}");
  }
}
