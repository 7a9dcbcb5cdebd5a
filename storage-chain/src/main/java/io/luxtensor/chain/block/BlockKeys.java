package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;
import java.nio.ByteBuffer;

/**
 * Key layouts of the block store's column families. Heights and indexes are big-endian so that
 * keys sort by them; {@link #txByAddress} stores them bit-inverted so that a forward scan of one
 * address yields its newest transactions first. Stateless.
 */
final class BlockKeys {

  /** BlockHashes prefix of the canonical height-to-hash entries. */
  static final byte CANONICAL = 'n';
  /** BlockHashes prefix of the hash-to-height entries, one per stored block. */
  static final byte HEIGHT_OF = 'h';
  /** ChainMeta key of the head block's hash. */
  static final byte[] HEAD = {'h', 'e', 'a', 'd'};
  /** Bytes after the prefix (address or topic) of a log index key: height and log index. */
  static final int LOG_SUFFIX = 12;
  /** Bytes after the address of a TxByAddress key: inverted height and index. */
  static final int TX_SUFFIX = 12;

  private BlockKeys() {}

  static byte[] canonical(long height) {
    return ByteBuffer.allocate(9).put(CANONICAL).putLong(height).array();
  }

  static byte[] heightOf(Hash hash) {
    return ByteBuffer.allocate(1 + Hash.LENGTH).put(HEIGHT_OF).put(hash.bytes()).array();
  }

  /** Transactions and Receipts: block hash, then the index in the block. */
  static byte[] item(Hash block, int index) {
    return ByteBuffer.allocate(Hash.LENGTH + 4).put(block.bytes()).putInt(index).array();
  }

  /** TxByHash value: height and index in the block (the canonical hash at that height names the block). */
  static byte[] location(long height, int index) {
    return ByteBuffer.allocate(12).putLong(height).putInt(index).array();
  }

  /** TxByAddress: address, then inverted height and index (newest first). */
  static byte[] txByAddress(byte[] address, long height, int index) {
    return ByteBuffer.allocate(address.length + TX_SUFFIX).put(address).putLong(~height).putInt(~index).array();
  }

  /** LogsByAddress or LogsByTopic: address or topic, then height and the log's index in the block. */
  static byte[] log(byte[] prefix, long height, int logIndex) {
    return ByteBuffer.allocate(prefix.length + LOG_SUFFIX).put(prefix).putLong(height).putInt(logIndex).array();
  }

  /** Log index value: the transaction's index in the block and the log's index in its receipt. */
  static byte[] logValue(int txIndex, int logInTx) {
    return ByteBuffer.allocate(8).putInt(txIndex).putInt(logInTx).array();
  }

  static long longAt(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 8).getLong();
  }

  static int intAt(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 4).getInt();
  }

  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }
}
