package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;
import java.util.Map;
import java.util.NavigableMap;

/**
 * For engines that implement {@link EngineTransaction} by buffering writes: a transaction's cursor,
 * its buffered writes laid over a cursor on the store as of the transaction's start. Where both
 * hold a key the buffer wins; a buffered {@link #DELETED} hides the store's key. Steps in one
 * direction cost O(1) on the store cursor and O(log n) in the buffer.
 *
 * <p>The overlay must show the transaction's writes as of the cursor's creation, like every cursor:
 * {@link TransactionWrites#cursor} gives a versioned view of its buffer without copying it; a plain
 * {@link NavigableMap} must be a copy nobody changes. One thread at a time; closing it closes the
 * store cursor.
 */
public final class OverlayCursor implements EngineCursor {

  /** The buffer value that marks a delete; compared by identity, so an empty value stays a value. */
  public static final byte[] DELETED = new byte[0];

  /**
   * The buffered writes a cursor lays over the store, in {@link io.luxtensor.storage.Keys#ORDER}: each
   * method returns an entry whose value is a value or {@link #DELETED}, or {@code null} when none.
   */
  public interface Overlay {
    Map.Entry<byte[], byte[]> ceiling(byte[] key);

    Map.Entry<byte[], byte[]> higher(byte[] key);

    Map.Entry<byte[], byte[]> floor(byte[] key);

    Map.Entry<byte[], byte[]> lower(byte[] key);

    Map.Entry<byte[], byte[]> first();

    Map.Entry<byte[], byte[]> last();

    /** A map that nobody changes while the cursor is open, as an overlay. */
    static Overlay of(NavigableMap<byte[], byte[]> map) {
      return new Overlay() {
        @Override
        public Map.Entry<byte[], byte[]> ceiling(byte[] key) {
          return map.ceilingEntry(key);
        }

        @Override
        public Map.Entry<byte[], byte[]> higher(byte[] key) {
          return map.higherEntry(key);
        }

        @Override
        public Map.Entry<byte[], byte[]> floor(byte[] key) {
          return map.floorEntry(key);
        }

        @Override
        public Map.Entry<byte[], byte[]> lower(byte[] key) {
          return map.lowerEntry(key);
        }

        @Override
        public Map.Entry<byte[], byte[]> first() {
          return map.firstEntry();
        }

        @Override
        public Map.Entry<byte[], byte[]> last() {
          return map.lastEntry();
        }
      };
    }
  }

  private final EngineCursor base;
  private final Overlay overlay;
  private Map.Entry<byte[], byte[]> pending;
  private boolean forward;
  private byte[] key;
  private byte[] value;
  private boolean fromOverlay;

  /**
   * @param base the store's cursor at the transaction's start; owned and closed by this cursor
   * @param overlay the transaction's writes in {@link io.luxtensor.storage.Keys#ORDER}, values or
   *     {@link #DELETED}; the caller's copy, not to be changed
   */
  public OverlayCursor(EngineCursor base, NavigableMap<byte[], byte[]> overlay) {
    this(base, Overlay.of(overlay));
  }

  /**
   * @param base the store's cursor at the transaction's start; owned and closed by this cursor
   * @param overlay the transaction's writes as of this cursor's creation
   */
  public OverlayCursor(EngineCursor base, Overlay overlay) {
    this.base = base;
    this.overlay = overlay;
  }

  @Override
  public void seek(byte[] target) {
    base.seek(target);
    pending = overlay.ceiling(target);
    settle(true);
  }

  @Override
  public void seekForPrev(byte[] target) {
    base.seekForPrev(target);
    pending = overlay.floor(target);
    settle(false);
  }

  @Override
  public void seekToFirst() {
    base.seekToFirst();
    pending = overlay.first();
    settle(true);
  }

  @Override
  public void seekToLast() {
    base.seekToLast();
    pending = overlay.last();
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
    pending = overlay.higher(current);
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
    pending = overlay.lower(current);
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
      if (pending.getValue() != DELETED) {
        key = ownKey;
        value = pending.getValue();
        fromOverlay = true;
        return;
      }
      // A buffered delete: skip it, and the store's entry under it.
      if (baseKey != null && order == 0) {
        if (forward) {
          base.next();
        } else {
          base.prev();
        }
      }
      pending = forward ? overlay.higher(ownKey) : overlay.lower(ownKey);
    }
  }
}
