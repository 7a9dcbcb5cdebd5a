package io.luxtensor.storage.lmdb;

import java.nio.ByteBuffer;

/**
 * Moves bytes between the API's arrays and the direct buffers lmdbjava's optimal proxy hands to
 * LMDB. Buffers LMDB returns point into the memory map, valid only until the transaction ends or the
 * map moves, so everything read is copied out at once.
 */
final class Buffers {

  /** Room for LMDB's largest key (511 bytes by default). */
  static final int KEY_CAPACITY = 512;

  private Buffers() {}

  /** A direct buffer for keys. */
  static ByteBuffer newKeyBuffer() {
    return ByteBuffer.allocateDirect(KEY_CAPACITY);
  }

  /**
   * {@code bytes} in {@code buffer}, from position 0 (the proxy reads from the buffer's address, not
   * its position). {@code buffer} must be large enough.
   */
  static ByteBuffer fill(ByteBuffer buffer, byte[] bytes) {
    return fill(buffer, bytes, bytes.length);
  }

  /** The first {@code length} bytes of {@code bytes} in {@code buffer}, as {@link #fill(ByteBuffer, byte[])}. */
  static ByteBuffer fill(ByteBuffer buffer, byte[] bytes, int length) {
    buffer.clear();
    buffer.put(bytes, 0, length);
    buffer.flip();
    return buffer;
  }

  /** A copy of the buffer's remaining bytes. */
  static byte[] copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(buffer.position(), bytes);
    return bytes;
  }

  /** Unsigned lexicographic comparison of a buffer's remaining bytes with {@code bytes}. */
  static int compare(ByteBuffer buffer, byte[] bytes) {
    return compare(buffer, bytes, bytes.length);
  }

  /** Unsigned lexicographic comparison of a buffer's remaining bytes with {@code bytes[0, bytesLength)}. */
  static int compare(ByteBuffer buffer, byte[] bytes, int bytesLength) {
    int position = buffer.position();
    int length = buffer.remaining();
    int common = Math.min(length, bytesLength);
    for (int i = 0; i < common; i++) {
      int cmp = Byte.toUnsignedInt(buffer.get(position + i)) - Byte.toUnsignedInt(bytes[i]);
      if (cmp != 0) {
        return cmp;
      }
    }
    return length - bytesLength;
  }
}
