package io.luxtensor.chain.trie;

import io.luxtensor.chain.rlp.RlpEncoder;

/** The end of a key: the remaining nibbles of the path and the (non-empty) value. */
final class LeafNode extends Node {

  final byte[] path;
  final byte[] value;

  LeafNode(byte[] path, byte[] value) {
    this.path = path;
    this.value = value;
  }

  LeafNode(byte[] path, byte[] value, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.path = path;
    this.value = value;
  }

  @Override
  byte[] encode() {
    byte[] prefixed = HexPrefix.encode(path, true);
    int payload = RlpEncoder.stringLength(prefixed) + RlpEncoder.stringLength(value);
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    pos = RlpEncoder.writeString(out, pos, prefixed);
    RlpEncoder.writeString(out, pos, value);
    return out;
  }
}
