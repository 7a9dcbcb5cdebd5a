package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.ColumnFamily;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one definition of which index entries a canonical block has: import and reorgs add or
 * delete exactly these, {@code verify} expects exactly these, so the three cannot drift apart.
 * Stateless apart from the column family handles; thread-safe.
 */
final class IndexEntries {

  /** Receives one index entry. */
  interface Sink {
    void accept(ColumnFamily cf, byte[] key, byte[] value);
  }

  private static final byte[] EMPTY = new byte[0];

  private final ColumnFamily txByHash;
  private final ColumnFamily txByAddress;
  private final ColumnFamily logsByAddress;
  private final ColumnFamily logsByTopic;

  IndexEntries(ColumnFamily txByHash, ColumnFamily txByAddress, ColumnFamily logsByAddress,
      ColumnFamily logsByTopic) {
    this.txByHash = txByHash;
    this.txByAddress = txByAddress;
    this.logsByAddress = logsByAddress;
    this.logsByTopic = logsByTopic;
  }

  List<ColumnFamily> families() {
    return List.of(txByHash, txByAddress, logsByAddress, logsByTopic);
  }

  /** Calls {@code sink} with every index entry of {@code block}, as if it is canonical. */
  void forEach(BlockContents block, Sink sink) {
    long height = block.height();
    for (int i = 0; i < block.transactions().size(); i++) {
      Transaction tx = block.transactions().get(i);
      Address sender = block.senders().get(i);
      sink.accept(txByHash, tx.hash().bytes(), BlockKeys.location(height, i));
      sink.accept(txByAddress, BlockKeys.txByAddress(sender.bytes(), height, i), EMPTY);
      Optional<Address> to = tx.to();
      if (to.isPresent() && !to.get().equals(sender)) {
        sink.accept(txByAddress, BlockKeys.txByAddress(to.get().bytes(), height, i), EMPTY);
      }
    }
    int logIndex = 0;
    for (int t = 0; t < block.logs().size(); t++) {
      List<Log> logs = block.logs().get(t);
      for (int j = 0; j < logs.size(); j++) {
        Log log = logs.get(j);
        byte[] value = BlockKeys.logValue(t, j);
        sink.accept(logsByAddress, BlockKeys.log(log.address().bytes(), height, logIndex), value);
        // A topic repeated in one log is indexed once: the key would be the same.
        Set<Hash> topics = new LinkedHashSet<>(log.topics());
        for (Hash topic : topics) {
          sink.accept(logsByTopic, BlockKeys.log(topic.bytes(), height, logIndex), value);
        }
        logIndex++;
      }
    }
  }
}
