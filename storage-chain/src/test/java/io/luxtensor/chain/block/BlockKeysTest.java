package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Round trips and orderings of the compact key layouts. */
class BlockKeysTest {

  private static final byte[] ADDRESS = new byte[20];

  @Property
  void varintReadsBackWhatItWrote(@ForAll @IntRange(min = 0) int value) {
    byte[] out = new byte[Varint.length(value) + 1];

    assertThat(Varint.write(out, 1, value)).isEqualTo(out.length);
    assertThat(Varint.read(out, 1)).isEqualTo(value);
  }

  @Test
  void varintWithARedundantZeroByteIsRefused() {
    assertThatThrownBy(() -> Varint.read(new byte[] {(byte) 0x81, 0x00}, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not canonical");
  }

  @Test
  void varintBeyondAnIntIsRefused() {
    byte[] tooBig = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};

    assertThatThrownBy(() -> Varint.read(tooBig, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void addressKeyGivesBackItsBlockAndIndex(@ForAll @LongRange(max = BlockRef.MAX_HEIGHT) long height,
      @ForAll @IntRange(max = 100_000) int slot, @ForAll @IntRange(max = BlockKeys.MAX_INDEX) int index) {
    BlockRef ref = new BlockRef(height, slot);

    BlockKeys.Position position = BlockKeys.position(BlockKeys.txByAddress(ADDRESS, ref, index), ADDRESS.length, true);

    assertThat(position).isEqualTo(new BlockKeys.Position(ref, index));
  }

  @Property
  void itemKeyGivesBackItsIndex(@ForAll @LongRange(max = BlockRef.MAX_HEIGHT) long height,
      @ForAll @IntRange(max = 100_000) int slot, @ForAll @IntRange(max = BlockKeys.MAX_INDEX) int index) {
    assertThat(BlockKeys.itemIndex(BlockKeys.item(new BlockRef(height, slot), index))).isEqualTo(index);
  }

  @Property
  void newerTransactionsOfAnAddressSortFirst(@ForAll @LongRange(max = BlockRef.MAX_HEIGHT - 1) long height,
      @ForAll @IntRange(max = 300) int slot, @ForAll @IntRange(max = 300) int otherSlot,
      @ForAll @IntRange(max = BlockKeys.MAX_INDEX) int index) {
    byte[] older = BlockKeys.txByAddress(ADDRESS, new BlockRef(height, slot), index);
    byte[] newer = BlockKeys.txByAddress(ADDRESS, new BlockRef(height + 1, otherSlot), 0);

    assertThat(Arrays.compareUnsigned(newer, older)).isNegative();
  }

  @Test
  void aKeyWithBytesAfterTheIndexIsRefused() {
    byte[] key = Arrays.copyOf(BlockKeys.txByAddress(ADDRESS, new BlockRef(7, 0), 1), ADDRESS.length + 10);

    assertThatThrownBy(() -> BlockKeys.position(key, ADDRESS.length, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void aLocationReadsBackWhatWasWritten(@ForAll @LongRange(max = BlockRef.MAX_HEIGHT) long height,
      @ForAll @IntRange(max = 100_000) int slot, @ForAll @IntRange(max = BlockKeys.MAX_INDEX) int index) {
    byte[] value = BlockKeys.location(new BlockRef(height, slot), index);

    assertThat(IndexEntries.locations(value)).containsExactly(new BlockKeys.Position(new BlockRef(height, slot), index));
  }

  @Test
  void aTxByHashValueListsEveryLocationAppended() {
    byte[] value = concat(BlockKeys.location(new BlockRef(3, 0), 5), BlockKeys.location(new BlockRef(3, 200), 70_000));

    assertThat(IndexEntries.locations(value)).containsExactly(new BlockKeys.Position(new BlockRef(3, 0), 5),
        new BlockKeys.Position(new BlockRef(3, 200), 70_000));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
