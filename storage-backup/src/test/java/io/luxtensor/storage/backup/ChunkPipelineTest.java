package io.luxtensor.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's write pipeline: chunks framed by the caller, encoded and written by one background
 * thread and read by another, give the file a one-threaded writer would, and failures and early
 * closes surface on the caller without leaving threads behind.
 */
class ChunkPipelineTest {

  private static final byte[] DATA_KEY = new byte[32];

  @TempDir
  Path dir;

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  private static byte[] value(int i) {
    byte[] v = new byte[50 + i % 70];
    Arrays.fill(v, (byte) i);
    v[0] = (byte) (i >>> 8);
    return v;
  }

  private Manifest.FileEntry write(Path file, int zstd, byte[] dataKey, int entries, ChunkWriter.Tap tap)
      throws IOException {
    try (ChunkWriter w = new ChunkWriter(file, new ChunkCodec(zstd, dataKey, "000001", "cf-0000.dat", 0), 1024, tap)) {
      for (int i = 0; i < entries; i++) {
        w.put(key(i), value(i));
      }
      return w.finish();
    }
  }

  private static Set<String> backupThreads() {
    Set<String> names = new java.util.HashSet<>();
    Thread.getAllStackTraces().keySet().forEach(t -> {
      if (t.getName().startsWith("backup ")) {
        names.add(t.getName());
      }
    });
    return names;
  }

  @Test
  void aFileOfManyChunksReadsBackEveryRecordInOrderWithItsManifestHash() throws IOException {
    Path file = dir.resolve("cf-0000.dat");
    Manifest.FileEntry entry = write(file, 3, DATA_KEY, 3000, null);
    List<byte[]> keys = new ArrayList<>();
    long records = ChunkReader.read(file, "test", entry, new ChunkCodec(3, DATA_KEY, "000001", "cf-0000.dat", 0),
        new Records.Sink() {
          @Override
          public void put(byte[] key, byte[] value) {
            assertThat(value).isEqualTo(value(keys.size()));
            keys.add(key);
          }

          @Override
          public void delete(byte[] key) {}

          @Override
          public void deleteRange(byte[] from, byte[] to) {}
        }, null);
    assertThat(records).isEqualTo(3000);
    assertThat(keys).hasSize(3000);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(keys.get(i)).isEqualTo(key(i));
    }
  }

  @Test
  void theSameRecordsMakeTheSameBytesWhateverTheThreadsTiming() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    // the tap slows one run down chunk by chunk, so the two runs interleave their threads differently
    write(a, 3, DATA_KEY, 2000, null);
    write(b, 3, DATA_KEY, 2000, (raw, length) -> Thread.yield());
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void theTapSeesEveryRawChunkInOrder() throws IOException {
    MessageDigest seen = Hashing.sha256();
    List<Integer> lengths = new CopyOnWriteArrayList<>();
    write(dir.resolve("f"), 0, null, 2000, (raw, length) -> {
      seen.update(raw, 0, length);
      lengths.add(length);
    });
    MessageDigest expected = Hashing.sha256();
    ByteBuffer one = ByteBuffer.allocate(1 << 20);
    for (int i = 0; i < 2000; i++) {
      byte[] k = key(i);
      byte[] v = value(i);
      one.put((byte) Records.PUT).put((byte) k.length).put(k).put((byte) v.length).put(v);
    }
    expected.update(one.array(), 0, one.position());
    assertThat(lengths).hasSizeGreaterThan(ChunkWriter.BUFFERS * 2);
    assertThat(seen.digest()).isEqualTo(expected.digest());
  }

  @Test
  void aFailingTapIsThrownByTheWriterAndLeavesNoThread() {
    assertThatThrownBy(() -> write(dir.resolve("f"), 0, null, 5000, (raw, length) -> {
      throw new IOException("tap broke");
    })).isInstanceOf(IOException.class).hasMessageContaining("tap broke");
    assertThat(backupThreads()).isEmpty();
  }

  @Test
  void closingWithoutFinishingStopsTheThreads() throws IOException {
    try (ChunkWriter w = new ChunkWriter(dir.resolve("f"), new ChunkCodec(3, null, "000001", "cf-0000.dat", 0), 1024,
        (raw, length) -> {})) {
      for (int i = 0; i < 1000; i++) {
        w.put(key(i), value(i));
      }
      assertThat(backupThreads()).isNotEmpty();
    }
    assertThat(backupThreads()).isEmpty();
  }

  @Test
  void aFileOfOneChunkStartsNoThread() throws IOException {
    List<String> threads = new ArrayList<>();
    write(dir.resolve("f"), 3, DATA_KEY, 3, (raw, length) -> threads.add(Thread.currentThread().getName()));
    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void theKeyIndexHashIsTheFirstSixteenBytesOfTheValuesSha256() {
    byte[] value = "a value".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] padded = new byte[value.length + 6];
    System.arraycopy(value, 0, padded, 3, value.length);
    byte[] h = new Hashing.ValueHash().hash(padded, 3, value.length, new byte[Hashing.ValueHash.BYTES]);
    assertThat(h).isEqualTo(Arrays.copyOf(Hashing.sha256(value), 16));
  }
}
