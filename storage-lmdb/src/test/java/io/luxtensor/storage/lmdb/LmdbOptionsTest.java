package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of the {@code lmdb.*} options: defaults, each accepted spelling, and each rejected value. */
class LmdbOptionsTest {

  @Test
  void noOptionsGiveTheDocumentedDefaults() {
    assertThat(LmdbOptions.parse(Map.of()))
        .isEqualTo(new LmdbOptions(true, 1024, 128, LmdbOptions.AUTO_CHECK_LIMIT));
  }

  @Test
  void everyOptionIsReadTrimmedAndCaseInsensitiveWhereItIsAWord() {
    LmdbOptions options = LmdbOptions.parse(Map.of(
        "grow", " FALSE ", "max_readers", "7", "max_dbs", " 32000", "check_pages", "Always"));
    assertThat(options).isEqualTo(new LmdbOptions(false, 7, 32_000, Long.MAX_VALUE));
  }

  @Test
  void growAcceptsTrueInAnyCase() {
    assertThat(LmdbOptions.parse(Map.of("grow", "True")).grow()).isTrue();
  }

  @Test
  void checkPagesNeverDisablesTheCheckForEveryFileSize() {
    assertThat(LmdbOptions.parse(Map.of("check_pages", "never")).checkPagesUpTo()).isNegative();
  }

  @Test
  void checkPagesAutoChecksFilesUpToTheAutoLimit() {
    assertThat(LmdbOptions.parse(Map.of("check_pages", "auto")).checkPagesUpTo())
        .isEqualTo(LmdbOptions.AUTO_CHECK_LIMIT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", ""})
  void growRejectsAnythingButTrueOrFalse(String value) {
    assertThatThrownBy(() -> LmdbOptions.parse(Map.of("grow", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engine option lmdb.grow must be true or false, was \"" + value + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1048577", "many", "2.5", "99999999999"})
  void maxReadersRejectsNonIntegersAndValuesOutsideItsRange(String value) {
    assertThatThrownBy(() -> LmdbOptions.parse(Map.of("max_readers", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engine option lmdb.max_readers must be an integer between 1 and 1048576, was \"" + value + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "32001", "-3", "lots"})
  void maxDbsRejectsNonIntegersAndValuesOutsideItsRange(String value) {
    assertThatThrownBy(() -> LmdbOptions.parse(Map.of("max_dbs", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engine option lmdb.max_dbs must be an integer between 1 and 32000, was \"" + value + "\"");
  }

  @Test
  void checkPagesRejectsAnUnknownMode() {
    assertThatThrownBy(() -> LmdbOptions.parse(Map.of("check_pages", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lmdb.check_pages must be auto, always or never, was \"sometimes\"");
  }

  @Test
  void anUnknownOptionIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> LmdbOptions.parse(Map.of("mapsize", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"lmdb.mapsize\"")
        .hasMessageContaining("[lmdb.check_pages, lmdb.grow, lmdb.max_dbs, lmdb.max_readers]");
  }
}
