package io.luxtensor.chain.trie;

import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.util.Arrays;

/**
 * Decodes stored or proof node RLP into {@link Node}s. Shape errors are reported as
 * {@link IllegalArgumentException} with a reason; callers wrap them in the exception that
 * fits their context (a corrupt store, an invalid proof).
 */
final class NodeCodec {

  private static final int BRANCH_ITEMS = 17;
  private static final int SHORT_NODE_ITEMS = 2;

  private NodeCodec() {}

  /**
   * Decodes a node whose encoding is {@code rlp} and whose hash is {@code hash}.
   *
   * @throws IllegalArgumentException if {@code rlp} is not valid RLP or not a well-formed node
   */
  static Node decode(byte[] rlp, byte[] hash) {
    BranchNode branch = decodeHashedBranch(rlp, hash);
    if (branch != null) {
      return branch;
    }
    RlpItem item;
    try {
      item = Rlp.decode(rlp);
    } catch (RlpException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return decodeItem(item, rlp, hash);
  }

  /**
   * The shape most stored nodes have, read straight from the bytes: a branch whose sixteen children
   * are each absent or referenced by a 32-byte hash, with no value. Null for any other encoding,
   * which the general decoder reads (and rejects, if it is not a node). Decoding through RLP items
   * allocates a list and seventeen items per branch; a commit decodes thousands of branches.
   */
  private static BranchNode decodeHashedBranch(byte[] rlp, byte[] hash) {
    // Sixteen references and a value take 17 to 529 bytes: a long-list header of one or two
    // length bytes, in its canonical (shortest) form.
    int payload;
    int position;
    if (rlp.length > 2 && (rlp[0] & 0xFF) == 0xF8) {
      payload = rlp[1] & 0xFF;
      position = 2;
      if (payload < 56) {
        return null;
      }
    } else if (rlp.length > 3 && (rlp[0] & 0xFF) == 0xF9) {
      payload = (rlp[1] & 0xFF) << 8 | (rlp[2] & 0xFF);
      position = 3;
      if (payload < 256) {
        return null;
      }
    } else {
      return null;
    }
    if (position + payload != rlp.length) {
      return null;
    }
    Node[] children = new Node[BranchNode.WIDTH];
    for (int i = 0; i < BranchNode.WIDTH; i++) {
      if (position >= rlp.length) {
        return null;
      }
      int head = rlp[position] & 0xFF;
      if (head == 0x80) {
        position++;
      } else if (head == 0x80 + Keccak256.LENGTH && position + 1 + Keccak256.LENGTH < rlp.length) {
        children[i] = new HashNode(Arrays.copyOfRange(rlp, position + 1, position + 1 + Keccak256.LENGTH));
        position += 1 + Keccak256.LENGTH;
      } else {
        return null;
      }
    }
    // What is left must be the empty value, and nothing after it.
    return position == rlp.length - 1 && (rlp[position] & 0xFF) == 0x80 ? new BranchNode(children, null, rlp, hash) : null;
  }

  private static Node decodeItem(RlpItem item, byte[] rlp, byte[] hash) {
    if (!(item instanceof RlpList list)) {
      throw new IllegalArgumentException("a trie node must be an RLP list, got a string");
    }
    if (list.size() == BRANCH_ITEMS) {
      Node[] children = new Node[BranchNode.WIDTH];
      for (int i = 0; i < BranchNode.WIDTH; i++) {
        children[i] = decodeReference(list.get(i), true);
      }
      byte[] value = asString(list.get(BranchNode.WIDTH), "branch value").bytes();
      return new BranchNode(children, value.length == 0 ? null : value, rlp, hash);
    }
    if (list.size() == SHORT_NODE_ITEMS) {
      HexPrefix.Path path = HexPrefix.decode(asString(list.get(0), "node path").bytes());
      if (path.leaf()) {
        byte[] value = asString(list.get(1), "leaf value").bytes();
        if (value.length == 0) {
          throw new IllegalArgumentException("leaf has an empty value; empty values are deletions");
        }
        return new LeafNode(path.nibbles(), value, rlp, hash);
      }
      if (path.nibbles().length == 0) {
        throw new IllegalArgumentException("extension has an empty path");
      }
      return new ExtensionNode(path.nibbles(), decodeReference(list.get(1), false), rlp, hash);
    }
    throw new IllegalArgumentException("a trie node has 2 or 17 items, got " + list.size());
  }

  private static Node decodeReference(RlpItem item, boolean mayBeEmpty) {
    if (item instanceof RlpList embedded) {
      byte[] rlp = Rlp.encode(embedded);
      if (rlp.length >= Node.EMBED_LIMIT) {
        throw new IllegalArgumentException("embedded node of " + rlp.length
            + " bytes should have been referenced by hash");
      }
      return decodeItem(embedded, rlp, null);
    }
    RlpString reference = (RlpString) item;
    if (reference.length() == Keccak256.LENGTH) {
      return new HashNode(reference.bytes());
    }
    if (reference.length() == 0 && mayBeEmpty) {
      return null;
    }
    throw new IllegalArgumentException("child reference of " + reference.length()
        + " bytes is neither a 32-byte hash nor an embedded node");
  }

  private static RlpString asString(RlpItem item, String what) {
    if (item instanceof RlpString string) {
      return string;
    }
    throw new IllegalArgumentException(what + " must be an RLP string, got a list");
  }
}
