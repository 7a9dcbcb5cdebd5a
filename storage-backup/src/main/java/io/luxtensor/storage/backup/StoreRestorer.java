package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a chain of backups (a full one, then its incrementals in order) and then change-log records
 * to an open store, through the public API only, so any engine can be the target. Writes go in
 * batches of a few MiB without sync; the caller flushes. Not thread-safe.
 */
final class StoreRestorer {

  private static final long BATCH_BYTES = 4L << 20;
  private static final int BATCH_OPS = 20_000;

  private final KeyValueStore store;
  private final RestoreOptions options;
  private final long totalBytes;
  private WriteBatch batch;
  private long entries;
  private long bytes;

  StoreRestorer(KeyValueStore store, RestoreOptions options, long totalBytes) {
    this.store = store;
    this.options = options;
    this.totalBytes = totalBytes;
    this.batch = store.newBatch();
  }

  long entries() {
    return entries;
  }

  void applyChain(Backups backups, List<Manifest> chain, Map<String, byte[]> dataKeys) {
    for (Manifest m : chain) {
      Set<String> wanted = new HashSet<>();
      m.columnFamilies().forEach(cf -> wanted.add(cf.name()));
      for (ColumnFamily cf : store.columnFamilies()) {
        if (!wanted.contains(cf.name()) && !cf.name().equals(StorageConfig.DEFAULT_COLUMN_FAMILY)) {
          store.dropColumnFamily(cf); // dropped from the source between the parent and this backup
        }
      }
      for (Manifest.ColumnFamilyEntry entry : m.columnFamilies()) {
        ColumnFamily cf = family(entry.name());
        if (entry.reset()) {
          store.deleteRange(cf, KeyRange.all());
        }
        int fileIndex = Integer.parseInt(entry.dataFile().substring(3, 7)) * 2;
        ChunkCodec codec = new ChunkCodec(m.compressionLevel(), dataKeys.get(m.id()), m.id(), entry.dataFile(),
            fileIndex);
        ChunkReader.read(backups.directory().resolve(m.id()).resolve(entry.dataFile()),
            "backup " + m.id() + " file " + entry.dataFile(), m.files().get(entry.dataFile()), codec, sink(cf), n -> {
              bytes += n;
              options.cancellation().check("the restore of backup " + m.id());
              options.progress().onProgress(new BackupProgress.Event(BackupProgress.Operation.RESTORE, m.id(),
                  entry.name(), entries, bytes, totalBytes));
            });
        flushBatch();
      }
    }
  }

  /** Replays {@code (after, upTo]} of {@code log}; returns how many records it applied. */
  long replay(ChangeLog log, long after, long upTo, String backupId) {
    long[] n = {0};
    log.read(after, upTo, record -> {
      for (LogRecord.Op op : record.operations()) {
        switch (op.kind()) {
          case PUT -> add(() -> batch.put(family(op.family()), op.key(), op.value()), op.key().length
              + op.value().length);
          case DELETE -> add(() -> batch.delete(family(op.family()), op.key()), op.key().length);
          case DELETE_RANGE -> add(() -> batch.deleteRange(family(op.family()), op.value() == null
              ? KeyRange.atLeast(op.key()) : KeyRange.of(op.key(), op.value())), op.key().length);
          case CREATE_FAMILY -> {
            flushBatch();
            family(op.family());
          }
          case DROP_FAMILY -> {
            flushBatch();
            store.columnFamilies().stream().filter(cf -> cf.name().equals(op.family())).findFirst()
                .ifPresent(store::dropColumnFamily);
          }
        }
      }
      if (++n[0] % 1024 == 0) {
        options.cancellation().check("the replay of the change log");
        options.progress().onProgress(new BackupProgress.Event(BackupProgress.Operation.REPLAY, backupId, null, n[0],
            0, -1));
      }
    });
    flushBatch();
    return n[0];
  }

  private ColumnFamily family(String name) {
    for (ColumnFamily cf : store.columnFamilies()) {
      if (cf.name().equals(name)) {
        return cf;
      }
    }
    flushBatch();
    return store.createColumnFamily(name);
  }

  private Records.Sink sink(ColumnFamily cf) {
    return new Records.Sink() {
      @Override
      public void put(byte[] key, byte[] value) {
        add(() -> batch.put(cf, key, value), key.length + value.length);
      }

      @Override
      public void delete(byte[] key) {
        add(() -> batch.delete(cf, key), key.length);
      }

      @Override
      public void deleteRange(byte[] from, byte[] to) {
        add(() -> batch.deleteRange(cf, to == null ? KeyRange.atLeast(from) : KeyRange.of(from, to)), from.length);
      }
    };
  }

  private void add(Runnable op, long size) {
    if (batch.payloadBytes() + size > BATCH_BYTES || batch.size() >= BATCH_OPS) {
      flushBatch();
    }
    op.run();
    entries++;
  }

  private void flushBatch() {
    if (!batch.isEmpty()) {
      store.write(batch, WriteOptions.ASYNC);
      batch.clear();
    }
  }
}
