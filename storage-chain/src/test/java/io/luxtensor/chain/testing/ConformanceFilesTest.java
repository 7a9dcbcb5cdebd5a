package io.luxtensor.chain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConformanceFilesTest {

  @Test
  void explicitDirectoryWins() {
    String previous = System.getProperty(ConformanceFiles.PROPERTY);
    Path found = ConformanceFiles.root();
    try {
      System.setProperty(ConformanceFiles.PROPERTY, found.toString());

      assertThat(ConformanceFiles.root()).isEqualTo(found);
    } finally {
      restore(previous);
    }
  }

  @Test
  void explicitDirectoryThatDoesNotExistFailsInsteadOfSearching() {
    String previous = System.getProperty(ConformanceFiles.PROPERTY);
    try {
      System.setProperty(ConformanceFiles.PROPERTY, "/no/such/conformance/dir");

      assertThatThrownBy(ConformanceFiles::root).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/no/such/conformance/dir");
    } finally {
      restore(previous);
    }
  }

  @Test
  void searchFindsTheSharedVectorsBesideTheRepository() {
    assertThat(ConformanceFiles.root().resolve("SOURCE.md")).isRegularFile();
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(ConformanceFiles.PROPERTY);
    } else {
      System.setProperty(ConformanceFiles.PROPERTY, previous);
    }
  }
}
