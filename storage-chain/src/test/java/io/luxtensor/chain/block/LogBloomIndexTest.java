package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The bloom bit vectors: encodings, transposition of blooms, and keys. */
class LogBloomIndexTest {

  private static final LogBloomIndex INDEX = new LogBloomIndex(null, 4096);

  @Property
  void aVectorDecodesToWhatWasEncoded(@ForAll @Size(max = 4096) Set<@IntRange(max = 4095) Integer> heights) {
    long[] vector = new long[64];
    heights.forEach(i -> vector[i >>> 6] |= 1L << i);

    assertThat(INDEX.decode(INDEX.encode(vector))).isEqualTo(vector);
  }

  @Test
  void aSparseVectorIsStoredAsGapsAndAFullOneAsRawBits() {
    long[] sparse = new long[64];
    sparse[0] = 1L << 5;
    long[] full = new long[64];
    java.util.Arrays.fill(full, -1L);

    assertThat(INDEX.encode(sparse)).containsExactly(LogBloomIndex.SPARSE, 5);
    assertThat(INDEX.encode(full)).hasSize(1 + 4096 / 8).startsWith(LogBloomIndex.DENSE);
  }

  @Test
  void aGapPastTheSectionIsRefused() {
    assertThatThrownBy(() -> INDEX.decode(new byte[] {LogBloomIndex.SPARSE, (byte) 0x80, 0x20}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bit 4096");
  }

  @Test
  void eachBitOfABloomLandsInItsVectorAtTheBlocksOffset() {
    byte[] bloom = Bloom.of(java.util.List.of(new Log(ChainFixture.address(3), java.util.List.of(), new byte[0])));
    byte[][] blooms = new byte[4096][];
    blooms[77] = bloom;

    long[][] vectors = INDEX.vectors(blooms);

    for (int bit = 0; bit < Bloom.BITS; bit++) {
      if (Bloom.isSet(bloom, bit)) {
        assertThat(LogBloomIndex.nextSetBit(vectors[bit], 0)).isEqualTo(77);
      } else {
        assertThat(vectors[bit]).isNull();
      }
    }
  }

  @Test
  void vectorKeysOfASectionSortAfterItsMarkerAndBeforeTheNextSection() {
    byte[] marker = LogBloomIndex.markerKey(7);
    byte[] last = LogBloomIndex.vectorKey(7, Bloom.BITS - 1);

    assertThat(java.util.Arrays.compareUnsigned(marker, LogBloomIndex.vectorKey(7, 0))).isNegative();
    assertThat(java.util.Arrays.compareUnsigned(last, LogBloomIndex.markerKey(8))).isNegative();
    assertThat(LogBloomIndex.bitOfKey(last)).isEqualTo(Bloom.BITS - 1);
    assertThat(LogBloomIndex.sectionOfKey(last)).isEqualTo(7);
  }
}
