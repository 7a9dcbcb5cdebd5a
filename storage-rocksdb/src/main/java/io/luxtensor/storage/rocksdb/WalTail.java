package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.CorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Tells a write-ahead log cut short by a kill from one whose end is damaged, which RocksDB's
 * {@code kTolerateCorruptedTailRecords} cannot: in the log's last, partial block, a record whose length
 * reaches past the end of the file reads to RocksDB as a write torn by a kill, and it drops that record
 * and every later one without a word. A flipped bit in a length field looks just the same, except that
 * intact records follow it, which a torn write never has. This class looks for such records.
 *
 * <p>What remains: a damaged length in the log's very last record has nothing after it to tell, so that
 * one write is dropped as if torn; and a write torn by a kill whose own payload holds a byte-exact log
 * record with a valid checksum is reported as damage (the store then refuses to open rather than lose
 * data silently, and {@code rocksdb.wal_recovery_mode=point_in_time} opens it).
 *
 * <p>RocksDB's log format: 32 KiB blocks of records, each a 7-byte header (masked CRC-32C of the type
 * byte and payload, 2-byte little-endian length, type) and the payload; records never cross a block.
 * Stateless.
 */
final class WalTail {

  static final int BLOCK = 32 * 1024;
  private static final int HEADER = 7;
  private static final int MASK_DELTA = 0xa282ead8;

  private WalTail() {}

  /** Checks every write-ahead log of the store in {@code directory}; throws on damage a kill cannot explain. */
  static void check(Path directory) {
    if (directory == null || !Files.isDirectory(directory)) {
      return;
    }
    List<Path> logs;
    try (Stream<Path> files = Files.list(directory)) {
      logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    } catch (IOException e) {
      return; // RocksDB's own open reports an unreadable directory
    }
    for (Path log : logs) {
      damage(log).ifPresent(description -> {
        throw new CorruptionException("cannot open the store at " + directory + ": its write-ahead log is damaged ("
            + log.getFileName() + ": " + description + "). RocksDB would take this for a write torn by a kill and drop "
            + "the acknowledged writes logged from that record on; nothing was opened or changed. Restore the store "
            + "from a backup or checkpoint, or, to keep every write logged before the damage and lose the later ones "
            + "for good, open it once with the option rocksdb.wal_recovery_mode=point_in_time");
      });
    }
  }

  /** What is wrong with the end of {@code log}, or empty when it is whole or only cut short. */
  static Optional<String> damage(Path log) {
    byte[] tail;
    long start;
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = channel.size();
      start = size - size % BLOCK;
      tail = new byte[(int) (size - start)];
      ByteBuffer buffer = ByteBuffer.wrap(tail);
      while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) >= 0) {
        // read the whole last block
      }
    } catch (IOException e) {
      return Optional.empty(); // RocksDB's own open reports an unreadable log
    }
    return damageInLastBlock(tail, start);
  }

  /** The check on the bytes of the last, partial block, which begins at {@code start} in the file. */
  static Optional<String> damageInLastBlock(byte[] block, long start) {
    ByteBuffer bytes = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    while (block.length - at >= HEADER) {
      int length = bytes.getShort(at + 4) & 0xFFFF;
      int type = block[at + 6] & 0xFF;
      boolean reachesPastEnd = at + HEADER + length > block.length;
      boolean zeroed = type == 0 && length == 0;
      if (reachesPastEnd || zeroed) {
        int intact = nextIntactRecord(block, bytes, at + 1);
        if (intact < 0) {
          return Optional.empty(); // a torn or unwritten end: nothing was logged after it
        }
        return Optional.of("the record at byte " + (start + at) + (zeroed ? " is zeroed" : " claims " + length
            + " bytes, past the end of the log") + ", yet an intact record follows at byte " + (start + intact));
      }
      if (!intact(block, bytes, at)) {
        return Optional.empty(); // a checksum mismatch, which RocksDB reports itself
      }
      at += HEADER + length;
    }
    return Optional.empty();
  }

  private static int nextIntactRecord(byte[] block, ByteBuffer bytes, int from) {
    for (int at = from; block.length - at >= HEADER; at++) {
      if (intact(block, bytes, at)) {
        return at;
      }
    }
    return -1;
  }

  /** Whether a whole record of a type with the short header starts at {@code at} and its checksum holds. */
  private static boolean intact(byte[] block, ByteBuffer bytes, int at) {
    int length = bytes.getShort(at + 4) & 0xFFFF;
    int type = block[at + 6] & 0xFF;
    boolean shortHeaderType = type >= 1 && type <= 4 || type == 9 || type == 10;
    if (!shortHeaderType || at + HEADER + length > block.length) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(block, at + 6, 1 + length);
    return bytes.getInt(at) == mask((int) crc.getValue());
  }

  private static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
