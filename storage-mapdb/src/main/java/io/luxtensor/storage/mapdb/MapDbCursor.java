package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.ReadAhead;
import java.util.Iterator;
import java.util.Map;
import java.nio.file.Path;
import java.util.NavigableMap;

/**
 * A cursor over one column family's tree as of sequence {@code seq}: it walks MapDB's (weakly
 * consistent) tree iterators and shows, for each key, the newest version at or below {@code seq},
 * skipping keys absent at that sequence. Versions it needs stay in the tree because its sequence is
 * registered as a reader until {@link #close()}. Moving in the other direction than the last move
 * reopens an iterator on the other side of the current key. A failure of MapDB while the cursor
 * moves reaches the caller through {@link MapDbErrors} ({@code CorruptionException} for damaged
 * data), never raw. One thread at a time.
 */
final class MapDbCursor implements EngineCursor {

  // The moves, as constants rather than lambdas: a lambda capturing the cursor is an allocation per step
  private static final int SEEK = 0;
  private static final int SEEK_FOR_PREV = 1;
  private static final int FIRST = 2;
  private static final int LAST = 3;
  private static final int NEXT = 4;
  private static final int PREV = 5;

  private final NavigableMap<byte[], byte[]> tree;
  private final long seq;
  private final byte[] lower;
  private final byte[] upper;
  private final Runnable onClose;
  private final Path file;
  private Iterator<Map.Entry<byte[], byte[]>> iterator;
  private boolean forward;
  private byte[] key;
  private byte[] chain;
  private int valueOffset;

  /**
   * @param bounds the range the caller will stay in; the cursor stops scanning past it, so a range
   *     scan never reads hidden versions beyond its end
   * @param onClose releases the cursor's reader registration; run once
   * @param file the store file, for error messages; null for a temporary store
   */
  MapDbCursor(NavigableMap<byte[], byte[]> tree, long seq, Bounds bounds, Runnable onClose, Path file) {
    this.tree = tree;
    this.file = file;
    this.seq = seq;
    this.lower = bounds.lower();
    this.upper = bounds.upper();
    this.onClose = onClose;
  }

  @Override
  public void seek(byte[] target) {
    move(SEEK, target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    move(SEEK_FOR_PREV, target);
  }

  @Override
  public void seekToFirst() {
    move(FIRST, null);
  }

  @Override
  public void seekToLast() {
    move(LAST, null);
  }

  @Override
  public void next() {
    move(NEXT, null);
  }

  @Override
  public void prev() {
    move(PREV, null);
  }

  /** Runs a move (towards {@code target}, for a seek); a failure leaves the cursor invalid and reaches the caller mapped. */
  private void move(int move, byte[] target) {
    try {
      switch (move) {
        case SEEK -> startForward(tree.tailMap(target, true));
        case SEEK_FOR_PREV -> startBackward(tree.headMap(target, true));
        case FIRST -> startForward(tree);
        case LAST -> startBackward(tree);
        case NEXT -> {
          if (forward) {
            advance();
          } else {
            startForward(tree.tailMap(key, false));
          }
        }
        default -> {
          if (forward) {
            startBackward(tree.headMap(key, false));
          } else {
            advance();
          }
        }
      }
    } catch (RuntimeException | AssertionError e) {
      iterator = null;
      key = null;
      chain = null;
      throw MapDbErrors.map(e, "iterate", file);
    }
  }

  @Override
  public boolean isValid() {
    return key != null;
  }

  @Override
  public byte[] key() {
    return key.clone(); // the caller's to keep and modify; the tree's array stays ours
  }

  @Override
  public byte[] value() {
    return VersionChain.valueAt(chain, valueOffset);
  }

  /**
   * Steps and takes entries as {@link #next()}/{@link #prev()}, {@link #key()} and {@link #value()}
   * would. The tree iterator already stops at this cursor's own bounds, so when the batch's bound is
   * the same array (the decorator hands the cursor the range it walks) no key is compared twice.
   */
  @Override
  public void readAhead(ReadAhead batch) {
    boolean ahead = batch.forward();
    byte[] bound = batch.bound();
    boolean compare = bound != null && bound != (ahead ? upper : lower);
    boolean values = batch.withValues();
    while (!batch.isFull()) {
      move(ahead ? NEXT : PREV, null);
      if (key == null || compare && !batch.within(key)) {
        return;
      }
      batch.add(key.clone(), values ? VersionChain.valueAt(chain, valueOffset) : null);
    }
  }

  @Override
  public void close() {
    iterator = null;
    key = null;
    chain = null;
    onClose.run();
  }

  private void startForward(NavigableMap<byte[], byte[]> view) {
    forward = true;
    iterator = view.entrySet().iterator();
    advance();
  }

  private void startBackward(NavigableMap<byte[], byte[]> view) {
    forward = false;
    iterator = view.descendingMap().entrySet().iterator();
    advance();
  }

  /** Moves to the next entry in the current direction that exists at {@code seq}, or off the end. */
  private void advance() {
    while (iterator.hasNext()) {
      Map.Entry<byte[], byte[]> entry = iterator.next();
      byte[] candidate = entry.getKey();
      if (forward ? upper != null && Keys.compare(candidate, upper) >= 0 : lower != null && Keys.compare(candidate, lower) < 0) {
        break; // past the bounds the caller stays in: whatever follows is never shown
      }
      byte[] versions = entry.getValue();
      int offset = VersionChain.visibleOffset(candidate, versions, seq);
      if (offset >= 0) {
        key = candidate;
        chain = versions;
        valueOffset = offset;
        return;
      }
    }
    key = null;
    chain = null;
  }
}
