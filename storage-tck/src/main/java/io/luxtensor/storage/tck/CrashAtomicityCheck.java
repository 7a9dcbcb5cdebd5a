package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills a {@link CrashWriter} child JVM with {@code destroyForcibly} (SIGKILL) in the middle of its
 * writes, reopens the store and checks that every batch is all there or all absent, and that every
 * batch acknowledged as synced is there.
 */
final class CrashAtomicityCheck {

  private final ContractFixture fixture;

  CrashAtomicityCheck(ContractFixture fixture) {
    this.fixture = fixture;
  }

  void killAfter(int acknowledgedBatches) throws Exception {
    Path directory = fixture.newDirectory();
    Path stderr = Files.createTempFile("tck-crash-writer", ".log");
    Process child = new ProcessBuilder(command(directory)).redirectError(stderr.toFile()).start();
    AtomicInteger lastSynced = new AtomicInteger(-1);
    AtomicInteger acknowledged = new AtomicInteger();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while (acknowledged.get() < acknowledgedBatches && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length >= 2 && parts[0].equals("ACK")) {
          acknowledged.incrementAndGet();
          if (parts.length == 3) {
            lastSynced.set(Integer.parseInt(parts[1]));
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (acknowledged.get() < acknowledgedBatches) {
      fail("the crash writer acknowledged only %d batches before dying or timing out; its stderr:%n%s",
          acknowledged.get(), Files.readString(stderr));
    }
    Files.deleteIfExists(stderr);
    verify(directory, lastSynced.get());
  }

  private void verify(Path directory, int lastSynced) {
    try (KeyValueStore store = fixture.openIn(directory, false)) {
      Map<Integer, Integer> keysPerBatch = new TreeMap<>();
      for (ColumnFamily cf : List.of(store.defaultColumnFamily(), store.columnFamily(ContractFixture.SECOND_CF))) {
        try (KvIterator it = store.iterator(cf, KeyRange.prefix(TckBytes.bytes("crash/")))) {
          for (; it.isValid(); it.next()) {
            int batch = Integer.parseInt(TckBytes.text(it.key()).split("/")[1]);
            assertThat(TckBytes.text(it.value())).isEqualTo(Integer.toString(batch));
            keysPerBatch.merge(batch, 1, Integer::sum);
          }
        }
      }
      keysPerBatch.forEach((batch, keys) -> assertThat(keys)
          .as("keys of batch %d after the writer was killed: all %d or none", batch, 2 * CrashWriter.KEYS_PER_FAMILY)
          .isEqualTo(2 * CrashWriter.KEYS_PER_FAMILY));
      for (int batch = 3; batch <= lastSynced; batch += 4) {
        assertThat(keysPerBatch).as("synced batch %d survives the kill", batch).containsKey(batch);
      }
    }
  }

  private List<String> command(Path directory) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < jvmArgs.size(); i++) {
      String arg = jvmArgs.get(i);
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
        if (!arg.contains("=") && i + 1 < jvmArgs.size()) {
          command.add(jvmArgs.get(++i));
        }
      }
    }
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashWriter.class.getName());
    command.add(fixture.getClass().getName());
    command.add(directory.toString());
    return command;
  }

}
