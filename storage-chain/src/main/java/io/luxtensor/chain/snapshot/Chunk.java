package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Address;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one chunk: its key range, the proof nodes of both ends, its accounts in key
 * order each with its storage slots, and the code the accounts name (each code once). The wire
 * form, {@link #encode()}, is what the manifest hashes. Immutable once built; not for callers.
 *
 * @param index the chunk's index in the manifest
 * @param first the range's first key (32 bytes)
 * @param last the range's last key (32 bytes)
 * @param proof the proof nodes of {@code first} and {@code last}, each once
 * @param accounts the accounts, ascending by Keccak-256 of the address
 * @param codes the code of the accounts that have code, each distinct code once
 */
record Chunk(int index, byte[] first, byte[] last, List<byte[]> proof, List<AccountData> accounts, List<byte[]> codes) {

  private static final int MAGIC = 0x4c58534e; // "LXSN"
  private static final int VERSION = 1;

  /**
   * One account and its storage.
   *
   * @param address the account's address
   * @param account the account's RLP, as the state trie and flat table hold it
   * @param slots its non-zero slots, in any order
   */
  record AccountData(Address address, byte[] account, List<Slot> slots) {}

  /**
   * One storage slot.
   *
   * @param slot the 32-byte slot key
   * @param value the value without leading zero bytes (never empty)
   */
  record Slot(byte[] slot, byte[] value) {}

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(index);
      out.write(first);
      out.write(last);
      out.writeInt(proof.size());
      for (byte[] node : proof) {
        writeBytes(out, node);
      }
      out.writeInt(accounts.size());
      for (AccountData account : accounts) {
        out.write(account.address().bytes());
        writeBytes(out, account.account());
        out.writeInt(account.slots().size());
        for (Slot slot : account.slots()) {
          out.write(slot.slot());
          out.writeByte(slot.value().length);
          out.write(slot.value());
        }
      }
      out.writeInt(codes.size());
      for (byte[] code : codes) {
        writeBytes(out, code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  /**
   * Decodes {@link #encode()}'s output.
   *
   * @throws IllegalArgumentException if the bytes are not a chunk
   */
  static Chunk decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.getInt() != MAGIC || in.getInt() != VERSION) {
        throw new IllegalArgumentException("not a version " + VERSION + " snapshot chunk");
      }
      int index = in.getInt();
      byte[] first = take(in, 32);
      byte[] last = take(in, 32);
      int proofCount = count(in, 4);
      List<byte[]> proof = new ArrayList<>(proofCount);
      for (int i = 0; i < proofCount; i++) {
        proof.add(take(in, count(in, 1)));
      }
      int accountCount = count(in, Address.LENGTH + 8);
      List<AccountData> accounts = new ArrayList<>(accountCount);
      for (int i = 0; i < accountCount; i++) {
        Address address = Address.of(take(in, Address.LENGTH));
        byte[] account = take(in, count(in, 1));
        int slotCount = count(in, 33);
        List<Slot> slots = new ArrayList<>(slotCount);
        for (int j = 0; j < slotCount; j++) {
          byte[] slot = take(in, 32);
          int length = in.get() & 0xff;
          if (length == 0 || length > 32) {
            throw new IllegalArgumentException("a slot value has " + length + " bytes");
          }
          byte[] value = take(in, length);
          if (value[0] == 0) {
            throw new IllegalArgumentException("a slot value has a leading zero byte");
          }
          slots.add(new Slot(slot, value));
        }
        accounts.add(new AccountData(address, account, slots));
      }
      int codeCount = count(in, 4);
      List<byte[]> codes = new ArrayList<>(codeCount);
      for (int i = 0; i < codeCount; i++) {
        codes.add(take(in, count(in, 1)));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new Chunk(index, first, last, proof, accounts, codes);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the chunk is truncated", e);
    }
  }

  /** A count read from the input, which cannot exceed what the rest could hold at {@code minBytes} each. */
  private static int count(ByteBuffer in, int minBytes) {
    int count = in.getInt();
    if (count < 0 || (long) count * minBytes > in.remaining()) {
      throw new IllegalArgumentException("a count of " + count + " does not fit the chunk's remaining "
          + in.remaining() + " bytes");
    }
    return count;
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }
}
