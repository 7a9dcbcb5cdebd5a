package io.luxtensor.chain.trie;

import io.luxtensor.chain.rlp.RlpEncoder;

/** Sixteen child slots, one per next nibble, plus the value of a key that ends here (or null). */
final class BranchNode extends Node {

  static final int WIDTH = 16;
  private static final byte EMPTY_STRING = (byte) 0x80;

  /** Owned by this node; never modified after construction. */
  final Node[] children;
  final byte[] value;

  BranchNode(Node[] children, byte[] value) {
    this.children = children;
    this.value = value;
  }

  BranchNode(Node[] children, byte[] value, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.children = children;
    this.value = value;
  }

  /** A copy with slot {@code index} replaced. */
  BranchNode withChild(int index, Node child) {
    Node[] copy = children.clone();
    copy[index] = child;
    return new BranchNode(copy, value);
  }

  @Override
  byte[] encode() {
    int payload = value == null ? 1 : RlpEncoder.stringLength(value);
    for (Node child : children) {
      payload += child == null ? 1 : child.referenceLength();
    }
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    for (Node child : children) {
      if (child == null) {
        out[pos++] = EMPTY_STRING;
      } else {
        pos = child.writeReference(out, pos);
      }
    }
    if (value == null) {
      out[pos] = EMPTY_STRING;
    } else {
      RlpEncoder.writeString(out, pos, value);
    }
    return out;
  }
}
