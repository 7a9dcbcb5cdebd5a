package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValue;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A corruption campaign on the RocksDB engine through the public API: each run writes 1,000 keys with
 * synced puts into a fresh store, closes it, flips one bit of one file, reopens and reads everything
 * back (scan and point reads). Outcomes: the damage was reported ({@link CorruptionException}), it
 * was harmless (every write intact), it was silent (the store opened and answered with data missing
 * or wrong), or something else escaped. Targets: {@code wal} flips a bit in the middle half of the
 * write-ahead log, {@code waltail} in its last record, {@code wallength} in the length field of a
 * record of its last block (where RocksDB's recovery reads a record reaching past the end as a torn
 * write); {@code sst} flushes first and flips anywhere in the table file; {@code any} flushes
 * half the writes and flips anywhere in any file of the store. Not a test; run it by hand:
 *
 * <pre>{@code
 * java -cp <test classpath> io.luxtensor.storage.rocksdb.RocksDbFlipCampaign [runs] [wal|waltail|wallength|sst|any] [seed]
 * }</pre>
 */
public final class RocksDbFlipCampaign {

  private static final int WRITES = 1000;
  /** Bytes of one logged put: a 7-byte record header, the batch header and the 9-byte key and 100-byte value. */
  private static final int RECORD = 131;

  enum Outcome { REPORTED, HARMLESS, SILENT, OTHER }

  private RocksDbFlipCampaign() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String target = args.length > 1 ? args[1] : "wal";
    SplittableRandom random = new SplittableRandom(args.length > 2 ? Long.parseLong(args[2]) : 1);
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    Path root = Files.createTempDirectory("rocksdb-flips-");
    try {
      for (int run = 0; run < runs; run++) {
        Path dir = root.resolve("run" + run);
        StorageConfig config = StorageConfig.builder().engine("rocksdb").path(dir).cacheSizeBytes(1 << 20)
            .syncWrites(true).build();
        write(config, target);
        Path file = pick(dir, target, random);
        long size = Files.size(file);
        long at = switch (target) {
          case "wal" -> size / 4 + random.nextLong(size / 2);
          case "waltail" -> size - 1 - random.nextLong(Math.min(size, RECORD));
          case "wallength" -> lengthByteInLastBlock(file, random);
          default -> random.nextLong(size);
        };
        flipBit(file, at, random.nextInt(8));
        String detail = "";
        Outcome outcome;
        try {
          outcome = readBack(config);
        } catch (CorruptionException e) {
          outcome = Outcome.REPORTED;
          detail = e.getMessage();
        } catch (StorageException | IllegalArgumentException | IllegalStateException e) {
          outcome = Outcome.OTHER;
          detail = e.toString();
        }
        counts.merge(outcome, 1, Integer::sum);
        System.out.printf("run %2d %-18s byte %7d of %7d: %-8s %s%n", run, file.getFileName(), at, size, outcome,
            detail.length() > 160 ? detail.substring(0, 160) + "..." : detail);
      }
    } finally {
      deleteRecursively(root);
    }
    System.out.println(target + ": " + counts + " of " + runs + " runs");
  }

  private static void write(StorageConfig config, String target) {
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      for (int i = 0; i < WRITES; i++) {
        store.put(cf, key(i), value(i));
        if (target.equals("any") && i == WRITES / 2) {
          store.flush();
        }
      }
      if (target.equals("sst")) {
        store.flush();
      }
    }
  }

  private static Path pick(Path dir, String target, SplittableRandom random) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> candidates = files.filter(Files::isRegularFile)
          .filter(p -> switch (target) {
            case "wal", "waltail", "wallength" -> p.toString().endsWith(".log");
            case "sst" -> p.toString().endsWith(".sst");
            default -> !p.getFileName().toString().startsWith("LOG") && !p.getFileName().toString().equals("LOCK");
          })
          .filter(p -> size(p) > 0).sorted().toList();
      if (candidates.isEmpty()) {
        throw new IllegalStateException("no " + target + " file in " + dir);
      }
      return candidates.get(random.nextInt(candidates.size()));
    }
  }

  /** A byte of the 2-byte length of a random record header in the last 32 KiB block of {@code log}. */
  private static long lengthByteInLastBlock(Path log, SplittableRandom random) throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    int start = bytes.length - bytes.length % WalTail.BLOCK;
    List<Integer> headers = new java.util.ArrayList<>();
    for (int at = start; bytes.length - at >= 7; at += 7 + ((bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8)) {
      headers.add(at);
    }
    return headers.get(random.nextInt(headers.size())) + 4 + random.nextInt(2);
  }

  private static Outcome readBack(StorageConfig config) {
    try (KeyValueStore store = StorageEngines.open(config)) {
      ColumnFamily cf = store.defaultColumnFamily();
      List<KeyValue> scanned;
      try (KvIterator it = store.iterator(cf, KeyRange.all())) {
        scanned = it.stream().toList();
      }
      boolean intact = scanned.size() == WRITES;
      for (int i = 0; intact && i < WRITES; i++) {
        intact = Arrays.equals(scanned.get(i).key(), key(i)) && Arrays.equals(scanned.get(i).value(), value(i));
      }
      for (int i = 0; i < WRITES; i++) {
        intact &= Arrays.equals(store.get(cf, key(i)), value(i));
      }
      return intact ? Outcome.HARMLESS : Outcome.SILENT;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void flipBit(Path file, long at, int bit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, at);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.rewind();
      channel.write(one, at);
    }
  }

  private static byte[] key(int i) {
    return String.format("key-%05d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[100];
    new SplittableRandom(i).nextBytes(value);
    return value;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
