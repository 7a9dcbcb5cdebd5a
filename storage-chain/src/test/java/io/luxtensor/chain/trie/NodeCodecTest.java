package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Keccak256;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link NodeCodec} reads a branch of hash references (the shape it reads without RLP items) and
 * every other node alike: what it decodes encodes back to the same bytes, with the same children.
 */
class NodeCodecTest {

  @Property(tries = 200)
  void aBranchOfHashReferencesDecodesToTheBranchItWasEncodedFrom(@ForAll("branches") BranchNode branch) {
    assertDecodesBack(branch);
  }

  @Property(tries = 100)
  void aBranchWithAValueOrAnEmbeddedChildDecodesToo(@ForAll("branches") BranchNode branch) {
    Node[] children = branch.children.clone();
    children[3] = new LeafNode(new byte[] {1, 2}, new byte[] {7}); // under 32 bytes: embedded
    assertDecodesBack(new BranchNode(children, null));
    assertDecodesBack(new BranchNode(branch.children, new byte[] {9, 9}));
  }

  @Example
  void aBranchWhoseListLengthIsNotInItsShortestFormIsRejected() {
    Node[] children = new Node[BranchNode.WIDTH];
    children[0] = new HashNode(new byte[Keccak256.LENGTH]);
    children[1] = new HashNode(new byte[Keccak256.LENGTH]);
    byte[] canonical = new BranchNode(children, null).encode(); // 0xF8, 80: two hashes and 15 empty items
    byte[] padded = new byte[canonical.length + 1];
    padded[0] = (byte) 0xF9; // the same length in two bytes, 0x00 0x50
    System.arraycopy(canonical, 1, padded, 2, canonical.length - 1);

    assertThatThrownBy(() -> NodeCodec.decode(padded, Keccak256.hash(padded))).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void aBranchCutShortIsRejected() {
    Node[] children = new Node[BranchNode.WIDTH];
    Arrays.fill(children, new HashNode(new byte[Keccak256.LENGTH]));
    byte[] whole = new BranchNode(children, null).encode();
    byte[] cut = Arrays.copyOf(whole, whole.length - 1);

    assertThatThrownBy(() -> NodeCodec.decode(cut, Keccak256.hash(cut))).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertDecodesBack(BranchNode branch) {
    byte[] rlp = branch.encode();
    BranchNode decoded = (BranchNode) NodeCodec.decode(rlp, Keccak256.hash(rlp));
    assertThat(decoded.encode()).isEqualTo(rlp);
    assertThat(decoded.value).isEqualTo(branch.value);
    for (int i = 0; i < BranchNode.WIDTH; i++) {
      Node child = branch.children[i];
      assertThat(decoded.children[i] == null).as("child %d absent", i).isEqualTo(child == null);
      if (child instanceof HashNode) {
        assertThat(decoded.children[i]).isInstanceOf(HashNode.class);
        assertThat(decoded.children[i].hash()).as("child %d", i).isEqualTo(child.hash());
      } else if (child != null) {
        assertThat(decoded.children[i].rlp()).as("embedded child %d", i).isEqualTo(child.rlp());
      }
    }
  }

  @Provide
  Arbitrary<BranchNode> branches() {
    Arbitrary<Node> reference = Arbitraries.bytes().array(byte[].class).ofSize(Keccak256.LENGTH).map(HashNode::new);
    return reference.injectNull(0.5).array(Node[].class).ofSize(BranchNode.WIDTH)
        .filter(children -> Arrays.stream(children).filter(c -> c != null).count() >= 2)
        .map(children -> new BranchNode(children, null));
  }
}
