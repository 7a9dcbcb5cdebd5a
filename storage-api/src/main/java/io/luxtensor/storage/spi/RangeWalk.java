package io.luxtensor.storage.spi;

import io.luxtensor.storage.Keys;

/**
 * Steps a cursor over bounds, as the SPI's default {@code count} and {@code warm} do. A cursor may
 * step outside the bounds it was given (they are a hint), so the upper bound is checked here.
 */
final class RangeWalk {

  private RangeWalk() {}

  /** The entries of {@code bounds} in {@code cf} on {@code reader}, reading each value when {@code readValues}. */
  static long entries(EngineReader reader, EngineColumnFamily cf, Bounds bounds, boolean readValues) {
    byte[] upper = bounds.upper();
    long n = 0;
    try (EngineCursor cursor = reader.cursor(cf, bounds)) {
      if (bounds.lower() == null) {
        cursor.seekToFirst();
      } else {
        cursor.seek(bounds.lower());
      }
      for (; cursor.isValid() && (upper == null || Keys.compare(cursor.key(), upper) < 0); cursor.next()) {
        if (readValues) {
          cursor.value();
        }
        n++;
      }
    }
    return n;
  }
}
