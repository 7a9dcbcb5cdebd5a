package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.Keys;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the commits of this process wrote while transactions were open, by LMDB transaction id, so a
 * transaction's commit can tell whether a key it wrote was written by a commit after its snapshot
 * (LMDB keeps no per-key versions). A read transaction's id is the id of the last commit it sees, and
 * every commit gets the next id, so "after the snapshot" is "id greater than the snapshot's".
 *
 * <p>Commits of other processes are not in the log. This process's write transactions tell them from
 * gaps: a write transaction's id should follow this process's last commit, and when it does not, the
 * ids between were other processes'. {@link #foreignSince} reports such a commit after a snapshot, and
 * the committing transaction then compares values instead (see {@link LmdbEngine}).
 *
 * <p>Entries are kept only while transactions are open: with none, writes record nothing and the log
 * is empty; entries no open transaction can conflict with are pruned as the log grows. Thread-safe;
 * {@link #opened} is called under the engine's writer lock together with taking the snapshot, so every
 * commit after the snapshot sees the log {@linkplain #tracking() tracking}.
 */
final class WriteLog {

  /** A key, or the range {@code [from, to)} ({@code to == null}: to the end), written by one commit. */
  record Touched(LmdbColumnFamily family, byte[] from, byte[] to, boolean range) {
    static Touched key(LmdbColumnFamily family, byte[] key) {
      return new Touched(family, key.clone(), null, false);
    }

    static Touched range(LmdbColumnFamily family, byte[] from, byte[] to) {
      return new Touched(family, from.clone(), to == null ? null : to.clone(), true);
    }
  }

  private record RangeWrite(Touched range, long id) {}

  /** Entries the log may hold beyond those of its last pruning before it prunes again. */
  private static final int PRUNE_SLACK = 4096;

  private final Map<LmdbColumnFamily, NavigableMap<byte[], Long>> keys = new IdentityHashMap<>();
  private final List<RangeWrite> ranges = new ArrayList<>();
  /** Snapshot ids of the open transactions, with how many share each. */
  private final NavigableMap<Long, Integer> open = new TreeMap<>();
  private long lastOwnCommit;
  private long lastForeignCommit;
  private int entries;
  private int entriesAfterPrune;

  /** Whether a commit must record what it writes: some transaction is open. */
  synchronized boolean tracking() {
    return !open.isEmpty();
  }

  /** A transaction with a snapshot at commit {@code snapshotId} began. */
  synchronized void opened(long snapshotId) {
    open.merge(snapshotId, 1, Integer::sum);
  }

  /** A transaction begun with {@link #opened(long)} ended. */
  synchronized void closed(long snapshotId) {
    open.computeIfPresent(snapshotId, (id, count) -> count == 1 ? null : count - 1);
    if (open.isEmpty()) {
      keys.clear();
      ranges.clear();
      entries = 0;
      entriesAfterPrune = 0;
    } else if (entries > entriesAfterPrune + PRUNE_SLACK) {
      prune(open.firstKey());
    }
  }

  /**
   * A write transaction with id {@code id} of this process began; called under the writer lock. A gap
   * after this process's last commit holds commits of other processes.
   */
  synchronized void writeBegan(long id) {
    if (id - 1 != lastOwnCommit) {
      lastForeignCommit = Math.max(lastForeignCommit, id - 1);
    }
  }

  /** The write transaction {@code id} committed {@code touched} (null: nothing recorded). */
  synchronized void committed(long id, List<Touched> touched) {
    lastOwnCommit = id;
    if (touched == null || open.isEmpty()) {
      return;
    }
    for (Touched t : touched) {
      if (t.range()) {
        ranges.add(new RangeWrite(t, id));
        entries++;
      } else if (keys.computeIfAbsent(t.family(), f -> new TreeMap<>(Keys.ORDER)).put(t.from(), id) == null) {
        entries++;
      }
    }
  }

  /** Whether another process committed after the commit {@code snapshotId}, as far as this process has seen. */
  synchronized boolean foreignSince(long snapshotId) {
    return lastForeignCommit > snapshotId;
  }

  /** Whether a commit of this process after {@code snapshotId} wrote {@code key} of {@code family}, or deleted a range holding it. */
  synchronized boolean writtenSince(LmdbColumnFamily family, byte[] key, long snapshotId) {
    NavigableMap<byte[], Long> written = keys.get(family);
    Long id = written == null ? null : written.get(key);
    if (id != null && id > snapshotId) {
      return true;
    }
    for (RangeWrite write : ranges) {
      Touched range = write.range();
      if (write.id() > snapshotId && range.family() == family && Keys.compare(key, range.from()) >= 0
          && (range.to() == null || Keys.compare(key, range.to()) < 0)) {
        return true;
      }
    }
    return false;
  }

  /** Entries held, for tests of the pruning. */
  synchronized int size() {
    return entries;
  }

  /** Drops the entries of commits at or before {@code oldest}, which no open transaction can conflict with. */
  private void prune(long oldest) {
    for (Iterator<NavigableMap<byte[], Long>> families = keys.values().iterator(); families.hasNext();) {
      NavigableMap<byte[], Long> written = families.next();
      written.values().removeIf(id -> id <= oldest);
      if (written.isEmpty()) {
        families.remove();
      }
    }
    ranges.removeIf(write -> write.id() <= oldest);
    entries = ranges.size() + keys.values().stream().mapToInt(Map::size).sum();
    entriesAfterPrune = entries;
  }
}
