package io.luxtensor.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to open a store: which engine, where, and how to tune it. Immutable and thread-safe; build one
 * with {@link #builder()} or start from a preset.
 *
 * <pre>{@code
 * StorageConfig config = StorageConfig.highPerformance().path(Path.of("/var/lib/lux")).columnFamilies("blocks", "state").build();
 * try (KeyValueStore store = StorageEngines.open(config)) { ... }
 * }</pre>
 *
 * <p>Tuning values are hints that engines map to their own options; an engine ignores what it has
 * no equivalent for (the in-memory engine has no block cache). Engine-specific settings travel in
 * {@link #engineOptions()} under the engine's name as prefix ({@code "rocksdb.max_background_jobs"});
 * an engine rejects an option under its prefix that it does not know, naming it.
 *
 * @param engine the engine's name, or {@code null} for the highest-priority engine on the classpath
 * @param path the store's directory, or {@code null} for a temporary store deleted on close
 * @param columnFamilies column families to open (created if missing); {@code "default"} always exists
 * @param createIfMissing create the store when the path holds none
 * @param readOnly reject every write with {@link ReadOnlyStoreException}
 * @param syncWrites whether writes without explicit {@link WriteOptions} fsync before returning
 * @param cacheSizeBytes block/page cache budget
 * @param writeBufferSizeBytes memtable size before a flush
 * @param maxOpenFiles open file handle budget, or -1 for unlimited
 * @param compression block compression for engines with {@link Capability#COMPRESSION}
 * @param blockSizeBytes data block size
 * @param bloomBitsPerKey bloom filter bits per key, 0 for none
 * @param mapSizeBytes LMDB map size (the maximum database size before it grows)
 * @param maxBatchBytes the most key and value bytes one {@link WriteBatch} may hold
 * @param maxTransactionBytes the most key and value bytes one {@link Transaction} may write
 * @param performance background-work and compaction settings; unlike the hints above, an engine that
 *     cannot honour a setting that is set rejects the open
 * @param engineOptions engine-specific settings, keyed {@code "<engine>.<option>"}
 */
public record StorageConfig(
    String engine,
    Path path,
    List<String> columnFamilies,
    boolean createIfMissing,
    boolean readOnly,
    boolean syncWrites,
    long cacheSizeBytes,
    long writeBufferSizeBytes,
    int maxOpenFiles,
    Compression compression,
    int blockSizeBytes,
    int bloomBitsPerKey,
    long mapSizeBytes,
    long maxBatchBytes,
    long maxTransactionBytes,
    PerformanceConfig performance,
    Map<String, String> engineOptions) {

  /** The column family every store has. */
  public static final String DEFAULT_COLUMN_FAMILY = "default";

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;
  /** Large enough for any block's state changes, small enough that a runaway batch fails long before the heap does. */
  private static final long DEFAULT_WRITE_LIMIT = 256 * MIB;

  /**
   * Validates every component with the same rules (and messages) as the builder's setters, so that a
   * config built without the builder is no less checked.
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public StorageConfig {
    Rules.engineName(engine);
    requireArgument(columnFamilies != null, "column families must not be null");
    for (String name : columnFamilies) {
      Rules.columnFamily(name);
    }
    requireArgument(columnFamilies.contains(DEFAULT_COLUMN_FAMILY), "column families must include \"" + DEFAULT_COLUMN_FAMILY + "\"");
    columnFamilies = List.copyOf(new LinkedHashSet<>(columnFamilies));
    Rules.cacheSize(cacheSizeBytes);
    Rules.writeBufferSize(writeBufferSizeBytes);
    Rules.maxOpenFiles(maxOpenFiles);
    requireArgument(compression != null, "compression must not be null; use Compression.NONE");
    Rules.blockSize(blockSizeBytes);
    Rules.bloomBits(bloomBitsPerKey);
    Rules.mapSize(mapSizeBytes);
    Rules.writeLimit("max batch bytes", maxBatchBytes);
    Rules.writeLimit("max transaction bytes", maxTransactionBytes);
    requireArgument(performance != null, "performance config must not be null; use PerformanceConfig.ENGINE_DEFAULTS");
    requireArgument(engineOptions != null, "engine options must not be null");
    engineOptions.forEach(Rules::option);
    engineOptions = Map.copyOf(engineOptions);
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A temporary store on the in-memory engine: no files, gone on close. The engine for tests. */
  public static StorageConfig inMemory() {
    return builder().engine("memory").build();
  }

  /**
   * The spec's throughput preset: 8 GiB cache, 512 MiB write buffer, 10,000 open files, LZ4,
   * 64 KiB blocks, 10 bloom bits per key. Engine-neutral; on RocksDB add
   * {@code .performance(PerformanceConfig.highPerformance())} for the matching compaction settings.
   */
  public static Builder highPerformance() {
    return builder().cacheSizeBytes(8 * GIB).writeBufferSizeBytes(512 * MIB).maxOpenFiles(10_000)
        .compression(Compression.LZ4).blockSizeBytes((int) (64 * KIB)).bloomBitsPerKey(10);
  }

  /**
   * The spec's disk-space preset: 1 GiB cache, 64 MiB write buffer, 1,000 open files, ZSTD,
   * 16 KiB blocks, 15 bloom bits per key. Engine-neutral; on RocksDB add
   * {@code .performance(PerformanceConfig.spaceOptimized())} for the matching compaction settings.
   */
  public static Builder spaceOptimized() {
    return builder().cacheSizeBytes(GIB).writeBufferSizeBytes(64 * MIB).maxOpenFiles(1000)
        .compression(Compression.ZSTD).blockSizeBytes((int) (16 * KIB)).bloomBitsPerKey(15);
  }

  /** Whether the store lives only as long as it is open ({@link #path()} is {@code null}). */
  public boolean isTemporary() {
    return path == null;
  }

  /**
   * The engine options under {@code prefix + "."}, with the prefix removed, sorted by name. Engines
   * call this with their own name.
   */
  public Map<String, String> engineOptions(String prefix) {
    Map<String, String> result = new TreeMap<>();
    String start = prefix + ".";
    engineOptions.forEach((k, v) -> {
      if (k.startsWith(start)) {
        result.put(k.substring(start.length()), v);
      }
    });
    return result;
  }

  /** A builder holding this config's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.engine = engine;
    b.path = path;
    b.columnFamilies.addAll(columnFamilies);
    b.createIfMissing = createIfMissing;
    b.readOnly = readOnly;
    b.syncWrites = syncWrites;
    b.cacheSizeBytes = cacheSizeBytes;
    b.writeBufferSizeBytes = writeBufferSizeBytes;
    b.maxOpenFiles = maxOpenFiles;
    b.compression = compression;
    b.blockSizeBytes = blockSizeBytes;
    b.bloomBitsPerKey = bloomBitsPerKey;
    b.mapSizeBytes = mapSizeBytes;
    b.maxBatchBytes = maxBatchBytes;
    b.maxTransactionBytes = maxTransactionBytes;
    b.performance = performance;
    b.engineOptions.putAll(engineOptions);
    return b;
  }

  /**
   * Builds a {@link StorageConfig}. Each setter validates its argument at once and throws
   * {@link IllegalArgumentException} saying what is allowed. Not thread-safe.
   */
  public static final class Builder {
    private String engine;
    private Path path;
    private final LinkedHashSet<String> columnFamilies = new LinkedHashSet<>();
    private boolean createIfMissing = true;
    private boolean readOnly;
    private boolean syncWrites;
    private long cacheSizeBytes = 64 * MIB;
    private long writeBufferSizeBytes = 64 * MIB;
    private int maxOpenFiles = 1000;
    private Compression compression = Compression.LZ4;
    private int blockSizeBytes = (int) (4 * KIB);
    private int bloomBitsPerKey = 10;
    private long mapSizeBytes = GIB;
    private long maxBatchBytes = DEFAULT_WRITE_LIMIT;
    private long maxTransactionBytes = DEFAULT_WRITE_LIMIT;
    private PerformanceConfig performance = PerformanceConfig.ENGINE_DEFAULTS;
    private final Map<String, String> engineOptions = new LinkedHashMap<>();

    private Builder() {}

    /** The engine's name ({@code "rocksdb"}, {@code "memory"}, …). Default: the highest-priority engine found. */
    public Builder engine(String name) {
      requireArgument(name != null, "engine name must not be blank; leave it unset to pick the highest-priority engine");
      Rules.engineName(name.trim().toLowerCase(java.util.Locale.ROOT));
      this.engine = name.trim().toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /** The store's directory. Default: none, a temporary store deleted on close. */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path must not be null; leave it unset for a temporary store");
      return this;
    }

    /** Column families to open, created when missing. Default: only {@code "default"}. */
    public Builder columnFamilies(String... names) {
      return columnFamilies(List.of(names));
    }

    /** Column families to open, created when missing. Default: only {@code "default"}. */
    public Builder columnFamilies(List<String> names) {
      for (String name : names) {
        Rules.columnFamily(name);
        columnFamilies.add(name);
      }
      return this;
    }

    /** Create the store when the path holds none. Default: {@code true}. */
    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    /** Open read-only; writes throw {@link ReadOnlyStoreException}. Default: {@code false}. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** Whether writes without explicit {@link WriteOptions} fsync. Default: {@code false}. */
    public Builder syncWrites(boolean syncWrites) {
      this.syncWrites = syncWrites;
      return this;
    }

    /** Block/page cache budget in bytes, 0 for none. Default: 64 MiB. */
    public Builder cacheSizeBytes(long bytes) {
      Rules.cacheSize(bytes);
      this.cacheSizeBytes = bytes;
      return this;
    }

    /** Memtable size in bytes, at least 64 KiB. Default: 64 MiB. */
    public Builder writeBufferSizeBytes(long bytes) {
      Rules.writeBufferSize(bytes);
      this.writeBufferSizeBytes = bytes;
      return this;
    }

    /** Open file budget, positive or -1 for unlimited. Default: 1000. */
    public Builder maxOpenFiles(int files) {
      Rules.maxOpenFiles(files);
      this.maxOpenFiles = files;
      return this;
    }

    /** Block compression. Default: {@link Compression#LZ4}. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression must not be null; use Compression.NONE");
      return this;
    }

    /**
     * Data block size in bytes, 1 KiB to 4 MiB. Default: 4 KiB, RocksDB's own: a point read that
     * misses the block cache reads, checksums and decompresses one block, so smaller blocks make
     * uncached reads faster (measured 5-15% more gets/s at 4 KiB than at 16 KiB on a million
     * keys under an 8 MiB cache) for about 3% more disk.
     */
    public Builder blockSizeBytes(int bytes) {
      Rules.blockSize(bytes);
      this.blockSizeBytes = bytes;
      return this;
    }

    /** Bloom filter bits per key, 0 (none) to 64. Default: 10 (about 1% false positives). */
    public Builder bloomBitsPerKey(int bits) {
      Rules.bloomBits(bits);
      this.bloomBitsPerKey = bits;
      return this;
    }

    /** LMDB map size in bytes, at least 1 MiB. Default: 1 GiB (grown on demand by the engine). */
    public Builder mapSizeBytes(long bytes) {
      Rules.mapSize(bytes);
      this.mapSizeBytes = bytes;
      return this;
    }

    /**
     * The most key and value bytes one {@link WriteBatch} may hold; adding past it throws
     * {@link WriteLimitExceededException} and leaves the batch as it was. Default: 256 MiB.
     */
    public Builder maxBatchBytes(long bytes) {
      Rules.writeLimit("max batch bytes", bytes);
      this.maxBatchBytes = bytes;
      return this;
    }

    /**
     * The most key and value bytes one {@link Transaction} may write; a write past it throws
     * {@link WriteLimitExceededException} and the transaction can then only be rolled back (nothing
     * of it is ever written). Default: 256 MiB.
     */
    public Builder maxTransactionBytes(long bytes) {
      Rules.writeLimit("max transaction bytes", bytes);
      this.maxTransactionBytes = bytes;
      return this;
    }

    /**
     * Background-work and compaction settings. Default: {@link PerformanceConfig#ENGINE_DEFAULTS}
     * (none set). An engine that cannot honour a setting that is set rejects the open, naming it.
     */
    public Builder performance(PerformanceConfig performance) {
      requireArgument(performance != null, "performance config must not be null; use PerformanceConfig.ENGINE_DEFAULTS");
      this.performance = performance;
      return this;
    }

    /**
     * An engine-specific option, named {@code "<engine>.<option>"}. Default: none. The engine
     * validates the option when the store opens.
     */
    public Builder option(String name, String value) {
      Rules.option(name, value);
      this.engineOptions.put(name, value);
      return this;
    }

    public StorageConfig build() {
      List<String> families = new ArrayList<>();
      families.add(DEFAULT_COLUMN_FAMILY);
      for (String name : columnFamilies) {
        if (!name.equals(DEFAULT_COLUMN_FAMILY)) {
          families.add(name);
        }
      }
      return new StorageConfig(engine, path, families, createIfMissing, readOnly, syncWrites, cacheSizeBytes,
          writeBufferSizeBytes, maxOpenFiles, compression, blockSizeBytes, bloomBitsPerKey, mapSizeBytes, maxBatchBytes, maxTransactionBytes,
          performance, engineOptions);
    }
  }

  /** The validation rules, shared by the builder's setters and the canonical constructor. */
  private static final class Rules {
    static void engineName(String name) {
      requireArgument(name == null || !name.isBlank() && name.equals(name.trim().toLowerCase(java.util.Locale.ROOT)),
          "engine name must be a non-blank lowercase name, was \"" + name + "\"; leave it unset to pick the highest-priority engine");
    }

    static void columnFamily(String name) {
      requireArgument(name != null && !name.isEmpty(), "column family names must not be null or empty");
    }

    static void cacheSize(long bytes) {
      requireArgument(bytes >= 0, "cache size must not be negative, was " + bytes);
    }

    static void writeBufferSize(long bytes) {
      requireArgument(bytes >= 64 * KIB, "write buffer size must be at least 64 KiB, was " + bytes);
    }

    static void maxOpenFiles(int files) {
      requireArgument(files == -1 || files > 0, "max open files must be positive or -1 (unlimited), was " + files);
    }

    static void blockSize(int bytes) {
      requireArgument(bytes >= KIB && bytes <= 4 * MIB, "block size must be between 1 KiB and 4 MiB, was " + bytes);
    }

    static void bloomBits(int bits) {
      requireArgument(bits >= 0 && bits <= 64, "bloom bits per key must be between 0 and 64, was " + bits);
    }

    static void mapSize(long bytes) {
      requireArgument(bytes >= MIB, "map size must be at least 1 MiB, was " + bytes);
    }

    static void writeLimit(String what, long bytes) {
      requireArgument(bytes > 0, what + " must be positive, was " + bytes);
    }

    static void option(String name, String value) {
      requireArgument(name != null && name.indexOf('.') > 0 && !name.endsWith("."),
          "engine option names have the form <engine>.<option>, was " + name);
      requireArgument(value != null, "value of option " + name + " must not be null");
    }
  }

  private static void requireArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
