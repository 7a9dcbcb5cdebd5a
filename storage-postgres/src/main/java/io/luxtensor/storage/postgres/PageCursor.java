package io.luxtensor.storage.postgres;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineCursor;
import java.util.Collections;
import java.util.List;

/**
 * A cursor that pages through a range with keyset pagination ({@code WHERE k > ? ORDER BY k LIMIT n},
 * and descending for the way back), holding one page, never the whole range. It reads in a
 * {@link ViewSession} whose snapshot was taken before the cursor was made, or by the cursor's first
 * page when the session was opened lazily for it (its {@code BEGIN} and that page share a round trip),
 * so it sees the data as of its creation. A cursor whose whole range fits in its first page keeps that page and gives its
 * session back at once: small scans hold no connection. Only keys within the bounds are read (the
 * decorator clamps every move to them). One thread at a time.
 */
final class PageCursor implements EngineCursor {

  private final PgColumnFamily cf;
  private final byte[] lower;
  private final byte[] upper;
  private final int pageSize;
  /** The session pages are read in, or {@code null} once the whole range is in {@link #keys}. */
  private ViewSession session;
  private final boolean ownsSession;
  /** The page: ascending, a contiguous run of the range's keys. */
  private List<byte[]> keys = Collections.emptyList();
  private List<byte[]> values = Collections.emptyList();
  /** Whether no key of the range lies below (above) the page. */
  private boolean reachesLow;
  private boolean reachesHigh;
  private int position = -1;

  private PageCursor(ViewSession session, boolean ownsSession, PgColumnFamily cf, Bounds bounds, int pageSize) {
    this.session = session;
    this.ownsSession = ownsSession;
    this.cf = cf;
    this.lower = bounds.lower();
    this.upper = bounds.upper();
    this.pageSize = pageSize;
  }

  /**
   * A cursor over {@code cf} within {@code bounds}, reading in {@code session}; with {@code ownsSession}
   * the cursor closes the session (at once when the range fits in one page), else the session's owner
   * does, after the cursor.
   */
  static PageCursor open(ViewSession session, boolean ownsSession, PgColumnFamily cf, Bounds bounds, int pageSize) {
    PageCursor cursor = new PageCursor(session, ownsSession, cf, bounds, pageSize);
    try {
      cursor.fetch(cursor.lower, true, true);
      cursor.reachesLow = true;
      cursor.position = -1;
    } catch (RuntimeException e) {
      cursor.close();
      throw e;
    }
    if (cursor.reachesLow && cursor.reachesHigh && ownsSession) {
      session.close();
      cursor.session = null;
    }
    return cursor;
  }

  private boolean whole() {
    return reachesLow && reachesHigh;
  }

  /** Whether the page holds every key of the range near {@code key}: a seek to it needs no query. */
  private boolean covers(byte[] key) {
    if (keys.isEmpty()) {
      return whole();
    }
    return (reachesLow || Keys.compare(key, keys.get(0)) >= 0) && (reachesHigh || Keys.compare(key, keys.get(keys.size() - 1)) <= 0);
  }

  /**
   * Reads the page from {@code from} on, up ({@code ascending}) or down, and positions on its first
   * entry in that direction; at most {@code pageSize} entries are kept, one more tells whether the range
   * goes on.
   */
  private void fetch(byte[] from, boolean inclusive, boolean ascending) {
    Reads.Page page = session.query("reading a page of " + cf.name(), (connection, begin) -> ascending
        ? Reads.page(connection, begin, cf, from, inclusive, upper, false, true, pageSize + 1)
        : Reads.page(connection, begin, cf, lower, true, from, inclusive, false, pageSize + 1));
    boolean more = page.size() > pageSize;
    List<byte[]> pageKeys = page.keys().subList(0, Math.min(page.size(), pageSize));
    List<byte[]> pageValues = page.values().subList(0, pageKeys.size());
    if (ascending) {
      keys = pageKeys;
      values = pageValues;
      reachesHigh = !more;
      reachesLow = false;
      position = keys.isEmpty() ? -1 : 0;
    } else {
      keys = reversed(pageKeys);
      values = reversed(pageValues);
      reachesLow = !more;
      reachesHigh = false;
      position = keys.isEmpty() ? -1 : keys.size() - 1;
    }
  }

  private static List<byte[]> reversed(List<byte[]> list) {
    List<byte[]> copy = new java.util.ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  @Override
  public void seekToFirst() {
    // A page that begins at the range's first key (typically the one the cursor opened with) answers
    // this; an empty page only if it is empty because the whole range is.
    if (reachesLow && (!keys.isEmpty() || reachesHigh)) {
      position = keys.isEmpty() ? -1 : 0;
      return;
    }
    fetch(lower, true, true);
    reachesLow = true;
  }

  @Override
  public void seekToLast() {
    if (reachesHigh && (!keys.isEmpty() || reachesLow)) {
      position = keys.size() - 1;
      return;
    }
    fetch(upper, false, false);
    reachesHigh = true;
  }

  @Override
  public void seek(byte[] key) {
    if (covers(key)) {
      int index = Collections.binarySearch(keys, key, Keys.ORDER);
      position = index >= 0 ? index : -index - 1 < keys.size() ? -index - 1 : -1;
      return;
    }
    boolean atLower = lower != null && Keys.compare(key, lower) <= 0;
    fetch(atLower ? lower : key, true, true);
    reachesLow = atLower;
  }

  @Override
  public void seekForPrev(byte[] key) {
    if (covers(key)) {
      int index = Collections.binarySearch(keys, key, Keys.ORDER);
      position = index >= 0 ? index : -index - 2;
      return;
    }
    boolean atUpper = upper != null && Keys.compare(key, upper) >= 0;
    fetch(atUpper ? upper : key, !atUpper, false);
    reachesHigh = atUpper;
  }

  @Override
  public void next() {
    if (position + 1 < keys.size()) {
      position++;
    } else if (reachesHigh) {
      position = -1;
    } else {
      fetch(keys.get(position), false, true);
    }
  }

  @Override
  public void prev() {
    if (position > 0) {
      position--;
    } else if (reachesLow) {
      position = -1;
    } else {
      fetch(keys.get(position), false, false);
    }
  }

  @Override
  public boolean isValid() {
    return position >= 0;
  }

  @Override
  public byte[] key() {
    return keys.get(position).clone();
  }

  @Override
  public byte[] value() {
    return values.get(position).clone();
  }

  @Override
  public void close() {
    if (ownsSession && session != null) {
      session.close();
    }
    session = null;
    position = -1;
  }
}
