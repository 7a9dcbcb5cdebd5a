package io.luxtensor.chain.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import io.luxtensor.chain.testing.ConformanceFiles;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of ethereum/tests RLPTests, read from the shared conformance directory at test time. */
class RlpConformanceTest {

  static final String VALID = "RLPTests/rlptest.json";
  static final String INVALID = "RLPTests/invalidRLPTest.json";
  static final String RANDOM = "RLPTests/RandomRLPTests/example.json";

  static Stream<Arguments> validCases() {
    return casesOf(VALID);
  }

  static Stream<Arguments> invalidCases() {
    return casesOf(INVALID);
  }

  static Stream<Arguments> randomCases() {
    return casesOf(RANDOM);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCases")
  void encodesInputToExpectedBytes(String name, Map<String, Object> testCase) {
    RlpItem input = toItem(testCase.get("in"));

    assertThat(Hex.encode(Rlp.encode(input))).isEqualTo(expectedHex(testCase));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCases")
  void decodesExpectedBytesToInput(String name, Map<String, Object> testCase) {
    byte[] encoded = Hex.decode((String) testCase.get("out"));

    assertThat(Rlp.decode(encoded)).isEqualTo(toItem(testCase.get("in")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCases")
  void rejectsInvalidEncoding(String name, Map<String, Object> testCase) {
    assertThat(testCase.get("in")).isEqualTo("INVALID");
    byte[] encoded = Hex.decode((String) testCase.get("out"));

    assertThatThrownBy(() -> Rlp.decode(encoded))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("at offset");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("randomCases")
  void acceptsRandomValidEncodingAndReencodesItIdentically(String name, Map<String, Object> testCase) {
    assertThat(testCase.get("in")).isEqualTo("VALID");
    byte[] encoded = Hex.decode((String) testCase.get("out"));

    assertThat(Rlp.encode(Rlp.decode(encoded))).isEqualTo(encoded);
  }

  @Test
  void everyRlpVectorFileIsExercised() {
    List<String> files = ConformanceFiles.allJsonFiles().stream().filter(f -> f.startsWith("RLPTests/")).toList();

    assertThat(files).containsExactlyInAnyOrder(VALID, INVALID, RANDOM);
  }

  @SuppressWarnings("unchecked")
  static Stream<Arguments> casesOf(String file) {
    Map<String, Object> cases = ConformanceFiles.cases(file);
    assertThat(cases).as("cases in %s", file).isNotEmpty();
    return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), (Map<String, Object>) e.getValue()));
  }

  private static String expectedHex(Map<String, Object> testCase) {
    return Hex.encode(Hex.decode((String) testCase.get("out")));
  }

  /** The file format's input notation: strings are UTF-8 ("#" marks a decimal big integer), numbers are integers. */
  private static RlpItem toItem(Object json) {
    if (json instanceof String text) {
      return text.startsWith("#") ? RlpString.ofUnsigned(new BigInteger(text.substring(1))) : RlpString.ofUtf8(text);
    }
    if (json instanceof BigInteger number) {
      return RlpString.ofUnsigned(number);
    }
    if (json instanceof List<?> list) {
      return new RlpList(list.stream().map(RlpConformanceTest::toItem).toList());
    }
    throw new IllegalArgumentException("unsupported RLP test input: " + json);
  }
}
