package io.luxtensor.storage.mapdb;

import java.io.File;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file as MapDB sees it, made crash-safe. MapDB 3.1's {@code StoreWAL.commit()} writes its
 * write-ahead log, then overwrites the store file in place, and its open never replays that log: a
 * process killed while the store file is overwritten leaves a store with a new header and old
 * records, or the reverse (torn batches, "Broken bit parity", B-tree assertions, loops). This volume
 * holds every write in memory as {@link PageJournal#PAGE}-byte page images until MapDB syncs (which it
 * does once, at the end of every commit), then appends the images to the {@link PageJournal} and
 * fsyncs it (the commit's one fsync), and only then copies them into the store file. At open, the
 * journal's records are copied again, in order, so a commit is in the store file entirely or not at
 * all. The store file and its checksums are fsynced at checkpoints: when the journal passes
 * {@value #CHECKPOINT_BYTES} bytes, after a replay, and on close, which then removes the journal.
 *
 * <p>Every page also has a checksum ({@link PageChecksums}), checked the first time the page is read
 * after open: a damaged store file is reported as {@code DBException.DataCorruption} before MapDB
 * decodes anything from the damaged page.
 *
 * <p>Reads run concurrently; with nothing pending (always, outside a commit) they go straight to the
 * underlying volume. Writes and {@link #sync()} are serialised on this object, which MapDB's commit
 * lock already does. Closed by MapDB's store, once; closes the underlying volume.
 */
final class JournaledVolume extends Volume {

  /** Journal bytes after which a commit ends with a checkpoint. */
  static final long CHECKPOINT_BYTES = 64L << 20;

  private static final int PAGE_SHIFT = PageJournal.PAGE_SHIFT;
  private static final int PAGE = PageJournal.PAGE;

  private final Volume base;
  private final PageJournal journal;
  private final PageChecksums checksums;
  private final boolean readOnly;
  /** New page images not yet in the store file, by page index; guarded by {@code this}. */
  private final TreeMap<Long, byte[]> pending = new TreeMap<>();
  /** The length MapDB asked for; at least the store file's. Guarded by {@code this}. */
  private long length;
  /** The store file's length (asking a mapped file costs a system call); changed under {@code this}. */
  private volatile long baseLength;
  /** Whether {@link #pending} or {@link #length} hold anything the store file does not. */
  private volatile boolean dirty;
  /** Why the store file holds part of a journaled commit, after which nothing may use it; or null. */
  private volatile RuntimeException broken;

  private JournaledVolume(Volume base, PageJournal journal, PageChecksums checksums, boolean readOnly) {
    this.base = base;
    this.journal = journal;
    this.checksums = checksums;
    this.readOnly = readOnly;
    this.baseLength = base.length();
    this.length = baseLength;
  }

  /**
   * Wraps {@code base}, the store file {@code file}: first replays the commits its journal holds, if
   * a kill interrupted them (read-only: lays the journal's pages over the store file in memory).
   */
  static JournaledVolume open(Volume base, Path file, boolean readOnly) {
    PageJournal journal = new PageJournal(StoreDirectory.journalOf(file));
    try {
      long baseLength = base.length();
      PageChecksums checksums = PageChecksums.open(StoreDirectory.checksumsOf(file), readOnly, baseLength,
          (index, page) -> readBase(base, baseLength, index, page));
      JournaledVolume volume = new JournaledVolume(base, readOnly ? null : journal, checksums, readOnly);
      PageJournal.replay(journal.path(), volume::recover);
      if (!readOnly && Files.exists(journal.path())) {
        volume.checkpoint();
      }
      return volume;
    } catch (RuntimeException e) {
      journal.close();
      base.close();
      throw e;
    }
  }

  private void recover(PageJournal.Commit commit) {
    if (readOnly) {
      // Nothing may be written: the journal's pages stay in memory, over the store file.
      pending.putAll(commit.pages());
      length = Math.max(length, commit.storeLength());
      dirty = true;
      checksums.update(commit.pages());
      return;
    }
    apply(commit.storeLength(), commit.pages());
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public synchronized void ensureAvailable(long offset) {
    checkUsable();
    if (offset > length) {
      checkWritable();
      length = offset;
      dirty = true;
    }
  }

  @Override
  public void truncate(long size) {
    throw new UnsupportedOperationException("the MapDB engine never shrinks its store file");
  }

  @Override
  public void putLong(long offset, long value) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    putData(offset, bytes, 0, 8);
  }

  @Override
  public void putInt(long offset, int value) {
    putData(offset, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}, 0, 4);
  }

  @Override
  public void putByte(long offset, byte value) {
    putData(offset, new byte[] {value}, 0, 1);
  }

  @Override
  public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
    checkWritable();
    int done = 0;
    try {
      while (done < srcSize) {
        long at = offset + done;
        byte[] page = pageForWrite(at >>> PAGE_SHIFT);
        int inPage = (int) (at & (PAGE - 1));
        int n = Math.min(srcSize - done, PAGE - inPage);
        System.arraycopy(src, srcPos + done, page, inPage, n);
        done += n;
      }
    } catch (RuntimeException e) {
      // MapDB writes here only inside a commit, and abandons the commit when a write fails (a page
      // failing its checksum): drop its half, so MapDB's rollback reads the store as it was.
      discard();
      throw e;
    }
    dirty = true;
  }

  @Override
  public void putData(long offset, ByteBuffer buf) {
    ByteBuffer source = buf.duplicate();
    byte[] bytes = new byte[source.remaining()];
    source.get(bytes);
    putData(offset, bytes, 0, bytes.length);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    putData(startOffset, new byte[(int) (endOffset - startOffset)], 0, (int) (endOffset - startOffset));
  }

  /**
   * Makes the writes since the last sync durable, all or nothing: journal record, fsync, store file.
   * MapDB calls this at the end of each commit.
   */
  @Override
  public synchronized void sync() {
    checkUsable();
    if (readOnly || !dirty) {
      return;
    }
    try {
      grow(length, pending); // the store file's growth can fail for want of space: before the commit point
      journal.append(length, pending); // the commit point
    } catch (RuntimeException e) {
      discard(); // nothing of the commit is anywhere: MapDB's rollback finds the store as it was
      throw e;
    }
    try {
      apply(length, pending);
    } catch (RuntimeException e) {
      // The commit is in the journal, and the next open replays it, but the store file holds part of
      // it: nothing here may be read or written any more.
      broken = e;
      throw new org.mapdb.DBException.VolumeIOError("the MapDB store file could not take a commit its journal"
          + " holds (" + e + "); close the store and open it again, which completes the commit", e);
    }
    pending.clear();
    dirty = false;
    if (journal.size() >= CHECKPOINT_BYTES) {
      try {
        checkpoint();
      } catch (RuntimeException e) {
        // The commit is durable in the journal, so it succeeded; the store file may not be, so
        // nothing may use it until a reopen replays the journal.
        broken = e;
      }
    }
  }

  /** Forgets the writes since the last sync: a commit MapDB abandoned. */
  private synchronized void discard() {
    pending.clear();
    length = baseLength;
    dirty = false;
  }

  /** Grows the store file to hold {@code pages} and {@code storeLength} bytes. */
  private void grow(long storeLength, NavigableMap<Long, byte[]> pages) {
    long end = pages.isEmpty() ? 0 : (pages.lastKey() + 1) << PAGE_SHIFT;
    base.ensureAvailable(Math.max(storeLength, end));
    baseLength = base.length();
  }

  /** Copies {@code pages} into the store file grown to {@code storeLength}, and their checksums; no fsync. */
  private void apply(long storeLength, NavigableMap<Long, byte[]> pages) {
    grow(storeLength, pages);
    for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
      base.putData(page.getKey() << PAGE_SHIFT, page.getValue(), 0, PAGE);
    }
    checksums.update(pages);
    checksums.write(pages);
    length = Math.max(length, baseLength);
  }

  /** Makes the store file and its checksums durable, then empties the journal they now hold all of. */
  private void checkpoint() {
    base.sync();
    checksums.force();
    journal.reset();
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public long getLong(long offset) {
    checkUsable();
    if (!dirty) {
      check(offset, 8);
      return base.getLong(offset);
    }
    byte[] bytes = read(offset, 8);
    long value = 0;
    for (byte b : bytes) {
      value = (value << 8) | (b & 0xFF);
    }
    return value;
  }

  @Override
  public int getInt(long offset) {
    checkUsable();
    if (!dirty) {
      check(offset, 4);
      return base.getInt(offset);
    }
    byte[] b = read(offset, 4);
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  @Override
  public byte getByte(long offset) {
    checkUsable();
    if (!dirty) {
      check(offset, 1);
      return base.getByte(offset);
    }
    return read(offset, 1)[0];
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    checkUsable();
    if (!dirty) {
      check(offset, size);
      return base.getDataInput(offset, size);
    }
    return new DataInput2.ByteArray(read(offset, size));
  }

  @Override
  public void getData(long offset, byte[] bytes, int bytesPos, int size) {
    checkUsable();
    if (!dirty) {
      check(offset, size);
      base.getData(offset, bytes, bytesPos, size);
      return;
    }
    System.arraycopy(read(offset, size), 0, bytes, bytesPos, size);
  }

  /** Bytes as MapDB last wrote them: pending page images over the store file. */
  private synchronized byte[] read(long offset, int size) {
    byte[] out = new byte[size];
    int done = 0;
    while (done < size) {
      long at = offset + done;
      long index = at >>> PAGE_SHIFT;
      int inPage = (int) (at & (PAGE - 1));
      int n = Math.min(size - done, PAGE - inPage);
      byte[] page = pending.get(index);
      if (page == null) {
        page = checkedBasePage(index);
      }
      System.arraycopy(page, inPage, out, done, n);
      done += n;
    }
    return out;
  }

  /** Checks every page of {@code [offset, offset + size)} not checked since open. */
  private void check(long offset, int size) {
    long last = (offset + Math.max(size, 1) - 1) >>> PAGE_SHIFT;
    for (long index = offset >>> PAGE_SHIFT; index <= last; index++) {
      if (!checksums.isChecked(index)) {
        checkedBasePage(index);
      }
    }
  }

  private byte[] checkedBasePage(long index) {
    byte[] page = new byte[PAGE];
    readBase(base, baseLength, index, page);
    if (!checksums.isChecked(index)) {
      checksums.check(index, page);
    }
    return page;
  }

  private byte[] pageForWrite(long index) {
    byte[] page = pending.get(index);
    if (page == null) {
      page = checkedBasePage(index);
      pending.put(index, page);
    }
    return page;
  }

  /** Page {@code index} of the store file, zero-filled past its end. */
  private static void readBase(Volume base, long baseLength, long index, byte[] page) {
    long start = index << PAGE_SHIFT;
    long available = baseLength - start;
    int n = (int) Math.max(0, Math.min(PAGE, available));
    if (n > 0) {
      base.getData(start, page, 0, n);
    }
    Arrays.fill(page, n, PAGE, (byte) 0);
  }

  // ---- the rest of Volume ------------------------------------------------------------------

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!readOnly && broken == null) {
        synchronized (this) {
          // MapDB writes only inside commits, each ending with a sync: anything pending is the half of
          // a commit that failed, never to be written.
          discard();
          base.sync();
          checksums.force();
          journal.delete(); // the store file and checksums hold all of it, synced
        }
      } else if (!readOnly) {
        journal.close(); // kept: the next open completes the commit the store file holds part of
      }
    } finally {
      try {
        checksums.close();
      } finally {
        base.close();
      }
    }
  }

  @Override
  public int sliceSize() {
    return base.sliceSize();
  }

  @Override
  public boolean isSliced() {
    return base.isSliced();
  }

  @Override
  public synchronized long length() {
    return Math.max(length, baseLength);
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public File getFile() {
    return base.getFile();
  }

  @Override
  public boolean getFileLocked() {
    return base.getFileLocked();
  }

  @Override
  public boolean fileLoad() {
    return base.fileLoad();
  }

  private void checkUsable() {
    RuntimeException cause = broken;
    if (cause != null) {
      throw new org.mapdb.DBException.VolumeIOError("the MapDB store file holds part of a commit its journal"
          + " holds; close the store and open it again, which completes the commit", cause);
    }
  }

  private void checkWritable() {
    checkUsable();
    if (readOnly) {
      throw new UnsupportedOperationException("the MapDB store file is open read-only");
    }
  }
}
