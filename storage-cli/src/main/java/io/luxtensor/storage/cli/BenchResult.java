package io.luxtensor.storage.cli;

import java.util.Map;

/**
 * What {@code luxdb bench} measured on one engine.
 *
 * @param engine the engine's name
 * @param opsPerSecond operations per second per workload, in {@link BenchWorkload} order; a workload
 *     the engine could not run is absent
 * @param notes per workload, how it ran where that differs between engines (e.g. a synced batch where
 *     the engine has no transactions)
 * @param entries live entries at the end
 * @param rawBytes key and value bytes of the live entries
 * @param diskBytes bytes on disk after a flush, or -1 for an engine without files
 * @param userBytesWritten key and value bytes the write workloads wrote
 * @param osBytesWritten bytes the process wrote to the disk during the write workloads and the flush
 *     ({@code /proc/self/io} write_bytes), or -1 where unknown
 * @param compactionBytesWritten RocksDB's {@code rocksdb.compact.write.bytes}, or -1
 * @param flushBytesWritten RocksDB's {@code rocksdb.flush.write.bytes} when the engine reports it, or -1
 */
record BenchResult(String engine, Map<BenchWorkload, Double> opsPerSecond, Map<BenchWorkload, String> notes,
    long entries, long rawBytes, long diskBytes, long userBytesWritten, long osBytesWritten,
    long compactionBytesWritten, long flushBytesWritten) {

  BenchResult {
    opsPerSecond = Map.copyOf(opsPerSecond);
    notes = Map.copyOf(notes);
  }

  /** On-disk bytes per raw byte, NaN without files. */
  double spaceAmplification() {
    return diskBytes < 0 || rawBytes == 0 ? Double.NaN : (double) diskBytes / rawBytes;
  }

  /** 1 - disk/raw: what compression (less overhead) saved; negative when the files are larger than the data. */
  double compressionSavings() {
    return Double.isNaN(spaceAmplification()) ? Double.NaN : 1 - spaceAmplification();
  }

  /** Disk bytes written per user byte, as the OS counted them; NaN where unknown. */
  double osWriteAmplification() {
    return osBytesWritten <= 0 || userBytesWritten == 0 ? Double.NaN : (double) osBytesWritten / userBytesWritten;
  }

  /**
   * RocksDB's write amplification from its statistics: (WAL, that is the user bytes, + flushed + compacted
   * bytes) / user bytes; NaN unless the engine reports both flush and compaction bytes.
   */
  double statisticsWriteAmplification() {
    if (compactionBytesWritten < 0 || flushBytesWritten < 0 || userBytesWritten == 0) {
      return Double.NaN;
    }
    return (double) (userBytesWritten + flushBytesWritten + compactionBytesWritten) / userBytesWritten;
  }
}
