package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The key of an account (its address) or of a storage slot (address and slot) in the diff layers'
 * indexes, held as the key's bytes in primitive fields with the hash code computed once.
 *
 * <p>Why not the {@link Address} or {@link StateStore.SlotKey} itself: the indexes hold a few
 * hundred thousand keys, and each change a commit stages or a flushed layer removes finds its key
 * in them at random. Comparing a {@code SlotKey} there reads five objects (the key, the address and
 * its array, the slot and its array), each likely a cache miss; this key is one object. Immutable.
 */
final class LayerKey {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final long address0;
  private final long address1;
  private final int address2;
  private final long slot0;
  private final long slot1;
  private final long slot2;
  private final long slot3;
  private final int hash;

  private LayerKey(byte[] address, byte[] slot, int hashCode) {
    address0 = (long) LONGS.get(address, 0);
    address1 = (long) LONGS.get(address, 8);
    address2 = (int) INTS.get(address, 16);
    slot0 = slot == null ? 0 : (long) LONGS.get(slot, 0);
    slot1 = slot == null ? 0 : (long) LONGS.get(slot, 8);
    slot2 = slot == null ? 0 : (long) LONGS.get(slot, 16);
    slot3 = slot == null ? 0 : (long) LONGS.get(slot, 24);
    hash = hashCode;
  }

  /** The key of an account. */
  static LayerKey of(Address address) {
    return new LayerKey(address.bytes(), null, address.hashCode());
  }

  /** The key of a storage slot; never equal to an account's key with the same address in one index. */
  static LayerKey of(Address address, Hash slot) {
    return new LayerKey(address.bytes(), slot.bytes(), 31 * address.hashCode() + slot.hashCode());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayerKey that && hash == that.hash && address0 == that.address0
        && address1 == that.address1 && address2 == that.address2 && slot0 == that.slot0 && slot1 == that.slot1
        && slot2 == that.slot2 && slot3 == that.slot3;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
