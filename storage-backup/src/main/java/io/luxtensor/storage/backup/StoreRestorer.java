package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.WriteBatch;
import io.luxtensor.storage.WriteOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Applies a chain of backups (a full one, then its incrementals in order) and then change-log records
 * to an open store, through the public API only, so any engine can be the target. Writes go in
 * batches of several MiB with the write options given (no sync; no write-ahead log for a scratch
 * store that is flushed before it is used); the caller flushes.
 *
 * <p>Each data file is read, checked, decrypted, decompressed and parsed into batches on a reader
 * thread while the calling thread writes the previous batch: at most {@value #BATCHES} batches are in
 * memory, so it stays bounded. Progress (after every chunk read), cancellation checks and every write
 * happen on the calling thread. Not thread-safe.
 */
final class StoreRestorer {

  private static final long BATCH_BYTES = 8L << 20;
  private static final int BATCH_OPS = 65_536;
  /** Batches in memory per file: one being filled, one waiting, one being written. */
  private static final int BATCHES = 3;

  private final KeyValueStore store;
  private final RestoreOptions options;
  private final WriteOptions writeOptions;
  private final long totalBytes;
  private final long batchBytes;
  private WriteBatch batch;
  private long entries;
  private long bytes;

  StoreRestorer(KeyValueStore store, RestoreOptions options, long totalBytes) {
    this(store, options, totalBytes, WriteOptions.ASYNC);
  }

  /** @param writeOptions how the batches are written ({@link WriteOptions#NO_WAL} only into a store flushed after) */
  StoreRestorer(KeyValueStore store, RestoreOptions options, long totalBytes, WriteOptions writeOptions) {
    this.store = store;
    this.options = options;
    this.writeOptions = writeOptions;
    this.totalBytes = totalBytes;
    this.batchBytes = Math.min(BATCH_BYTES, store.config().maxBatchBytes());
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
        FileReader reader = new FileReader(backups.directory().resolve(m.id()).resolve(entry.dataFile()),
            "backup " + m.id() + " file " + entry.dataFile(), m.files().get(entry.dataFile()), codec, cf);
        reader.writeAll(m.id(), entry.name());
      }
    }
  }

  /** What the reader thread hands over, in order: a batch to write, or the bytes of a chunk read, or its end or failure. */
  private record Piece(WriteBatch batch, long entries, long bytes, Throwable failure, boolean end) {}

  /** Reads one data file into batches on its own thread; the calling thread writes them. */
  private final class FileReader implements Runnable {
    private final Path file;
    private final String where;
    private final Manifest.FileEntry expected;
    private final ChunkCodec codec;
    private final ColumnFamily cf;
    // Unbounded, but what it holds is: batches are bounded by the permits, chunk reports by the chunks in a batch.
    private final LinkedBlockingQueue<Piece> queue = new LinkedBlockingQueue<>();
    private final Semaphore batches = new Semaphore(BATCHES);
    private final ConcurrentLinkedQueue<WriteBatch> spare = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;
    private WriteBatch filling;
    private long filled;

    FileReader(Path file, String where, Manifest.FileEntry expected, ChunkCodec codec, ColumnFamily cf) {
      this.file = file;
      this.where = where;
      this.expected = expected;
      this.codec = codec;
      this.cf = cf;
    }

    /** Starts the reader thread and writes what it parses until the file's end; stops it on any failure. */
    void writeAll(String backupId, String family) {
      Thread thread = new Thread(this, "restore " + where);
      thread.setDaemon(true);
      thread.start();
      boolean done = false;
      try {
        while (true) {
          Piece piece = take();
          if (piece.failure() instanceof RuntimeException e) {
            throw e;
          } else if (piece.failure() instanceof Error e) {
            throw e;
          } else if (piece.failure() != null) {
            throw new BackupException("cannot restore " + where + ": " + piece.failure(), piece.failure());
          }
          if (piece.batch() != null) {
            if (!piece.batch().isEmpty()) {
              store.write(piece.batch(), writeOptions);
            }
            entries += piece.entries();
            piece.batch().clear();
            spare.offer(piece.batch());
            batches.release();
          }
          if (piece.bytes() > 0) {
            bytes += piece.bytes();
            options.cancellation().check("the restore of backup " + backupId);
            options.progress().onProgress(new BackupProgress.Event(BackupProgress.Operation.RESTORE, backupId,
                family, entries, bytes, totalBytes));
          }
          if (piece.end()) {
            done = true;
            return;
          }
        }
      } finally {
        if (!done) {
          stopped = true;
          thread.interrupt(); // it may wait for a batch to come back, which none will now
        }
        join(thread);
      }
    }

    private Piece take() {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupException("interrupted while restoring " + where, e);
      }
    }

    private void join(Thread thread) {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the reader stops at its next step: wait for it, so it never outlives the store
          stopped = true;
          thread.interrupt();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      try {
        filling = nextBatch();
        ChunkReader.read(file, where, expected, codec, new Records.Sink() {
          @Override
          public void put(byte[] key, byte[] value) {
            room(key.length + value.length);
            filling.put(cf, key, value);
            filled++;
          }

          @Override
          public void delete(byte[] key) {
            room(key.length);
            filling.delete(cf, key);
            filled++;
          }

          @Override
          public void deleteRange(byte[] from, byte[] to) {
            room(from.length + (to == null ? 0 : to.length));
            filling.deleteRange(cf, to == null ? KeyRange.atLeast(from) : KeyRange.of(from, to));
            filled++;
          }
        }, n -> hand(new Piece(null, 0, n, null, false)));
        hand(new Piece(filling, filled, 0, null, true));
      } catch (Stopped e) {
        // the writer gave up; it reports why
      } catch (Throwable t) {
        if (!stopped) {
          try {
            hand(new Piece(null, 0, 0, t, false));
          } catch (Stopped e) {
            // the writer gave up meanwhile
          }
        }
      }
    }

    /** Hands the batch over when the next operation would overfill it, with the bytes read so far. */
    private void room(long size) {
      if (stopped) {
        throw new Stopped();
      }
      if (filling.payloadBytes() + size > batchBytes || filling.size() >= BATCH_OPS) {
        hand(new Piece(filling, filled, 0, null, false));
        filled = 0;
        filling = nextBatch();
      }
    }

    /** A batch to fill, once the writer has given one back if {@value #BATCHES} are out: the bound on memory. */
    private WriteBatch nextBatch() {
      try {
        batches.acquire();
      } catch (InterruptedException e) {
        throw new Stopped();
      }
      WriteBatch next = spare.poll();
      return next != null ? next : store.newBatch();
    }

    private void hand(Piece piece) {
      if (stopped) {
        throw new Stopped();
      }
      queue.add(piece);
    }
  }

  /** Unwinds the reader thread once the writer has stopped. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
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

  private void add(Runnable op, long size) {
    if (batch.payloadBytes() + size > batchBytes || batch.size() >= BATCH_OPS) {
      flushBatch();
    }
    op.run();
    entries++;
  }

  private void flushBatch() {
    if (!batch.isEmpty()) {
      store.write(batch, writeOptions);
      batch.clear();
    }
  }
}
