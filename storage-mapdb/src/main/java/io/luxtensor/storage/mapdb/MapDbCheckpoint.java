package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A checkpoint of a live store: a new store at the target, built the way every store is built
 * (created aside and renamed into place, {@link StoreDirectory}), holding the live column families as
 * of one registered read sequence and nothing else. The source keeps taking writes meanwhile; the
 * copy sees none of them. Only the newest version of each key is copied and dropped families are
 * left out, so the copy is also compact. Entries are written in commits of at most
 * {@value #CHUNK_ENTRIES} entries or {@value #CHUNK_BYTES} bytes, so memory stays bounded. A copy
 * that fails is removed whole. Stateless.
 */
final class MapDbCheckpoint {

  static final int CHUNK_ENTRIES = 1024;
  static final long CHUNK_BYTES = 4L << 20;

  private MapDbCheckpoint() {}

  /**
   * Copies {@code families} of {@code source} as of {@code seq}, which the caller holds registered, to
   * a new store at {@code target} with the source's tree options.
   */
  static void copy(MapDbEngine source, long seq, List<MapDbColumnFamily> families, MapDbOptions options, Path target) {
    StorageConfig config = StorageConfig.builder().engine("mapdb").path(target)
        .columnFamilies(families.stream().map(MapDbColumnFamily::name).toList())
        .option("mapdb.node_size", Integer.toString(options.nodeSize()))
        .option("mapdb.mmap", Boolean.toString(options.mmap()))
        .build();
    MapDbEngine copy = null;
    try {
      copy = MapDbEngine.open(config);
      for (MapDbColumnFamily family : families) {
        copyFamily(source, seq, family, copy, named(copy, family.name()));
      }
      MapDbEngine done = copy;
      copy = null;
      done.close();
    } catch (RuntimeException e) {
      throw removed(e, copy, target);
    }
  }

  private static void copyFamily(MapDbEngine source, long seq, MapDbColumnFamily from, MapDbEngine copy,
      EngineColumnFamily to) {
    try (EngineCursor cursor = source.cursorAt(from, Bounds.all(), source.registerAt(seq))) {
      Chunk chunk = new Chunk(to);
      for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
        chunk.add(cursor.key(), cursor.value());
        if (chunk.isFull()) {
          copy.write(chunk, -1);
          chunk.clear();
        }
      }
      if (chunk.size() > 0) {
        copy.write(chunk, -1);
      }
    }
  }

  private static EngineColumnFamily named(MapDbEngine copy, String name) {
    return copy.columnFamilies().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  /** Closes and deletes a failed copy; returns the failure to throw, with any cleanup failure suppressed. */
  private static StorageException removed(RuntimeException e, MapDbEngine copy, Path target) {
    StorageException failure = e instanceof StorageException storage ? storage
        : new StorageException("checkpoint to " + target + " failed: " + e + "; nothing was left there", e);
    try {
      if (copy != null) {
        copy.close();
      }
    } catch (RuntimeException closeError) {
      failure.addSuppressed(closeError);
    }
    try {
      deleteTree(target);
    } catch (IOException deleteError) {
      failure.addSuppressed(deleteError);
    }
    return failure;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Entries of one family for one commit of the copy. */
  private static final class Chunk implements EngineBatch {
    private final EngineColumnFamily family;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private long bytes;

    Chunk(EngineColumnFamily family) {
      this.family = family;
    }

    void add(byte[] key, byte[] value) {
      keys.add(key);
      values.add(value);
      bytes += key.length + (long) value.length;
    }

    boolean isFull() {
      return keys.size() >= CHUNK_ENTRIES || bytes >= CHUNK_BYTES;
    }

    void clear() {
      keys.clear();
      values.clear();
      bytes = 0;
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public void forEach(Handler handler) {
      for (int i = 0; i < keys.size(); i++) {
        handler.put(family, keys.get(i), values.get(i));
      }
    }
  }
}
