package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one height's commit changed: the value before and after of every account and every
 * storage slot it changed (entries whose before equals after are never recorded). Applying the
 * befores in reverse undoes the height exactly, which is how {@link StateStore#rollbackTo} works.
 *
 * <p>Immutable and thread-safe. Accounts are listed in address order, slots in (address, slot)
 * order.
 *
 * @param height the height whose commit this is
 * @param accounts the changed accounts
 * @param slots the changed storage slots
 */
public record StateDiff(long height, List<AccountChange> accounts, List<SlotChange> slots) {

  /** Copies the lists. */
  public StateDiff {
    accounts = List.copyOf(accounts);
    slots = List.copyOf(slots);
  }

  /**
   * One account's change; an empty side means the account did not exist.
   *
   * @param address the account
   * @param before its value before the height, or empty if it did not exist
   * @param after its value after the height, or empty if it was deleted
   */
  public record AccountChange(Address address, Optional<Account> before, Optional<Account> after) {
    /** Rejects {@code null}s. */
    public AccountChange {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * One storage slot's change; {@link Hash#ZERO} means unset.
   *
   * @param address the contract
   * @param slot the slot key
   * @param before the value before the height
   * @param after the value after the height
   */
  public record SlotChange(Address address, Hash slot, Hash before, Hash after) {
    /** Rejects {@code null}s. */
    public SlotChange {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  /** The stored encoding: {@code [height, [[address, before, after]...], [[address, slot, before, after]...]]}. */
  byte[] encode() {
    // Written straight into one array: a block's diff has thousands of entries, and as a tree of
    // RLP items it cost the committing thread several times as much.
    byte[][] accountParts = new byte[3 * accounts.size()][];
    int i = 0;
    for (AccountChange change : accounts) {
      accountParts[i++] = change.address().bytes();
      accountParts[i++] = accountBytes(change.before());
      accountParts[i++] = accountBytes(change.after());
    }
    byte[][] slotParts = new byte[4 * slots.size()][];
    i = 0;
    for (SlotChange change : slots) {
      slotParts[i++] = change.address().bytes();
      slotParts[i++] = change.slot().bytes();
      slotParts[i++] = Words.trimmed(change.before());
      slotParts[i++] = Words.trimmed(change.after());
    }
    byte[] heightBytes = RlpEncoder.unsignedBytes(height);
    int accountsPayload = listsPayload(accountParts, 3);
    int slotsPayload = listsPayload(slotParts, 4);
    int payload = RlpEncoder.stringLength(heightBytes) + RlpEncoder.listLength(accountsPayload)
        + RlpEncoder.listLength(slotsPayload);
    byte[] out = new byte[RlpEncoder.listLength(payload)];
    int pos = RlpEncoder.writeListHeader(out, 0, payload);
    pos = RlpEncoder.writeString(out, pos, heightBytes);
    pos = writeLists(out, pos, accountParts, 3, accountsPayload);
    writeLists(out, pos, slotParts, 4, slotsPayload);
    return out;
  }

  /** The encoded size of the lists of {@code width} strings each that {@code parts} holds in turn. */
  private static int listsPayload(byte[][] parts, int width) {
    int payload = 0;
    for (int i = 0; i < parts.length; i += width) {
      payload += RlpEncoder.listLength(itemPayload(parts, i, width));
    }
    return payload;
  }

  private static int itemPayload(byte[][] parts, int from, int width) {
    int payload = 0;
    for (int i = from; i < from + width; i++) {
      payload += RlpEncoder.stringLength(parts[i]);
    }
    return payload;
  }

  /** Writes the list of those lists, whose payload is {@code payload}. */
  private static int writeLists(byte[] out, int pos, byte[][] parts, int width, int payload) {
    pos = RlpEncoder.writeListHeader(out, pos, payload);
    for (int i = 0; i < parts.length; i += width) {
      pos = RlpEncoder.writeListHeader(out, pos, itemPayload(parts, i, width));
      for (int j = i; j < i + width; j++) {
        pos = RlpEncoder.writeString(out, pos, parts[j]);
      }
    }
    return pos;
  }

  /** An account as stored in diffs and history: its RLP, or no bytes for absent. */
  static byte[] accountBytes(Optional<Account> account) {
    return account.map(Account::encode).orElse(new byte[0]);
  }

  /** The inverse of {@link #accountBytes}. */
  static Optional<Account> account(byte[] bytes) {
    return bytes.length == 0 ? Optional.empty() : Optional.of(Account.decode(bytes));
  }

  /**
   * Decodes a stored diff: the {@link StateLayout#DIFFS} value of a height.
   *
   * @throws RlpException if {@code rlp} is not a stored diff
   */
  public static StateDiff decode(byte[] rlp) {
    RlpSlice root = RlpSlice.of(rlp);
    if (!root.isList() || root.size() != 3) {
      throw new RlpException("a state diff is a list of 3 items");
    }
    List<AccountChange> accounts = new ArrayList<>();
    for (RlpSlice item : root.get(1).items()) {
      if (!item.isList() || item.size() != 3) {
        throw new RlpException("an account change is a list of 3 items");
      }
      accounts.add(new AccountChange(Address.of(item.get(0).bytes()), account(item.get(1).bytes()),
          account(item.get(2).bytes())));
    }
    List<SlotChange> slots = new ArrayList<>();
    for (RlpSlice item : root.get(2).items()) {
      if (!item.isList() || item.size() != 4) {
        throw new RlpException("a slot change is a list of 4 items");
      }
      slots.add(new SlotChange(Address.of(item.get(0).bytes()), Hash.of(item.get(1).bytes()),
          Words.fromTrimmed(item.get(2).bytes()), Words.fromTrimmed(item.get(3).bytes())));
    }
    return new StateDiff(root.get(0).asLong(), accounts, slots);
  }
}
