package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ReadView;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one definition of which index entries a stored block has: import and repair add exactly
 * these, {@code verify} expects exactly these, so the three cannot drift apart. Every stored block
 * has its entries, on any branch; they name the block by its {@link BlockRef}, and queries show an
 * entry only when its block is the canonical one at its height, so a reorg rewrites no entry.
 *
 * <p>Entries per transaction: one location in TxByHash (keyed by the first 8 bytes of the hash,
 * the value lists every location whose transaction hash starts so: readers check the full hash),
 * one TxByAddress entry for the sender and one for the recipient unless it is the sender. Logs
 * have no entries of their own: {@link LogBloomIndex} indexes them per section of blocks. Stateless
 * apart from the column family handles; thread-safe.
 */
final class IndexEntries {

  /** Receives one index entry. */
  interface Sink {
    void accept(ColumnFamily cf, byte[] key, byte[] value);
  }

  private static final byte[] EMPTY = new byte[0];

  private final ColumnFamily txByHash;
  private final ColumnFamily txByAddress;

  IndexEntries(ColumnFamily txByHash, ColumnFamily txByAddress) {
    this.txByHash = txByHash;
    this.txByAddress = txByAddress;
  }

  List<ColumnFamily> families() {
    return List.of(txByHash, txByAddress);
  }

  /**
   * Calls {@code sink} with every index entry of {@code block}. A TxByHash entry is one location
   * to add to the value under its key, not the whole value.
   */
  void forEach(BlockContents block, Sink sink) {
    BlockRef ref = block.ref();
    for (int i = 0; i < block.transactions().size(); i++) {
      Transaction tx = block.transactions().get(i);
      Address sender = block.senders().get(i);
      sink.accept(txByHash, BlockKeys.txHash(tx.hash()), BlockKeys.location(ref, i));
      sink.accept(txByAddress, BlockKeys.txByAddress(sender.bytes(), ref, i), EMPTY);
      Optional<Address> to = tx.to();
      if (to.isPresent() && !to.get().equals(sender)) {
        sink.accept(txByAddress, BlockKeys.txByAddress(to.get().bytes(), ref, i), EMPTY);
      }
    }
  }

  /**
   * Puts every index entry of {@code blocks} into {@code batch}; TxByHash values are read from
   * {@code current} (one multiGet) and extended, so a key shared by several transactions keeps
   * all their locations. The caller holds the store's write lock.
   */
  void write(List<BlockContents> blocks, WriteBatch batch, ReadView current) {
    Map<Long, byte[]> locations = new HashMap<>();
    List<byte[]> keys = new ArrayList<>();
    for (BlockContents block : blocks) {
      forEach(block, (cf, key, value) -> {
        if (cf != txByHash) {
          batch.put(cf, key, value);
          return;
        }
        byte[] previous = locations.get(prefixOf(key));
        if (previous == null) {
          keys.add(key);
        }
        locations.put(prefixOf(key), previous == null ? value : concat(previous, value));
      });
    }
    if (keys.isEmpty()) {
      return;
    }
    List<byte[]> stored = current.multiGet(txByHash, keys);
    for (int i = 0; i < keys.size(); i++) {
      byte[] added = locations.get(prefixOf(keys.get(i)));
      batch.put(txByHash, keys.get(i), stored.get(i) == null ? added : concat(stored.get(i), added));
    }
  }

  /**
   * The locations a TxByHash value lists.
   *
   * @throws IllegalArgumentException if the value is not a sequence of locations
   */
  static List<BlockKeys.Position> locations(byte[] value) {
    List<BlockKeys.Position> out = new ArrayList<>(1);
    int pos = 0;
    while (pos < value.length) {
      BlockKeys.Position location = BlockKeys.readLocation(value, pos);
      pos += BlockKeys.locationLength(location);
      out.add(location);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a TxByHash value lists at least one location");
    }
    return out;
  }

  private static long prefixOf(byte[] key) {
    long prefix = 0;
    for (byte b : key) {
      prefix = prefix << 8 | b & 0xff;
    }
    return prefix;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
