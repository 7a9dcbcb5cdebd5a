package io.luxtensor.chain.trie;

import io.luxtensor.chain.rlp.RlpEncoder;

/** A shared run of nibbles (never empty) leading to a single child, which is always a branch. */
final class ExtensionNode extends Node {

  final byte[] path;
  final Node child;

  ExtensionNode(byte[] path, Node child) {
    this.path = path;
    this.child = child;
  }

  ExtensionNode(byte[] path, Node child, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.path = path;
    this.child = child;
  }

  @Override
  byte[] encode() {
    byte[] prefixed = HexPrefix.encode(path, false);
    int payload = RlpEncoder.stringLength(prefixed) + child.referenceLength();
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    pos = RlpEncoder.writeString(out, pos, prefixed);
    child.writeReference(out, pos);
    return out;
  }
}
