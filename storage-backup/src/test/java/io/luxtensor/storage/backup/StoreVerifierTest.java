package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreVerifierTest {

  @TempDir
  Path dir;

  @Test
  void aSoundStoreVerifiesEveryFamily() {
    try (KeyValueStore store = Fixtures.memory()) {
      Fixtures.fill(store, 100, 81);
      VerifyReport r = StoreVerifier.verify(store);
      assertThat(r.isSound()).isTrue();
      assertThat(r.checked()).containsExactly("default", "blocks", "state bytes/é");
    }
  }

  @Test
  void aStoreThatDoesNotOpenIsReportedNotThrown() throws IOException {
    Path store = dir.resolve("store");
    try (KeyValueStore s = Fixtures.open("rocksdb", store)) {
      Fixtures.fill(s, 100, 82);
    }
    try (var files = Files.list(store)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("MANIFEST")).toList()) {
        Files.write(p, new byte[64]);
      }
    }
    VerifyReport r = StoreVerifier.verify(Fixtures.config("rocksdb", store));
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("does not open"));
  }
}
