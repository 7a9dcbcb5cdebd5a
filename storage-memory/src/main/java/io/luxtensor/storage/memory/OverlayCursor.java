package io.luxtensor.storage.memory;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineCursor;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A transaction's view: its buffered writes laid over a base cursor. An overlay entry hides the base
 * entry of the same key; an overlay delete marker hides it and shows nothing. Each step re-seeks both
 * sides, O(log n), which is fine for transaction-sized overlays.
 */
final class OverlayCursor implements EngineCursor {

  private final EngineCursor base;
  private final NavigableMap<byte[], byte[]> overlay;
  private final byte[] deleted;
  private byte[] key;
  private byte[] value;

  OverlayCursor(EngineCursor base, NavigableMap<byte[], byte[]> overlay, byte[] deleted) {
    this.base = base;
    this.overlay = overlay;
    this.deleted = deleted;
  }

  @Override
  public void seek(byte[] target) {
    firstAtOrAfter(target);
  }

  @Override
  public void seekForPrev(byte[] target) {
    lastAtOrBefore(target, true);
  }

  @Override
  public void seekToFirst() {
    base.seekToFirst();
    Map.Entry<byte[], byte[]> first = overlay.firstEntry();
    settleForward(first == null ? null : first.getKey());
  }

  @Override
  public void seekToLast() {
    base.seekToLast();
    Map.Entry<byte[], byte[]> last = overlay.lastEntry();
    settleBackward(last == null ? null : last.getKey());
  }

  @Override
  public void next() {
    // The smallest key greater than `key` is key + 0x00.
    firstAtOrAfter(Arrays.copyOf(key, key.length + 1));
  }

  @Override
  public void prev() {
    lastAtOrBefore(key, false);
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
    return value.clone();
  }

  @Override
  public void close() {
    base.close();
  }

  private void firstAtOrAfter(byte[] target) {
    base.seek(target);
    settleForward(overlay.ceilingKey(target));
  }

  private void lastAtOrBefore(byte[] target, boolean inclusive) {
    base.seekForPrev(target);
    if (!inclusive && base.isValid() && Keys.compare(base.key(), target) == 0) {
      base.prev();
    }
    settleBackward(inclusive ? overlay.floorKey(target) : overlay.lowerKey(target));
  }

  /** Picks the smaller of the two candidates, skipping overlay deletes. */
  private void settleForward(byte[] overlayKey) {
    while (true) {
      byte[] baseKey = base.isValid() ? base.key() : null;
      if (overlayKey == null || (baseKey != null && Keys.compare(baseKey, overlayKey) < 0)) {
        take(baseKey, baseKey == null ? null : base.value());
        return;
      }
      byte[] written = overlay.get(overlayKey);
      if (written != deleted) {
        take(overlayKey, written);
        return;
      }
      if (baseKey != null && Keys.compare(baseKey, overlayKey) == 0) {
        base.next();
      }
      overlayKey = overlay.higherKey(overlayKey);
    }
  }

  /** Picks the larger of the two candidates, skipping overlay deletes. */
  private void settleBackward(byte[] overlayKey) {
    while (true) {
      byte[] baseKey = base.isValid() ? base.key() : null;
      if (overlayKey == null || (baseKey != null && Keys.compare(baseKey, overlayKey) > 0)) {
        take(baseKey, baseKey == null ? null : base.value());
        return;
      }
      byte[] written = overlay.get(overlayKey);
      if (written != deleted) {
        take(overlayKey, written);
        return;
      }
      if (baseKey != null && Keys.compare(baseKey, overlayKey) == 0) {
        base.prev();
      }
      overlayKey = overlay.lowerKey(overlayKey);
    }
  }

  private void take(byte[] newKey, byte[] newValue) {
    key = newKey;
    value = newValue;
  }
}
