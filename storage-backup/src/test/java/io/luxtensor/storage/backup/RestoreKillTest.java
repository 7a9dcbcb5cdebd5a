package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.assertSameContent;
import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.KeyValueStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed during a restore leaves the previous store whole; the next restore completes. */
class RestoreKillTest {

  @TempDir
  Path dir;

  private Process child(Path backups, String id, Path target, int killAt) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RestoreChild.class.getName());
    command.add(backups.toString());
    command.add(id);
    command.add(target.toString());
    command.add(Integer.toString(killAt));
    return new ProcessBuilder(command).redirectError(dir.resolve("child-" + killAt + ".err").toFile()).start();
  }

  @Test
  void aRestoreKilledAtAnyChunkLeavesThePreviousStoreIntact() throws Exception {
    Path target = dir.resolve("store");
    Map<String, Map<String, String>> previous;
    try (KeyValueStore old = Fixtures.open("rocksdb", target)) {
      Fixtures.fill(old, 500, 61);
      previous = Fixtures.content(old);
    }
    Backups backups = Backups.open(dir.resolve("backups"));
    Manifest m;
    try (KeyValueStore source = Fixtures.memory()) {
      Fixtures.fill(source, 6_000, 62); // three 256 KiB chunks per family: kills land mid-restore
      m = backups.create(source, BackupOptions.full().withZstdLevel(0));
    }
    int kills = 0;
    for (int killAt : new int[] {1, 3, 5}) {
      Process p = child(dir.resolve("backups"), m.id(), target, killAt);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("child %d, stderr in %s", killAt, dir).startsWith("RESTORING");
      }
      p.destroyForcibly();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      try (KeyValueStore store = Fixtures.open("rocksdb", target)) {
        assertThat(Fixtures.content(store)).isEqualTo(previous);
      }
      kills++;
    }
    assertThat(kills).isEqualTo(3);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(s -> s.getFileName().toString())).anyMatch(n -> n.startsWith(".store.restoring-"));
    }
    backups.restore(m.id(), Fixtures.config("rocksdb", target), RestoreOptions.defaults().withReplaceExisting(true));
    try (KeyValueStore store = Fixtures.open("rocksdb", target); KeyValueStore expected = Fixtures.memory()) {
      backups.restoreInto(m.id(), expected, RestoreOptions.defaults());
      assertSameContent(store, expected);
    }
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(s -> s.getFileName().toString())).noneMatch(n -> n.startsWith(".store."));
    }
  }

  @Test
  void aKillBetweenTheTwoRenamesIsUndoneByTheNextRestore() throws IOException {
    Path target = dir.resolve("store");
    Map<String, Map<String, String>> previous;
    try (KeyValueStore old = Fixtures.open("rocksdb", target)) {
      Fixtures.fill(old, 50, 63);
      previous = Fixtures.content(old);
    }
    // The state a kill after "target -> .previous" and before "scratch -> target" leaves.
    Files.move(target, dir.resolve(".store.previous"));
    Files.createDirectories(dir.resolve(".store.restoring-x"));
    Backups backups = Backups.open(dir.resolve("backups"));
    try (KeyValueStore source = Fixtures.memory()) {
      backups.create(source, BackupOptions.full());
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> backups.restore("000001",
        Fixtures.config("rocksdb", target), RestoreOptions.defaults()))
        .isInstanceOf(RestoreTargetNotEmptyException.class);
    try (KeyValueStore store = Fixtures.open("rocksdb", target)) {
      assertThat(Fixtures.content(store)).isEqualTo(previous);
    }
    assertThat(dir.resolve(".store.restoring-x")).doesNotExist();
  }
}
