package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.backup.Manifest.ChangeDetection;
import io.luxtensor.storage.backup.Manifest.ColumnFamilyEntry;
import io.luxtensor.storage.backup.Manifest.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes one backup's files into a scratch directory from a snapshot of a live store: every entry
 * (full), or only what changed since the parent, found from the store's change log when it has one
 * that reaches back to the parent, else by a scan compared with the parent's key index. Writers keep
 * running meanwhile: the snapshot is all the backup sees. One use; not thread-safe.
 */
final class BackupWriter {

  /** Entries between progress reports and cancellation checks. */
  private static final int STEP = 4096;

  private final Backups backups;
  private final Path scratch;
  private final String id;
  private final Manifest parent;
  private final BackupOptions options;
  private final byte[] dataKey;
  private final byte[] parentDataKey;
  private final Map<String, FileEntry> files = new LinkedHashMap<>();
  private final Hashing.ValueHash valueHash = new Hashing.ValueHash();
  private long entries;
  private long bytes;

  BackupWriter(Backups backups, Path scratch, String id, Manifest parent, BackupOptions options, byte[] dataKey,
      byte[] parentDataKey) {
    this.backups = backups;
    this.scratch = scratch;
    this.id = id;
    this.parent = parent;
    this.options = options;
    this.dataKey = dataKey;
    this.parentDataKey = parentDataKey;
  }

  /** A snapshot with the column families and change-log position it was taken at. */
  record Point(Snapshot snapshot, List<ColumnFamily> families, String logId, long sequence) {}

  static Point point(KeyValueStore store) {
    if (store instanceof LoggedStore logged) {
      ChangeLog log = logged.changeLog();
      // Writers apply and log under this lock: a snapshot taken holding it is at exactly this sequence.
      log.lock().lock();
      try {
        return new Point(store.snapshot(), store.columnFamilies(), log.logId(), log.lastSequence());
      } finally {
        log.lock().unlock();
      }
    }
    Snapshot snapshot = store.snapshot();
    return new Point(snapshot, store.columnFamilies(), null, -1);
  }

  Manifest write(KeyValueStore store, Point point, Manifest.Encryption encryption) throws IOException {
    ChangeDetection detection = ChangeDetection.FULL;
    Map<String, LogChanges> logChanges = null;
    if (parent != null) {
      logChanges = store instanceof LoggedStore logged ? changesFromLog(logged.changeLog(), point) : null;
      detection = logChanges != null ? ChangeDetection.CHANGE_LOG : ChangeDetection.SCAN;
    }
    if (point.families().size() > 10_000) {
      throw new BackupException("the store has " + point.families().size() + " column families; a backup holds at"
          + " most 10,000");
    }
    List<ColumnFamilyEntry> cfs = new ArrayList<>();
    for (int i = 0; i < point.families().size(); i++) {
      ColumnFamily cf = point.families().get(i);
      String dataName = String.format("cf-%04d.dat", i);
      Manifest.ColumnFamilyEntry parentCf = parent == null ? null : parent.columnFamily(cf.name()).orElse(null);
      if (detection == ChangeDetection.CHANGE_LOG) {
        LogChanges changes = logChanges.get(cf.name());
        boolean reset = parentCf == null || (changes != null && changes.recreated);
        cfs.add(reset ? dumpAll(point.snapshot(), cf, i, dataName, true, false)
            : fromLog(point.snapshot(), cf, i, dataName, changes));
      } else if (detection == ChangeDetection.SCAN && parentCf != null && parentCf.indexFile() != null) {
        cfs.add(diff(point.snapshot(), cf, i, dataName, parentCf));
      } else {
        cfs.add(dumpAll(point.snapshot(), cf, i, dataName, parent != null, options.keyIndex()));
      }
    }
    return new Manifest(Manifest.FORMAT_VERSION, id, parent == null ? null : parent.id(), Instant.now(),
        store.engine().name(), store.engine().version(), detection, point.logId(), point.sequence(),
        options.zstdLevel(), encryption, cfs, files);
  }

  /**
   * The keys each family's writes touched between the parent's sequence and the snapshot's, or
   * {@code null} when the log cannot tell (another log, or the span was pruned).
   */
  private Map<String, LogChanges> changesFromLog(ChangeLog log, Point point) {
    if (parent.logId() == null || !parent.logId().equals(point.logId()) || parent.logSequence() > point.sequence()) {
      return null;
    }
    Map<String, LogChanges> changes = new HashMap<>();
    try {
      log.read(parent.logSequence(), point.sequence(), record -> {
        for (LogRecord.Op op : record.operations()) {
          LogChanges c = changes.computeIfAbsent(op.family(), f -> new LogChanges());
          switch (op.kind()) {
            case PUT, DELETE -> c.keys.add(op.key());
            case DELETE_RANGE -> c.ranges.add(new byte[][] {op.key(), op.value()});
            case CREATE_FAMILY, DROP_FAMILY -> c.recreated = true;
          }
        }
      });
    } catch (BackupException e) {
      return null; // the span is not all there: a scan finds the changes instead
    }
    return changes;
  }

  /** What the log says changed in one family; held in memory, bounded by the writes since the parent. */
  private static final class LogChanges {
    final TreeSet<byte[]> keys = new TreeSet<>(Keys.ORDER);
    final List<byte[][]> ranges = new ArrayList<>();
    boolean recreated;
  }

  private ChunkWriter writer(String name, int fileIndex) throws IOException {
    return writer(name, fileIndex, null);
  }

  private ChunkWriter writer(String name, int fileIndex, ChunkWriter.Tap tap) throws IOException {
    return new ChunkWriter(scratch.resolve(name), new ChunkCodec(options.zstdLevel(), dataKey, id, name, fileIndex),
        ChunkWriter.DEFAULT_CHUNK_BYTES, tap);
  }

  /**
   * Every entry of the family. The scan only frames entries into the data file's chunks; the key index
   * and the state digest are computed from those chunks on the data file's tap thread, and compression,
   * encryption and the file's hash on its encoder thread, so the scan overlaps all of them.
   */
  private ColumnFamilyEntry dumpAll(Snapshot snapshot, ColumnFamily cf, int i, String dataName, boolean reset,
      boolean index) throws IOException {
    String indexName = index ? String.format("cf-%04d.idx", i) : null;
    StateDigest digest = new StateDigest();
    // idx is declared first so it is closed last: data's tap thread writes into it until data is closed
    try (ChunkWriter idx = index ? writer(indexName, 2 * i + 1) : null;
        ChunkWriter data = writer(dataName, 2 * i, new IndexTap(digest, idx));
        KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        data.put(it.key(), it.value());
        step(cf, data, idx);
      }
      finish(dataName, data);
      if (idx != null) {
        finish(indexName, idx);
      }
      return new ColumnFamilyEntry(cf.name(), dataName, data.records(), reset, indexName, digest.count(),
          digest.finish());
    }
  }

  /**
   * Reads a full dump's raw chunks (puts only, in key order) into the state digest and, when there is
   * one, the key index. Runs on the data file's tap thread, chunk after chunk; reads the entries in
   * place, copying nothing.
   */
  private static final class IndexTap implements ChunkWriter.Tap {
    private final StateDigest digest;
    private final ChunkWriter index;
    private final Hashing.ValueHash hash = new Hashing.ValueHash();
    private final byte[] h = new byte[Hashing.ValueHash.BYTES];

    IndexTap(StateDigest digest, ChunkWriter index) {
      this.digest = digest;
      this.index = index;
    }

    @Override
    public void chunk(byte[] raw, int length) throws IOException {
      int p = 0;
      while (p < length) {
        if (raw[p++] != Records.PUT) {
          throw new IllegalStateException("a full dump framed a record other than a put at byte " + (p - 1));
        }
        long k = varint(raw, p);
        int keyLength = (int) (k >>> 32);
        int keyOffset = (int) k;
        long v = varint(raw, keyOffset + keyLength);
        int valueLength = (int) (v >>> 32);
        int valueOffset = (int) v;
        p = valueOffset + valueLength;
        digest.add(raw, keyOffset, keyLength, valueOffset, valueLength);
        if (index != null) {
          index.put(raw, keyOffset, keyLength, hash.hash(raw, valueOffset, valueLength, h), 0, h.length);
        }
      }
    }

    /** The varint at {@code at}: its value in the high half, the offset after it in the low half. */
    private static long varint(byte[] b, int at) {
      long value = 0;
      for (int shift = 0;; shift += 7) {
        int x = b[at++];
        value |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return value << 32 | at;
        }
      }
    }
  }

  /** The entries that differ from the parent's key index, and a new index of the whole family. */
  private ColumnFamilyEntry diff(Snapshot snapshot, ColumnFamily cf, int i, String dataName, ColumnFamilyEntry parentCf)
      throws IOException {
    String indexName = String.format("cf-%04d.idx", i);
    StateDigest digest = new StateDigest();
    byte[] h = new byte[Hashing.ValueHash.BYTES];
    Path parentIndex = backups.directory().resolve(parent.id()).resolve(parentCf.indexFile());
    int parentFileIndex = Integer.parseInt(parentCf.indexFile().substring(3, 7)) * 2 + 1;
    try (ChunkWriter data = writer(dataName, 2 * i);
        ChunkWriter idx = writer(indexName, 2 * i + 1);
        KvIterator it = snapshot.iterator(cf, KeyRange.all());
        IndexCursor old = new IndexCursor(new ChunkReader(parentIndex, "backup " + parent.id() + " file "
            + parentCf.indexFile(), parent.files().get(parentCf.indexFile()), new ChunkCodec(parent.compressionLevel(),
            parentDataKey, parent.id(), parentCf.indexFile(), parentFileIndex)))) {
      while (it.isValid() || old.isValid()) {
        int c = !it.isValid() ? 1 : !old.isValid() ? -1 : Keys.ORDER.compare(it.key(), old.key());
        if (c > 0) {
          data.delete(old.key());
          old.next();
          continue;
        }
        byte[] key = it.key();
        byte[] value = it.value();
        valueHash.hash(value, 0, value.length, h);
        if (c < 0 || !Arrays.equals(h, old.hash())) {
          data.put(key, value);
        }
        if (c == 0) {
          old.next();
        }
        idx.put(key, h);
        digest.add(key, value);
        it.next();
        step(cf, data, idx);
      }
      finish(dataName, data);
      finish(indexName, idx);
      return new ColumnFamilyEntry(cf.name(), dataName, data.records(), false, indexName, digest.count(),
          digest.finish());
    }
  }

  /** The log's range deletes, then the snapshot's value (or absence) of every key the log names. */
  private ColumnFamilyEntry fromLog(Snapshot snapshot, ColumnFamily cf, int i, String dataName, LogChanges changes)
      throws IOException {
    try (ChunkWriter data = writer(dataName, 2 * i)) {
      if (changes != null) {
        for (byte[][] range : changes.ranges) {
          data.deleteRange(range[0], range[1]);
        }
        for (byte[] key : changes.keys) {
          byte[] value = snapshot.get(cf, key);
          if (value == null) {
            data.delete(key);
          } else {
            data.put(key, value);
          }
          step(cf, data, null);
        }
      }
      finish(dataName, data);
      return new ColumnFamilyEntry(cf.name(), dataName, data.records(), false, null, -1, null);
    }
  }

  private void finish(String name, ChunkWriter writer) throws IOException {
    files.put(name, writer.finish());
    bytes += writer.size();
  }

  private void step(ColumnFamily cf, ChunkWriter data, ChunkWriter idx) {
    if (++entries % STEP == 0) {
      options.cancellation().check("backup " + id);
      long written = bytes + data.size() + (idx == null ? 0 : idx.size());
      options.progress().onProgress(new BackupProgress.Event(BackupProgress.Operation.BACKUP, id, cf.name(), entries,
          written, -1));
    }
  }

  long entries() {
    return entries;
  }

  long bytes() {
    return bytes;
  }

  /** Walks a key index file entry by entry, chunk by chunk. */
  private static final class IndexCursor implements AutoCloseable {
    private final ChunkReader reader;
    private final List<byte[][]> entries = new ArrayList<>();
    private int at;

    IndexCursor(ChunkReader reader) {
      this.reader = reader;
      fill();
    }

    private void fill() {
      entries.clear();
      at = 0;
      byte[] chunk;
      while (entries.isEmpty() && (chunk = reader.nextChunk()) != null) {
        Records.parse(chunk, new Records.Sink() {
          @Override
          public void put(byte[] key, byte[] value) {
            entries.add(new byte[][] {key, value});
          }

          @Override
          public void delete(byte[] key) {
            throw new BackupCorruptedException(reader.position() + " is a key index but holds a delete");
          }

          @Override
          public void deleteRange(byte[] from, byte[] to) {
            throw new BackupCorruptedException(reader.position() + " is a key index but holds a range delete");
          }
        }, reader.position());
      }
    }

    boolean isValid() {
      return at < entries.size();
    }

    byte[] key() {
      return entries.get(at)[0];
    }

    byte[] hash() {
      return entries.get(at)[1];
    }

    void next() {
      if (++at == entries.size()) {
        fill();
      }
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
