package io.luxtensor.storage.backup;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The archived change log of a {@link LoggedStore}: every committed write, numbered without gaps, with
 * its commit time, in segment files {@code <first sequence>.seg} beside a {@code log-id} file naming
 * the log. Each record is framed as {@code length, CRC-32C, payload}. A frame cut short at the end of
 * the newest segment (a process killed mid-append) is dropped on open; any other damage is a
 * {@link BackupCorruptedException} naming segment and offset.
 *
 * <p>A write is appended after the store applied it and before it is acknowledged, under the log's
 * {@link #lock()}, so the log order is the commit order and a snapshot taken under the lock sits at
 * exactly one sequence. Appends reach the operating system at once (they survive a killed process) and
 * are forced to disk for synced writes. Thread-safe. Readers ({@link #read}) may run while a writer
 * appends; they see whole records only.
 */
public final class ChangeLog implements AutoCloseable {

  static final String ID_FILE = "log-id";
  static final String SUFFIX = ".seg";
  /** Segment size at which the log starts a new segment. */
  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  private static final int MAX_RECORD = 1 << 30;
  /** A buffer grown past this for one large record is replaced at the next smaller one: it does not stay pinned. */
  private static final int KEEP_BUFFER = 4 << 20;

  private final Path directory;
  private final String logId;
  private final long segmentBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private FileChannel segment;
  /** The frame being appended; only touched under the lock. */
  private ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private final Map<String, byte[]> familyNames = new HashMap<>();
  private long segmentSize;
  private long lastSequence;
  private boolean failed;
  private boolean closed;

  private ChangeLog(Path directory, String logId, long segmentBytes) {
    this.directory = directory;
    this.logId = logId;
    this.segmentBytes = segmentBytes;
  }

  /** Opens (creating if missing) the change log in {@code directory} for appending. */
  static ChangeLog openForAppend(Path directory, long segmentBytes) {
    try {
      Files.createDirectories(directory);
      Path idFile = directory.resolve(ID_FILE);
      if (!Files.exists(idFile)) {
        Path tmp = directory.resolve(ID_FILE + ".tmp");
        Files.writeString(tmp, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, idFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      ChangeLog log = new ChangeLog(directory, readId(directory), segmentBytes);
      log.recover();
      return log;
    } catch (IOException e) {
      throw new BackupException("cannot open the change log in " + directory + ": " + e, e);
    }
  }

  /**
   * The log in {@code directory}, for reading only (a restore replaying it).
   *
   * @throws BackupException when there is no change log there
   */
  public static ChangeLog openForReading(Path directory) {
    return new ChangeLog(directory, readId(directory), DEFAULT_SEGMENT_BYTES);
  }

  private static String readId(Path directory) {
    try {
      String id = Files.readString(directory.resolve(ID_FILE), StandardCharsets.US_ASCII).strip();
      UUID.fromString(id);
      return id;
    } catch (NoSuchFileException e) {
      throw new BackupException("no change log in " + directory + " (no " + ID_FILE + " file): give the directory"
          + " the store's LoggedStore wrote to", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BackupCorruptedException("the change log id in " + directory.resolve(ID_FILE) + " is unreadable: "
          + e, e);
    }
  }

  /** The log's identity: a backup made with this log records it, so a restore replays the right log. */
  public String logId() {
    return logId;
  }

  public Path directory() {
    return directory;
  }

  /** The sequence of the last record appended (0 for an empty log). */
  public long lastSequence() {
    lock.lock();
    try {
      return lastSequence;
    } finally {
      lock.unlock();
    }
  }

  /** The lock writers hold while they apply and append; holding it freezes the sequence. */
  ReentrantLock lock() {
    return lock;
  }

  /** Finds the end of the newest segment, dropping a torn last frame. */
  private void recover() throws IOException {
    List<Path> segments = segments();
    if (segments.isEmpty()) {
      return;
    }
    Path last = segments.get(segments.size() - 1);
    long[] good = {0};
    long[] seq = {firstSequence(last) - 1};
    scan(last, Long.MIN_VALUE, Long.MAX_VALUE, r -> seq[0] = r.sequence(), good);
    segment = FileChannel.open(last, StandardOpenOption.WRITE);
    segment.truncate(good[0]);
    segment.position(good[0]);
    segmentSize = good[0];
    lastSequence = seq[0];
  }

  /** Appends one committed write; the caller holds {@link #lock()}. */
  void append(List<LogRecord.Op> ops, boolean sync) {
    checkAppendable();
    long size = 0;
    for (int i = 0; i < ops.size(); i++) {
      LogRecord.Op op = ops.get(i);
      size += opBytes(op.family(), op.key(), op.value());
    }
    ByteBuffer frame = begin(ops.size(), size);
    for (int i = 0; i < ops.size(); i++) {
      LogRecord.Op op = ops.get(i);
      putOp(frame, op.kind(), op.family(), op.key(), op.value());
    }
    write(frame, sync);
  }

  /**
   * Appends one committed batch, framed straight from the batch's own arrays: no copy of its
   * operations is made first (the record is the same as {@link #append(List, boolean)} makes of them).
   * The caller holds {@link #lock()} and calls this after the engine applied the batch, before it is
   * acknowledged.
   */
  void append(EngineBatch batch, boolean sync) {
    checkAppendable();
    long[] size = {0};
    int[] count = {0};
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        size[0] += opBytes(cf.name(), key, value);
        count[0]++;
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        size[0] += opBytes(cf.name(), key, null);
        count[0]++;
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        size[0] += opBytes(cf.name(), from, to);
        count[0]++;
      }
    });
    ByteBuffer frame = begin(count[0], size[0]);
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        putOp(frame, LogRecord.Kind.PUT, cf.name(), key, value);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        putOp(frame, LogRecord.Kind.DELETE, cf.name(), key, null);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        putOp(frame, LogRecord.Kind.DELETE_RANGE, cf.name(), from, to);
      }
    });
    write(frame, sync);
  }

  private void checkAppendable() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("append the change log holding its lock: the log order is the commit order");
    }
    if (closed) {
      throw new BackupException("the change log " + directory + " is closed");
    }
    if (failed) {
      throw new BackupException("the change log " + directory + " failed an earlier append, so later writes would"
          + " not be recoverable: reopen the store, and take a full backup");
    }
  }

  /** Checksums the frame {@link #begin} started and the operations filled, writes it, and moves the sequence on. */
  private void write(ByteBuffer frame, boolean sync) {
    long sequence = lastSequence + 1;
    int length = frame.position() - 8;
    crc.reset();
    crc.update(frame.slice(8, length));
    frame.putInt(0, length).putInt(4, (int) crc.getValue());
    frame.flip();
    try {
      if (segment == null || segmentSize >= segmentBytes) {
        roll(sequence);
      }
      while (frame.hasRemaining()) {
        segment.write(frame);
      }
      segmentSize += frame.limit();
      if (sync) {
        segment.force(false);
      }
      lastSequence = sequence;
    } catch (IOException e) {
      failed = true;
      throw new BackupException("cannot append to the change log " + directory + " (the write is in the store but"
          + " not in the log): " + e + "; free space, reopen the store and take a full backup", e);
    }
  }

  private void roll(long firstSequence) throws IOException {
    if (segment != null) {
      segment.force(true);
      segment.close();
    }
    Path next = directory.resolve(String.format("%020d", firstSequence) + SUFFIX);
    segment = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segmentSize = 0;
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the segment's own sync still holds its records
    }
  }

  /** Forces every appended record to disk. */
  public void sync() {
    lock.lock();
    try {
      if (segment != null && !closed) {
        segment.force(false);
      }
    } catch (IOException e) {
      throw new BackupException("cannot sync the change log " + directory + ": " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Calls {@code consumer} with every record whose sequence is in {@code (after, upTo]}, in order.
   *
   * @throws BackupCorruptedException when a segment in that span is damaged or the sequence has a gap
   * @throws BackupException when records after {@code after} were pruned
   */
  public void read(long after, long upTo, Consumer<LogRecord> consumer) {
    List<Path> segments;
    try {
      segments = segments();
    } catch (IOException e) {
      throw new BackupException("cannot list the change log " + directory + ": " + e, e);
    }
    if (upTo <= after) {
      return;
    }
    if (segments.isEmpty() || firstSequence(segments.get(0)) > after + 1) {
      throw new BackupException("the change log " + directory + " no longer holds sequence " + (after + 1)
          + " (pruned or never written): restore from a later backup");
    }
    long[] expect = {-1};
    for (int i = 0; i < segments.size(); i++) {
      if (i + 1 < segments.size() && firstSequence(segments.get(i + 1)) <= after + 1) {
        continue;
      }
      if (firstSequence(segments.get(i)) > upTo) {
        break;
      }
      Path s = segments.get(i);
      try {
        scan(s, after, upTo, r -> {
          if (expect[0] >= 0 && r.sequence() != expect[0]) {
            throw new BackupCorruptedException("the change log segment " + s + " jumps from sequence " + (expect[0] - 1)
                + " to " + r.sequence() + ": a segment is missing; restore can only reach sequence " + (expect[0] - 1));
          }
          expect[0] = r.sequence() + 1;
          consumer.accept(r);
        }, new long[1]);
      } catch (IOException e) {
        throw new BackupException("cannot read the change log segment " + s + ": " + e, e);
      }
    }
  }

  /** The sequence of the last record committed at or before {@code timeMillis}, or 0. */
  public long sequenceAt(long timeMillis) {
    long[] found = {0};
    read(0, Long.MAX_VALUE, r -> {
      if (r.timeMillis() <= timeMillis) {
        found[0] = r.sequence();
      }
    });
    return found[0];
  }

  /** The sequence of the last record in the log's files (for a log another process wrote). */
  public long lastSequenceOnDisk() {
    long[] last = {0};
    try {
      List<Path> segments = segments();
      if (segments.isEmpty()) {
        return 0;
      }
      Path s = segments.get(segments.size() - 1);
      last[0] = firstSequence(s) - 1;
      scan(s, Long.MIN_VALUE, Long.MAX_VALUE, r -> last[0] = r.sequence(), new long[1]);
    } catch (IOException e) {
      throw new BackupException("cannot read the change log " + directory + ": " + e, e);
    }
    return last[0];
  }

  /**
   * Deletes segments whose every record is at or before {@code sequence} (no longer needed once a
   * backup holds them); the newest segment always stays. Returns how many were deleted.
   */
  public int pruneThrough(long sequence) {
    try {
      List<Path> segments = segments();
      int deleted = 0;
      for (int i = 0; i + 1 < segments.size(); i++) {
        if (firstSequence(segments.get(i + 1)) - 1 <= sequence) {
          Files.delete(segments.get(i));
          deleted++;
        }
      }
      return deleted;
    } catch (IOException e) {
      throw new BackupException("cannot prune the change log " + directory + ": " + e, e);
    }
  }

  private List<Path> segments() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path p : dir) {
        if (p.getFileName().toString().matches("\\d{20}\\" + SUFFIX)) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static long firstSequence(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  /**
   * Reads the records of one segment with sequence in {@code (after, upTo]}; {@code good[0]} receives
   * the offset after the last whole record. A frame cut short at the end is a torn append and ends the
   * segment; a whole frame that fails its checksum is damage.
   */
  private static void scan(Path segment, long after, long upTo, Consumer<LogRecord> consumer, long[] good)
      throws IOException {
    byte[] bytes = Files.readAllBytes(segment);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    while (b.remaining() >= 8) {
      int at = b.position();
      int length = b.getInt();
      int sum = b.getInt();
      if (length < 20 || length > MAX_RECORD) {
        if (length == 0 && allZero(bytes, at)) {
          break; // preallocated or zero-filled tail after a crash: nothing was appended here
        }
        throw new BackupCorruptedException("the change log segment " + segment + " has a bad record length " + length
            + " at byte " + at + ": the log is damaged; restore can replay only up to the record before it");
      }
      if (b.remaining() < length) {
        break; // torn append
      }
      crc.reset();
      crc.update(bytes, b.position(), length);
      if ((int) crc.getValue() != sum) {
        throw new BackupCorruptedException("the change log segment " + segment + " has a record at byte " + at
            + " that fails its CRC-32C: the log is damaged; restore can replay only up to the record before it");
      }
      LogRecord r = decode(ByteBuffer.wrap(bytes, b.position(), length).slice(), segment, at);
      b.position(b.position() + length);
      good[0] = b.position();
      if (r.sequence() > upTo) {
        break;
      }
      if (r.sequence() > after) {
        consumer.accept(r);
      }
    }
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Starts the next record in the log's reused direct buffer (the caller holds the lock): the
   * operations are then copied once, straight into memory the kernel reads from, where a heap buffer
   * would be copied again into a temporary direct one by every {@code write}. Sized exactly; grown when
   * a record needs it, and replaced after a record larger than {@value #KEEP_BUFFER} bytes.
   */
  private ByteBuffer begin(int count, long opsBytes) {
    long size = 20 + opsBytes;
    if (size > MAX_RECORD) {
      failed = true; // the store applied the write already: the log can no longer replay what the store holds
      throw new BackupException("a write of " + size + " bytes is too large for the change log (at most " + MAX_RECORD
          + " bytes per commit): split the batch");
    }
    int total = 8 + (int) size;
    if (buffer == null || buffer.capacity() < total || (buffer.capacity() > KEEP_BUFFER && total <= KEEP_BUFFER)) {
      buffer = ByteBuffer.allocateDirect(Math.max(total, 1 << 16));
    }
    ByteBuffer frame = buffer.clear();
    frame.position(8);
    frame.putLong(lastSequence + 1).putLong(System.currentTimeMillis()).putInt(count);
    return frame;
  }

  /** The bytes one operation takes in a record. */
  private long opBytes(String family, byte[] key, byte[] value) {
    return 1 + 4 + familyBytes(family).length + 4 + (key == null ? 0 : key.length) + 4
        + (value == null ? 0 : value.length);
  }

  private void putOp(ByteBuffer frame, LogRecord.Kind kind, String family, byte[] key, byte[] value) {
    frame.put((byte) kind.ordinal());
    byte[] name = familyBytes(family);
    frame.putInt(name.length).put(name);
    putNullable(frame, key);
    putNullable(frame, value);
  }

  /** A family name's UTF-8 bytes, remembered: a store has few families and logs their names on every write. */
  private byte[] familyBytes(String family) {
    byte[] bytes = familyNames.get(family);
    if (bytes == null) {
      bytes = family.getBytes(StandardCharsets.UTF_8);
      if (familyNames.size() < 1024) {
        familyNames.put(family, bytes);
      }
    }
    return bytes;
  }

  private static void putNullable(ByteBuffer b, byte[] bytes) {
    if (bytes == null) {
      b.putInt(-1);
    } else {
      b.putInt(bytes.length).put(bytes);
    }
  }

  private static LogRecord decode(ByteBuffer b, Path segment, int at) {
    try {
      long sequence = b.getLong();
      long time = b.getLong();
      int count = b.getInt();
      List<LogRecord.Op> ops = new ArrayList<>(Math.min(count, 1 << 16));
      LogRecord.Kind[] kinds = LogRecord.Kind.values();
      for (int i = 0; i < count; i++) {
        int kind = b.get();
        byte[] family = new byte[b.getInt()];
        b.get(family);
        ops.add(new LogRecord.Op(kinds[kind], new String(family, StandardCharsets.UTF_8), nullable(b), nullable(b)));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("bytes after the last operation");
      }
      return new LogRecord(sequence, time, ops);
    } catch (RuntimeException e) {
      throw new BackupCorruptedException("the change log segment " + segment + " has a record at byte " + at
          + " whose checksum holds but which does not parse (" + e + "): it was written by another program", e);
    }
  }

  private static byte[] nullable(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  /** Forces and closes the segment being appended to; idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (segment != null) {
        segment.force(true);
        segment.close();
      }
    } catch (IOException e) {
      throw new BackupException("cannot close the change log " + directory + ": " + e, e);
    } finally {
      lock.unlock();
    }
  }
}
