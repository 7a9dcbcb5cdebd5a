package io.luxtensor.storage.rocksdb;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * An {@link EngineBatch} replayed into one native {@link WriteBatch}, which RocksDB applies
 * atomically across column families (one WAL record). The operations are noted by a
 * {@link WriteBatchEncoder} (which keeps their arrays, so they must not change while this batch
 * lives) and handed to RocksDB serialized, in one call, or for a large batch call by call. Remembers
 * which families the batch touches so the engine can check, atomically with the write, that none was
 * dropped. Owns the native batch;
 * used by one thread, closed once.
 *
 * <p>A range delete to the end of a family ({@code to == null}) needs an end key, as RocksDB's range
 * tombstones are bounded: the smallest key above both the family's last key and every key the batch
 * put into it before the delete. Built without a way to learn the last keys, the batch leaves such a
 * delete out and says so with {@link #needsLastKeys()}; the engine then builds it again with one,
 * while no other write can add a larger key.
 */
final class NativeBatch implements EngineBatch.Handler, AutoCloseable {

  private final WriteBatchEncoder encoder;
  private WriteBatch batch;
  private final List<RocksDbColumnFamily> families = new ArrayList<>(2);
  /** The family's largest key now, or {@code null} when empty; {@code null} when not known. */
  private final Function<RocksDbColumnFamily, byte[]> lastKeys;
  /** Per family, the largest key put so far by this batch, tracked only when {@link #lastKeys} is known. */
  private final Map<RocksDbColumnFamily, byte[]> largestPut = new IdentityHashMap<>();
  private RocksDbColumnFamily last;
  private boolean needsLastKeys;

  private NativeBatch(Function<RocksDbColumnFamily, byte[]> lastKeys, int operations) {
    this.lastKeys = lastKeys;
    this.encoder = new WriteBatchEncoder(operations);
  }

  /**
   * Builds the native batch of {@code operations}; {@code lastKeys} gives a family's largest key as
   * the batch will apply, or is {@code null} when the caller cannot guarantee that yet.
   */
  static NativeBatch of(EngineBatch operations, Function<RocksDbColumnFamily, byte[]> lastKeys) {
    NativeBatch nativeBatch = new NativeBatch(lastKeys, operations.size());
    try {
      operations.forEach(nativeBatch);
      return nativeBatch;
    } catch (RuntimeException | Error e) {
      nativeBatch.close();
      throw e;
    }
  }

  /** The native batch, made on the first call; closed by {@link #close()}. */
  WriteBatch batch() throws RocksDBException {
    if (batch == null) {
      batch = encoder.toNativeBatch(this::handle);
    }
    return batch;
  }

  private ColumnFamilyHandle handle(int familyId) {
    for (RocksDbColumnFamily family : families) {
      if (family.id() == familyId) {
        return family.handle();
      }
    }
    throw new IllegalStateException("no column family with id " + familyId + " in this batch");
  }

  List<RocksDbColumnFamily> families() {
    return families;
  }

  /** Whether a range delete to the end of a family was left out for want of last keys. */
  boolean needsLastKeys() {
    return needsLastKeys;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    RocksDbColumnFamily family = family(cf);
    encoder.put(family.id(), key, value);
    if (lastKeys != null) {
      largestPut.merge(family, key, (a, b) -> Keys.compare(a, b) >= 0 ? a : b);
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    encoder.delete(family(cf).id(), key);
  }

  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    RocksDbColumnFamily family = family(cf);
    byte[] end = to;
    if (end == null) {
      if (lastKeys == null) {
        needsLastKeys = true;
        return;
      }
      byte[] largest = larger(lastKeys.apply(family), largestPut.get(family));
      if (largest == null || Keys.compare(largest, from) < 0) {
        return; // no key at or above from: nothing to delete
      }
      end = Arrays.copyOf(largest, largest.length + 1); // the smallest key above largest
    }
    encoder.deleteRange(family.id(), from, end);
  }

  @Override
  public void close() {
    if (batch != null) {
      batch.close();
    }
  }

  private RocksDbColumnFamily family(EngineColumnFamily cf) {
    RocksDbColumnFamily family = (RocksDbColumnFamily) cf;
    if (family != last) {
      last = family;
      if (!families.contains(family)) {
        families.add(family);
      }
    }
    return family;
  }

  private static byte[] larger(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Keys.compare(a, b) >= 0 ? a : b;
  }
}
