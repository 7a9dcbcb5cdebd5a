package io.luxtensor.storage.memory;

import io.luxtensor.storage.spi.EngineCursor;
import java.util.Iterator;
import java.util.Map;

/**
 * A cursor over one column family at a fixed sequence: it skips keys with no value visible at that
 * sequence, so writes made after it opened stay invisible. Steps reuse a skip-list iterator while the
 * direction does not change, so a scan is O(1) per entry.
 */
final class MemoryCursor implements EngineCursor {

  private final MemoryColumnFamily cf;
  private final long seq;
  private final Runnable onClose;
  private Iterator<Map.Entry<byte[], Version>> walk;
  private boolean walkingForward;
  private byte[] key;
  private byte[] value;

  MemoryCursor(MemoryColumnFamily cf, long seq, Runnable onClose) {
    this.cf = cf;
    this.seq = seq;
    this.onClose = onClose;
  }

  @Override
  public void seek(byte[] target) {
    walk(cf.data.tailMap(target, true), true);
  }

  @Override
  public void seekForPrev(byte[] target) {
    walk(cf.data.headMap(target, true).descendingMap(), false);
  }

  @Override
  public void seekToFirst() {
    walk(cf.data, true);
  }

  @Override
  public void seekToLast() {
    walk(cf.data.descendingMap(), false);
  }

  @Override
  public void next() {
    if (walkingForward) {
      advance();
    } else {
      walk(cf.data.tailMap(key, false), true);
    }
  }

  @Override
  public void prev() {
    if (!walkingForward) {
      advance();
    } else {
      walk(cf.data.headMap(key, false).descendingMap(), false);
    }
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
    key = null;
    walk = null;
    onClose.run();
  }

  private void walk(Map<byte[], Version> view, boolean forward) {
    walk = view.entrySet().iterator();
    walkingForward = forward;
    advance();
  }

  private void advance() {
    while (walk.hasNext()) {
      Map.Entry<byte[], Version> entry = walk.next();
      byte[] visible = entry.getValue().valueAt(seq);
      if (visible != null) {
        key = entry.getKey();
        value = visible;
        return;
      }
    }
    key = null;
    value = null;
  }
}
