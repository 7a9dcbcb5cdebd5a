package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.rlp.RlpString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A transaction receipt: {@code RLP([statusOrPostState, cumulativeGasUsed, bloom, logs])},
 * prefixed by the transaction type byte for typed transactions (EIP-2718), exactly as the
 * receipts trie holds it. Before Byzantium the first field is the 32-byte post-state root
 * ({@link #postState()} present); from Byzantium on it is the status, 1 for success and the
 * empty string for failure.
 *
 * <p>Immutable; arrays are copied in and out and compared by content.
 */
public record Receipt(int type, Optional<Hash> postState, boolean success, long cumulativeGasUsed, byte[] bloom,
    List<Log> logs) {

  /** Checks the type and bloom size and copies the arrays and list. */
  public Receipt {
    if (type < 0 || type > 0x7f) {
      throw new BlockFormatException("receipt type must be 0 (legacy) or a typed-transaction type below 0x80, got "
          + type);
    }
    if (bloom.length != Bloom.LENGTH) {
      throw new BlockFormatException("receipt bloom must be " + Bloom.LENGTH + " bytes, got " + bloom.length);
    }
    bloom = bloom.clone();
    logs = List.copyOf(logs);
  }

  /** A post-Byzantium receipt with the bloom computed from {@code logs}. */
  public static Receipt of(int type, boolean success, long cumulativeGasUsed, List<Log> logs) {
    return new Receipt(type, Optional.empty(), success, cumulativeGasUsed, Bloom.of(logs), logs);
  }

  /** The 256-byte logs bloom; a fresh copy. */
  @Override
  public byte[] bloom() {
    return bloom.clone();
  }

  /** The consensus encoding: the receipts trie value, {@code type || RLP(...)} for typed receipts. */
  public byte[] encode() {
    byte[] payload = Rlp.encode(RlpList.of(statusItem(), u64(cumulativeGasUsed), new RlpString(bloom), logsItem()));
    if (type == 0) {
      return payload;
    }
    byte[] typed = new byte[payload.length + 1];
    typed[0] = (byte) type;
    System.arraycopy(payload, 0, typed, 1, payload.length);
    return typed;
  }

  /**
   * The receipt in its consensus encoding {@code bytes}.
   *
   * @throws io.luxtensor.chain.rlp.RlpException if the payload is not canonical RLP
   * @throws BlockFormatException if it is not a receipt
   */
  public static Receipt decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new BlockFormatException("a receipt encoding is never empty");
    }
    int type = 0;
    byte[] payload = bytes;
    if ((bytes[0] & 0xff) < 0x80) {
      type = bytes[0];
      payload = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    Fields f = Fields.of("receipt", RlpSlice.of(payload)).requireSize(4);
    byte[] first = f.bytes(0, "status");
    return new Receipt(type, postState(first), status(first), f.uint64(1, "cumulativeGasUsed"),
        f.bytes(2, "bloom", Bloom.LENGTH), logs(f.listAt(3, "logs")));
  }

  /**
   * The compact form the block store keeps: {@code RLP([type, status, cumulativeGasUsed, logs])},
   * without the bloom, which {@link #decodeStored} recomputes from the logs (as geth stores
   * receipts); 256 bytes fewer per receipt.
   */
  byte[] encodeStored() {
    return Rlp.encode(RlpList.of(RlpString.ofUnsigned(type), statusItem(), u64(cumulativeGasUsed), logsItem()));
  }

  /** The receipt from {@link #encodeStored()}. */
  static Receipt decodeStored(byte[] stored) {
    Fields f = Fields.of("stored receipt", RlpSlice.of(stored)).requireSize(4);
    byte[] first = f.bytes(1, "status");
    List<Log> logs = logs(f.listAt(3, "logs"));
    return new Receipt((int) f.uint64(0, "type"), postState(first), status(first), f.uint64(2, "cumulativeGasUsed"),
        Bloom.of(logs), logs);
  }

  /** Only the logs of {@link #encodeStored()}: log queries need neither the bloom nor the status. */
  static List<Log> decodeStoredLogs(byte[] stored) {
    return logs(Fields.of("stored receipt", RlpSlice.of(stored)).requireSize(4).listAt(3, "logs"));
  }

  private RlpItem statusItem() {
    return postState.map(h -> new RlpString(h.bytes()))
        .orElse(success ? new RlpString(new byte[] {1}) : RlpString.EMPTY);
  }

  private RlpList logsItem() {
    List<RlpItem> logItems = new ArrayList<>(logs.size());
    for (Log log : logs) {
      logItems.add(log.toRlp());
    }
    return new RlpList(logItems);
  }

  private static RlpString u64(long unsigned) {
    return unsigned >= 0 ? RlpString.ofUnsigned(unsigned)
        : RlpString.ofUnsigned(new java.math.BigInteger(Long.toUnsignedString(unsigned)));
  }

  private static Optional<Hash> postState(byte[] first) {
    if (first.length == Hash.LENGTH) {
      return Optional.of(Hash.of(first));
    }
    if (first.length == 0 || first.length == 1 && first[0] == 1) {
      return Optional.empty();
    }
    throw new BlockFormatException("receipt status must be empty, 0x01 or a 32-byte post-state root, found "
        + first.length + " byte(s)");
  }

  private static boolean status(byte[] first) {
    return first.length == Hash.LENGTH || first.length == 1;
  }

  private static List<Log> logs(Fields list) {
    List<Log> logs = new ArrayList<>(list.size());
    for (RlpSlice log : list.slice().items()) {
      logs.add(Log.decode(log));
    }
    return logs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Receipt that && type == that.type && postState.equals(that.postState)
        && success == that.success && cumulativeGasUsed == that.cumulativeGasUsed
        && Arrays.equals(bloom, that.bloom) && logs.equals(that.logs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Receipt[type " + type + ", " + (postState.isPresent() ? "postState " + postState.get()
        : success ? "success" : "failure") + ", cumulativeGasUsed " + cumulativeGasUsed + ", " + logs.size()
        + " log(s)]";
  }
}
