package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpSlice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Blocks column family's value: {@code RLP([ommers, senders, hasReceipts, withdrawals?])}.
 * The transactions live in their own family; the senders (20 bytes each, in block order) are kept
 * so that reorgs and repairs never recover a signature again, and their count is the block's
 * transaction count. Immutable.
 */
record StoredBody(List<Header> ommers, List<Address> senders, boolean hasReceipts,
    Optional<List<Withdrawal>> withdrawals) {

  static byte[] encode(Block block, List<Address> senders, boolean hasReceipts) {
    byte[][] ommers = new byte[block.ommers().size()][];
    for (int i = 0; i < ommers.length; i++) {
      ommers[i] = block.ommers().get(i).encodedUnsafe();
    }
    byte[] senderBytes = new byte[senders.size() * Address.LENGTH];
    for (int i = 0; i < senders.size(); i++) {
      System.arraycopy(senders.get(i).bytes(), 0, senderBytes, i * Address.LENGTH, Address.LENGTH);
    }
    List<byte[]> items = new ArrayList<>(List.of(RlpEncoder.encodeList(ommers), RlpEncoder.encodeString(senderBytes),
        RlpEncoder.encodeString(hasReceipts ? new byte[] {1} : new byte[0])));
    block.withdrawals().ifPresent(ws -> items.add(Block.encodeWithdrawals(ws)));
    return RlpEncoder.encodeList(items.toArray(new byte[0][]));
  }

  static StoredBody decode(byte[] value) {
    Fields f = Fields.of("stored body", RlpSlice.of(value));
    if (f.size() != 3 && f.size() != 4) {
      throw new BlockFormatException("stored body must have 3 or 4 items, found " + f.size());
    }
    List<Header> ommers = new ArrayList<>();
    for (RlpSlice ommer : f.listAt(0, "ommers").slice().items()) {
      ommers.add(Header.decode(ommer));
    }
    byte[] senderBytes = f.bytes(1, "senders");
    if (senderBytes.length % Address.LENGTH != 0) {
      throw new BlockFormatException("stored senders are " + senderBytes.length + " bytes, not a multiple of 20");
    }
    List<Address> senders = new ArrayList<>(senderBytes.length / Address.LENGTH);
    for (int i = 0; i < senderBytes.length; i += Address.LENGTH) {
      senders.add(Address.of(Arrays.copyOfRange(senderBytes, i, i + Address.LENGTH)));
    }
    Optional<List<Withdrawal>> withdrawals = Optional.empty();
    if (f.size() == 4) {
      List<Withdrawal> ws = new ArrayList<>();
      for (RlpSlice w : f.listAt(3, "withdrawals").slice().items()) {
        ws.add(Withdrawal.decode(w));
      }
      withdrawals = Optional.of(ws);
    }
    return new StoredBody(ommers, senders, f.uint64(2, "hasReceipts") == 1, withdrawals);
  }
}
