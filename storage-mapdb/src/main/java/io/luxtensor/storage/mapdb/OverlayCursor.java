package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineCursor;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A transaction's cursor: its buffered writes laid over a cursor on the store. Where both hold a key
 * the buffer wins; a buffered delete ({@link MapDbTransaction#DELETED}) hides the store's key. One
 * thread at a time; closing it closes the store cursor.
 */
final class OverlayCursor implements EngineCursor {

  private final EngineCursor base;
  private final NavigableMap<byte[], byte[]> overlay;
  private Map.Entry<byte[], byte[]> pending;
  private boolean forward;
  private byte[] key;
  private byte[] value;
  private boolean fromOverlay;

  OverlayCursor(EngineCursor base, NavigableMap<byte[], byte[]> overlay) {
    this.base = base;
    this.overlay = overlay;
  }

  @Override
  public void seek(byte[] target) {
    base.seek(target);
    pending = overlay.ceilingEntry(target);
    settle(true);
  }

  @Override
  public void seekForPrev(byte[] target) {
    base.seekForPrev(target);
    pending = overlay.floorEntry(target);
    settle(false);
  }

  @Override
  public void seekToFirst() {
    base.seekToFirst();
    pending = overlay.firstEntry();
    settle(true);
  }

  @Override
  public void seekToLast() {
    base.seekToLast();
    pending = overlay.lastEntry();
    settle(false);
  }

  @Override
  public void next() {
    byte[] current = key;
    if (!forward) {
      // Turning around: both sides restart just above the current key.
      base.seek(current);
    }
    if (base.isValid() && Keys.compare(base.key(), current) == 0) {
      base.next();
    }
    pending = overlay.higherEntry(current);
    settle(true);
  }

  @Override
  public void prev() {
    byte[] current = key;
    if (forward) {
      base.seekForPrev(current);
    }
    if (base.isValid() && Keys.compare(base.key(), current) == 0) {
      base.prev();
    }
    pending = overlay.lowerEntry(current);
    settle(false);
  }

  @Override
  public boolean isValid() {
    return key != null;
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return fromOverlay ? value.clone() : base.value();
  }

  @Override
  public void close() {
    key = null;
    base.close();
  }

  /** Positions on the nearer of the store cursor and the pending buffered entry, skipping deletes. */
  private void settle(boolean forwardMove) {
    forward = forwardMove;
    while (true) {
      byte[] baseKey = base.isValid() ? base.key() : null;
      byte[] ownKey = pending == null ? null : pending.getKey();
      if (baseKey == null && ownKey == null) {
        key = null;
        return;
      }
      int order = baseKey == null || ownKey == null ? 0 : Keys.compare(baseKey, ownKey);
      boolean baseFirst = ownKey == null || baseKey != null && (forward ? order < 0 : order > 0);
      if (baseFirst) {
        key = baseKey;
        fromOverlay = false;
        return;
      }
      if (pending.getValue() != MapDbTransaction.DELETED) {
        key = ownKey;
        value = pending.getValue();
        fromOverlay = true;
        return;
      }
      // A buffered delete: skip it, and the store's entry under it.
      if (order == 0) {
        if (forward) {
          base.next();
        } else {
          base.prev();
        }
      }
      pending = forward ? overlay.higherEntry(ownKey) : overlay.lowerEntry(ownKey);
    }
  }
}
