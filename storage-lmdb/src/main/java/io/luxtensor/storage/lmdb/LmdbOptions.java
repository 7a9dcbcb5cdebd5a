package io.luxtensor.storage.lmdb;

import java.util.List;
import java.util.Map;

/**
 * The {@code lmdb.*} engine options, parsed and validated when a store opens.
 *
 * @param grow whether a full map is grown (doubled) and the write retried, instead of failing with
 *     {@link io.luxtensor.storage.StorageFullException}; option {@code lmdb.grow}, default {@code true}
 * @param maxReaders reader slots (one per open snapshot, iterator and pooled reader); option
 *     {@code lmdb.max_readers}, default 1024
 * @param maxColumnFamilies named databases the environment can hold; option {@code lmdb.max_dbs},
 *     default 128
 * @param checkPagesUpTo the largest data file (bytes) whose B-tree pages are checked in Java before
 *     LMDB reads them ({@link PageCheck}); option {@code lmdb.check_pages}: {@code auto} (default, files
 *     up to {@link #AUTO_CHECK_LIMIT}), {@code always} or {@code never}
 */
record LmdbOptions(boolean grow, int maxReaders, int maxColumnFamilies, long checkPagesUpTo) {

  static final List<String> KNOWN = List.of("check_pages", "grow", "max_dbs", "max_readers");
  /** 1 GiB: checking reads every page once, ~1.4 s per GiB from the page cache on the 2-vCPU machine. */
  static final long AUTO_CHECK_LIMIT = 1L << 30;

  /** Parses the options under {@code lmdb.}; unknown names and bad values throw IllegalArgumentException. */
  static LmdbOptions parse(Map<String, String> options) {
    boolean grow = true;
    int maxReaders = 1024;
    int maxDbs = 128;
    long checkPagesUpTo = AUTO_CHECK_LIMIT;
    for (Map.Entry<String, String> option : options.entrySet()) {
      String value = option.getValue().trim();
      switch (option.getKey()) {
        case "grow" -> grow = parseBoolean(option.getKey(), value);
        case "max_readers" -> maxReaders = parseInt(option.getKey(), value, 1, 1 << 20);
        case "max_dbs" -> maxDbs = parseInt(option.getKey(), value, 1, 32_000);
        case "check_pages" -> checkPagesUpTo = parseCheckPages(value);
        default -> throw new IllegalArgumentException("unknown LMDB engine option \"lmdb." + option.getKey()
            + "\"; known options: " + KNOWN.stream().map(k -> "lmdb." + k).toList());
      }
    }
    return new LmdbOptions(grow, maxReaders, maxDbs, checkPagesUpTo);
  }

  private static long parseCheckPages(String value) {
    switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "auto":
        return AUTO_CHECK_LIMIT;
      case "always":
        return Long.MAX_VALUE;
      case "never":
        return -1;
      default:
        throw new IllegalArgumentException("engine option lmdb.check_pages must be auto, always or never, was \""
            + value + "\"");
    }
  }

  private static boolean parseBoolean(String name, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("engine option lmdb." + name + " must be true or false, was \"" + value + "\"");
  }

  private static int parseInt(String name, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // fall through to the message naming the allowed range
    }
    throw new IllegalArgumentException("engine option lmdb." + name + " must be an integer between " + min
        + " and " + max + ", was \"" + value + "\"");
  }
}
