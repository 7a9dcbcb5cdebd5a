package io.luxtensor.storage.tck;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.Direction;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.Keys;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The child process of the corruption check: for each line {@code CHECK <directory>} on stdin it
 * opens the store there, reads all of {@link KnownDataSet} back (a get of every key and of every
 * deleted key, a forward and a reverse scan of every family), closes it and prints one line
 * {@code VERDICT <kind> <what happened>}. Kinds: {@code CORRECT}; {@code CORRUPTION} or
 * {@code REJECTED} (a {@link CorruptionException} or another {@link StorageException} at open, read
 * or close); {@code WRONG} (a read returned data that is not what was written, with no exception);
 * {@code ERROR} (any other exception or error). It runs in its own JVM because a damaged store may
 * crash the process or hang it, which the parent then reports for the file and offset it flipped.
 *
 * <p>Argument: the contract test class, which gives the store's config.
 */
public final class CorruptionReader {

  private static final int MAX_SHOWN_BYTES = 16;

  private final ContractFixture fixture;
  private final Map<String, NavigableMap<byte[], byte[]>> expected = KnownDataSet.expected();
  private final Map<String, List<byte[]>> deleted = KnownDataSet.deleted();

  private CorruptionReader(ContractFixture fixture) {
    this.fixture = fixture;
  }

  public static void main(String[] args) throws Exception {
    CorruptionReader reader = new CorruptionReader(ChildJvm.fixture(args[0]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("READY");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String verdict = reader.check(Path.of(line.substring("CHECK ".length())));
      out.println("VERDICT " + verdict.replaceAll("\\s+", " "));
      out.flush();
    }
  }

  /** A wrong read, found without an exception. */
  private static final class WrongData extends Exception {
    private static final long serialVersionUID = 1L;

    WrongData(String message) {
      super(message, null, false, false);
    }
  }

  private String check(Path directory) {
    KeyValueStore store;
    try {
      store = fixture.openUntracked(directory);
    } catch (Throwable t) {
      return classify("at open", t);
    }
    String verdict;
    try {
      readEverything(store);
      verdict = "CORRECT";
    } catch (WrongData e) {
      verdict = "WRONG " + e.getMessage();
    } catch (Throwable t) {
      verdict = classify("at read", t);
    }
    try {
      store.close();
    } catch (Throwable t) {
      String atClose = classify("at close", t);
      if (verdict.equals("CORRECT") || atClose.startsWith("ERROR")) {
        verdict = atClose;
      }
    }
    return verdict;
  }

  private static String classify(String where, Throwable t) {
    String kind = t instanceof CorruptionException ? "CORRUPTION" : t instanceof StorageException ? "REJECTED" : "ERROR";
    StringBuilder what = new StringBuilder(kind).append(' ').append(where).append(": ").append(t);
    if (kind.equals("ERROR")) {
      StackTraceElement[] frames = t.getStackTrace();
      for (int i = 0; i < Math.min(4, frames.length); i++) {
        what.append(" at ").append(frames[i]);
      }
    }
    return what.toString();
  }

  private void readEverything(KeyValueStore store) throws WrongData {
    for (Map.Entry<String, NavigableMap<byte[], byte[]>> family : expected.entrySet()) {
      ColumnFamily cf = store.columnFamily(family.getKey());
      for (Map.Entry<byte[], byte[]> entry : family.getValue().entrySet()) {
        expectSame("get(" + cf.name() + ", " + Keys.toHex(entry.getKey()) + ")", entry.getValue(), store.get(cf, entry.getKey()));
      }
      for (byte[] key : deleted.get(family.getKey())) {
        expectSame("get(" + cf.name() + ", " + Keys.toHex(key) + ") of a deleted key", null, store.get(cf, key));
      }
      scan(store, cf, family.getValue(), Direction.FORWARD);
      scan(store, cf, family.getValue(), Direction.REVERSE);
    }
  }

  private static void scan(KeyValueStore store, ColumnFamily cf, NavigableMap<byte[], byte[]> entries, Direction direction)
      throws WrongData {
    String scan = direction.name().toLowerCase(Locale.ROOT) + " scan of " + cf.name();
    List<Map.Entry<byte[], byte[]>> want = new ArrayList<>((direction == Direction.FORWARD ? entries : entries.descendingMap()).entrySet());
    Iterator<Map.Entry<byte[], byte[]>> next = want.iterator();
    int seen = 0;
    try (KvIterator it = store.iterator(cf, KeyRange.all(), direction)) {
      for (; it.isValid(); it.next()) {
        if (!next.hasNext()) {
          throw new WrongData(scan + " returned " + show(it.key()) + " after all " + want.size() + " entries written");
        }
        Map.Entry<byte[], byte[]> entry = next.next();
        expectSame(scan + ": key of entry " + seen, entry.getKey(), it.key());
        expectSame(scan + ": value of " + Keys.toHex(entry.getKey()), entry.getValue(), it.value());
        seen++;
      }
    }
    if (next.hasNext()) {
      throw new WrongData(scan + " ended after " + seen + " of " + want.size() + " entries, before " + show(next.next().getKey()));
    }
  }

  private static void expectSame(String read, byte[] want, byte[] got) throws WrongData {
    if (!Arrays.equals(want, got)) {
      throw new WrongData(read + " returned " + show(got) + ", but the store was given "
          + (want == null ? "no value for it" : show(want)) + firstDifference(want, got));
    }
  }

  /** Where two arrays that both exist first differ: the part of a long value a short excerpt hides. */
  private static String firstDifference(byte[] want, byte[] got) {
    if (want == null || got == null) {
      return "";
    }
    int at = Arrays.mismatch(want, got);
    return at >= want.length || at >= got.length ? "" : String.format(" (first difference at byte %d: %02x instead of %02x)",
        at, got[at] & 0xFF, want[at] & 0xFF);
  }

  private static String show(byte[] bytes) {
    if (bytes == null) {
      return "nothing";
    }
    String hex = Keys.toHex(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_SHOWN_BYTES)));
    return bytes.length + " bytes " + hex + (bytes.length > MAX_SHOWN_BYTES ? "..." : "");
  }
}
