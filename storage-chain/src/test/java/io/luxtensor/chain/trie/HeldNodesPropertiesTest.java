package io.luxtensor.chain.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link HeldNodes} against a map model: node sets sharing some nodes, held and released in any
 * order, and every node any held set has is found with its encoding, every other one is not, and the
 * counts of nodes and bytes are the model's.
 */
class HeldNodesPropertiesTest {

  /** A leaf whose encoding grows with {@code n}, so that chunks fill at different paces. */
  private static LeafNode leaf(int n) {
    byte[] value = new byte[1 + n % 300];
    value[0] = (byte) n;
    value[value.length - 1] = (byte) (n >> 8);
    return new LeafNode(new byte[] {(byte) (n & 0xF), (byte) ((n >> 4) & 0xF)}, value);
  }

  @Property(tries = 40)
  void heldSetsFindExactlyTheirNodes(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 12) int sets,
      @ForAll @IntRange(min = 1, max = 600) int nodesPerSet) {
    Random random = new Random(seed);
    HeldNodes held = new HeldNodes();
    List<NodeSet> live = new ArrayList<>();
    List<List<Integer>> liveNodes = new ArrayList<>();
    Map<Integer, Integer> model = new HashMap<>();
    int universe = sets * nodesPerSet / 2 + 1; // so that sets share nodes, and a set repeats some
    for (int step = 0; step < 3 * sets; step++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        NodeSet set = new NodeSet();
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < nodesPerSet; i++) {
          int n = random.nextInt(universe);
          set.add(leaf(n));
          members.add(n);
        }
        held.hold(set);
        live.add(set);
        liveNodes.add(members);
        members.forEach(n -> model.merge(n, 1, Integer::sum));
      } else {
        int index = random.nextInt(live.size());
        held.release(live.remove(index));
        liveNodes.remove(index).forEach(n -> model.merge(n, -1, (a, b) -> a + b == 0 ? null : a + b));
      }
      checkAgainst(held, model, universe);
    }
    live.forEach(held::release);
    assertThat(held.nodes()).isZero();
    assertThat(held.bytes()).isZero();
  }

  private static void checkAgainst(HeldNodes held, Map<Integer, Integer> model, int universe) {
    long bytes = 0;
    for (int n = 0; n < universe; n++) {
      LeafNode leaf = leaf(n);
      boolean expected = model.containsKey(n);
      assertThat(held.contains(leaf.hash())).as("node %d", n).isEqualTo(expected);
      assertThat(held.get(leaf.hash())).isEqualTo(expected ? leaf.rlp() : null);
      if (expected) {
        bytes += leaf.rlp().length;
      }
    }
    assertThat(held.nodes()).isEqualTo(model.size());
    assertThat(held.bytes()).isEqualTo(bytes);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }

  @Test
  void aNodeLargerThanAChunkIsHeldWhole() {
    HeldNodes held = new HeldNodes();
    NodeSet set = new NodeSet();
    LeafNode large = new LeafNode(new byte[] {1}, new byte[NodeSet.MAX_CHUNK_BYTES * 2]);
    set.add(leaf(1));
    set.add(large);

    held.hold(set);

    assertThat(held.get(large.hash())).isEqualTo(large.rlp());
    assertThat(held.get(leaf(1).hash())).isEqualTo(leaf(1).rlp());
  }
}
