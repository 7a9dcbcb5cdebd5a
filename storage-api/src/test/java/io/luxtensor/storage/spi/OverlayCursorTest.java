package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.storage.Keys;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OverlayCursorTest {

  @Property(tries = 300)
  void walksTheMergedViewInBothDirectionsFromAnyKey(@ForAll("maps") NavigableMap<byte[], byte[]> store,
      @ForAll("overlays") NavigableMap<byte[], byte[]> overlay, @ForAll("keys") byte[] seekTo) {
    TreeMap<byte[], byte[]> merged = new TreeMap<>(store);
    overlay.forEach((k, v) -> {
      if (v == OverlayCursor.DELETED) {
        merged.remove(k);
      } else {
        merged.put(k, v);
      }
    });
    try (OverlayCursor cursor = new OverlayCursor(new MapCursor(store), overlay)) {
      List<String> forward = new ArrayList<>();
      for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
        forward.add(describe(cursor.key(), cursor.value()));
      }
      assertThat(forward).isEqualTo(describe(merged));

      List<String> backward = new ArrayList<>();
      for (cursor.seekToLast(); cursor.isValid(); cursor.prev()) {
        backward.add(describe(cursor.key(), cursor.value()));
      }
      assertThat(backward).isEqualTo(describe(merged.descendingMap()));

      cursor.seek(seekTo);
      assertPosition(cursor, merged.ceilingEntry(seekTo));
      if (cursor.isValid()) {
        byte[] at = cursor.key();
        cursor.prev(); // turning around
        assertPosition(cursor, merged.lowerEntry(at));
        if (cursor.isValid()) {
          cursor.next();
          assertPosition(cursor, merged.ceilingEntry(at));
        }
      }
      cursor.seekForPrev(seekTo);
      assertPosition(cursor, merged.floorEntry(seekTo));
    }
  }

  private static void assertPosition(OverlayCursor cursor, Map.Entry<byte[], byte[]> expected) {
    if (expected == null) {
      assertThat(cursor.isValid()).isFalse();
    } else {
      assertThat(describe(cursor.key(), cursor.value())).isEqualTo(describe(expected.getKey(), expected.getValue()));
    }
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return Arbitraries.bytes().between((byte) 0, (byte) 5).array(byte[].class).ofMinSize(1).ofMaxSize(2);
  }

  @Provide
  Arbitrary<NavigableMap<byte[], byte[]>> maps() {
    return Arbitraries.maps(keys(), Arbitraries.bytes().array(byte[].class).ofMaxSize(2)).ofMaxSize(12)
        .map(m -> {
          NavigableMap<byte[], byte[]> sorted = new TreeMap<>(Keys.ORDER);
          sorted.putAll(m);
          return sorted;
        });
  }

  @Provide
  Arbitrary<NavigableMap<byte[], byte[]>> overlays() {
    Arbitrary<byte[]> values = Arbitraries.oneOf(Arbitraries.just(OverlayCursor.DELETED),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2));
    return Arbitraries.maps(keys(), values).ofMaxSize(8).map(m -> {
      NavigableMap<byte[], byte[]> sorted = new TreeMap<>(Keys.ORDER);
      sorted.putAll(m);
      return sorted;
    });
  }

  private static List<String> describe(NavigableMap<byte[], byte[]> map) {
    List<String> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(describe(k, v)));
    return out;
  }

  private static String describe(byte[] key, byte[] value) {
    return HexFormat.of().formatHex(key) + "=" + HexFormat.of().formatHex(value);
  }

  /** A plain cursor over a sorted map, as an engine's store cursor. */
  private static final class MapCursor implements EngineCursor {
    private final NavigableMap<byte[], byte[]> map;
    private Map.Entry<byte[], byte[]> current;

    MapCursor(NavigableMap<byte[], byte[]> map) {
      this.map = map;
    }

    @Override
    public void seek(byte[] key) {
      current = map.ceilingEntry(key);
    }

    @Override
    public void seekForPrev(byte[] key) {
      current = map.floorEntry(key);
    }

    @Override
    public void seekToFirst() {
      current = map.firstEntry();
    }

    @Override
    public void seekToLast() {
      current = map.lastEntry();
    }

    @Override
    public void next() {
      current = map.higherEntry(current.getKey());
    }

    @Override
    public void prev() {
      current = map.lowerEntry(current.getKey());
    }

    @Override
    public boolean isValid() {
      return current != null;
    }

    @Override
    public byte[] key() {
      return current.getKey().clone();
    }

    @Override
    public byte[] value() {
      return current.getValue().clone();
    }

    @Override
    public void close() {}
  }
}
