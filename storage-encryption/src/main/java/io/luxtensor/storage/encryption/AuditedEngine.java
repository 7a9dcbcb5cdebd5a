package io.luxtensor.storage.encryption;

import io.luxtensor.storage.NativeBackup;
import io.luxtensor.storage.NativeBackups;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.ForwardingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An engine whose administrative operations (open, close, column families created and dropped,
 * checkpoints, native backups, and the encryption layer's rotations and re-wraps) and, where
 * configured, writes per column family are recorded in an {@link AuditLog}, each with its outcome.
 * Reads pass through unrecorded, and every other call is forwarded (see {@link ForwardingEngine}):
 * transactions of every isolation level are recorded alike when they commit. Records names, counts
 * and sizes, never keys or values. Thread-safe as the engine it wraps; owns that engine and the log,
 * closing both.
 */
final class AuditedEngine extends ForwardingEngine {

  private final AuditOptions options;
  private final AuditLog log;

  AuditedEngine(StorageEngine inner, StorageConfig config, AuditOptions options) {
    super(inner);
    this.options = options;
    this.log = new AuditLog(options.file());
    if (inner instanceof EncryptedEngine encrypted) {
      encrypted.onAdministrativeEvent(event -> log.admin(event + " result=ok"));
    }
    log.admin("open store=" + (config.isTemporary() ? "temporary" : config.path()) + " engine="
        + (config.engine() == null ? "default" : config.engine()) + " encrypted="
        + !config.engineOptions(EncryptionOptions.PREFIX).isEmpty() + " readOnly=" + config.readOnly() + " result=ok");
  }

  private <T> T admin(String event, Supplier<T> operation) {
    T result;
    try {
      result = operation.get();
    } catch (RuntimeException e) {
      log.admin(event + " result=failed:" + e.getClass().getSimpleName());
      throw e;
    }
    log.admin(event + " result=ok");
    return result;
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    return admin("create-column-family name=" + name, () -> super.createColumnFamily(name));
  }

  @Override
  public void dropColumnFamily(EngineColumnFamily cf) {
    admin("drop-column-family name=" + cf.name(), () -> {
      super.dropColumnFamily(cf);
      return null;
    });
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions writeOptions) {
    super.put(cf, key, value, writeOptions);
    if (options.records(cf.name())) {
      log.write("put cf=" + cf.name() + " keyBytes=" + key.length + " valueBytes=" + value.length);
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions writeOptions) {
    super.delete(cf, key, writeOptions);
    if (options.records(cf.name())) {
      log.write("delete cf=" + cf.name() + " keyBytes=" + key.length);
    }
  }

  @Override
  public void write(EngineBatch batch, WriteOptions writeOptions) {
    super.write(batch, writeOptions);
    if (options.allWrites() || !options.writeFamilies().isEmpty()) {
      Map<String, WriteCounts> counts = new TreeMap<>();
      batch.forEach(new EngineBatch.Handler() {
        @Override
        public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
          counts.computeIfAbsent(cf.name(), n -> new WriteCounts()).put(key.length + value.length);
        }

        @Override
        public void delete(EngineColumnFamily cf, byte[] key) {
          counts.computeIfAbsent(cf.name(), n -> new WriteCounts()).delete(key.length);
        }

        @Override
        public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
          counts.computeIfAbsent(cf.name(), n -> new WriteCounts()).rangeDeletes++;
        }
      });
      record("batch", counts);
    }
  }

  void record(String event, Map<String, WriteCounts> counts) {
    counts.forEach((family, count) -> {
      if (options.records(family)) {
        log.write(event + " cf=" + family + " " + count);
      }
    });
  }

  /** Counts the writes of a transaction of any isolation, when writes are recorded, and records them at commit. */
  @Override
  protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
    return options.allWrites() || !options.writeFamilies().isEmpty() ? new AuditedTransaction(transaction, this)
        : transaction;
  }

  @Override
  public void checkpoint(Path target) {
    admin("checkpoint target=" + target, () -> {
      super.checkpoint(target);
      return null;
    });
  }

  @Override
  public NativeBackups nativeBackups(Path directory) {
    NativeBackups backups = admin("native-backups directory=" + directory, () -> super.nativeBackups(directory));
    return new AuditedBackups(backups, directory);
  }

  @Override
  public void close() {
    try {
      admin("close", () -> {
        super.close();
        return null;
      });
    } finally {
      log.close();
    }
  }

  /** Counts of one column family's writes in a batch or transaction. Not thread-safe. */
  static final class WriteCounts {
    int puts;
    int deletes;
    int rangeDeletes;
    long bytes;

    void put(long payload) {
      puts++;
      bytes += payload;
    }

    void delete(long payload) {
      deletes++;
      bytes += payload;
    }

    @Override
    public String toString() {
      return "puts=" + puts + " deletes=" + deletes + " rangeDeletes=" + rangeDeletes + " bytes=" + bytes;
    }
  }

  /** Native backups whose changes to the backup directory and restores are recorded. Thread-safe as the engine's. */
  private final class AuditedBackups implements NativeBackups {

    private final NativeBackups inner;
    private final Path directory;

    AuditedBackups(NativeBackups inner, Path directory) {
      this.inner = inner;
      this.directory = directory;
    }

    @Override
    public NativeBackup create() {
      NativeBackup[] made = new NativeBackup[1];
      try {
        made[0] = inner.create();
      } catch (RuntimeException e) {
        log.admin("backup-create directory=" + directory + " result=failed:" + e.getClass().getSimpleName());
        throw e;
      }
      log.admin("backup-create directory=" + directory + " id=" + made[0].id() + " bytes=" + made[0].sizeBytes()
          + " result=ok");
      return made[0];
    }

    @Override
    public List<NativeBackup> list() {
      return inner.list();
    }

    @Override
    public void verify(int id) {
      admin("backup-verify directory=" + directory + " id=" + id, () -> {
        inner.verify(id);
        return null;
      });
    }

    @Override
    public void restore(int id, Path target) {
      admin("backup-restore directory=" + directory + " id=" + id + " target=" + target, () -> {
        inner.restore(id, target);
        return null;
      });
    }

    @Override
    public void purgeOldBackups(int keep) {
      admin("backup-purge directory=" + directory + " keep=" + keep, () -> {
        inner.purgeOldBackups(keep);
        return null;
      });
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
