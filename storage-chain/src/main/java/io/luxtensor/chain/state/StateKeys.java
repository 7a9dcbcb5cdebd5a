package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.nio.ByteBuffer;

/**
 * Key layouts of the state column families. Heights are 8 bytes big-endian, so keys sort by
 * height; history keys put the address (and slot) first, so the versions of one account or slot
 * are adjacent and a read as of a height is one seek.
 */
final class StateKeys {

  static final int HEIGHT = Long.BYTES;
  static final int SLOT_KEY = Address.LENGTH + Hash.LENGTH;

  private StateKeys() {}

  static byte[] height(long height) {
    return ByteBuffer.allocate(HEIGHT).putLong(height).array();
  }

  static long height(byte[] key, int offset) {
    return ByteBuffer.wrap(key, offset, HEIGHT).getLong();
  }

  /** {@code StateStorage}: address ‖ slot. */
  static byte[] slot(Address address, Hash slot) {
    return ByteBuffer.allocate(SLOT_KEY).put(address.bytes()).put(slot.bytes()).array();
  }

  /** {@code StateAccountHistory}: address ‖ height. */
  static byte[] accountHistory(Address address, long height) {
    return ByteBuffer.allocate(Address.LENGTH + HEIGHT).put(address.bytes()).putLong(height).array();
  }

  /** {@code StateStorageHistory}: address ‖ slot ‖ height. */
  static byte[] slotHistory(Address address, Hash slot, long height) {
    return ByteBuffer.allocate(SLOT_KEY + HEIGHT).put(address.bytes()).put(slot.bytes()).putLong(height).array();
  }

  /** {@code StateRoots} value: root ‖ block hash. */
  static byte[] rootValue(Hash root, Hash blockHash) {
    return ByteBuffer.allocate(2 * Hash.LENGTH).put(root.bytes()).put(blockHash.bytes()).array();
  }
}
