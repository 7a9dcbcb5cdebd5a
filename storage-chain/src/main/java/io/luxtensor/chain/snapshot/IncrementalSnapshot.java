package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateDiff;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.WorldState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Incremental snapshots: the heights from A (exclusive) to B (inclusive) of a source state store
 * as its stored diffs, applied on top of a store whose head is A (a full snapshot of A imported,
 * or the same chain). Each height is replayed as one commit of the target and its root must equal
 * the source's root of that height; the first mismatch rolls the target back to A and throws, so
 * the target ends either at B with B's root or at A.
 *
 * <p>Wire form: a header (magic, version, A, A's root, B), then per height its root, block hash,
 * the accounts it changed with their values after it, the code those accounts newly name and the
 * slots it changed with their values after it. Values before a change are not sent: the target
 * has them. Stateless; the caller owns the streams.
 */
public final class IncrementalSnapshot {

  private static final int MAGIC = 0x4c585349; // "LXSI"
  private static final int VERSION = 1;
  /** Bounds any one length read from the stream before it is checked by a root. */
  private static final int MAX_ITEM = 64 << 20;

  private IncrementalSnapshot() {}

  /**
   * Writes the heights above {@code from} up to {@code to} of {@code source} to {@code out} (not
   * closed). The heights must be kept (not pruned) while this runs.
   *
   * @throws SnapshotException if a height in [from, to] is not kept
   * @throws IllegalArgumentException if {@code to < from}
   */
  public static void write(StateStore source, long from, long to, OutputStream out) throws IOException {
    Objects.requireNonNull(source, "source");
    if (to < from) {
      throw new IllegalArgumentException("an incremental snapshot goes up: from " + from + " to " + to);
    }
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeLong(from);
    data.write(committed(source, from).root().bytes());
    data.writeLong(to);
    for (long h = from + 1; h <= to; h++) {
      StateStore.CommittedHeight height = committed(source, h);
      long at = h;
      StateDiff diff = source.diff(h).orElseThrow(() -> new SnapshotException("the diff of height " + at
          + " is not kept; export a full snapshot instead"));
      data.write(height.root().bytes());
      data.write(height.blockHash().bytes());
      Map<Hash, byte[]> codes = new HashMap<>();
      data.writeInt(diff.accounts().size());
      for (StateDiff.AccountChange change : diff.accounts()) {
        data.write(change.address().bytes());
        byte[] after = change.after().map(Account::encode).orElse(new byte[0]);
        data.writeInt(after.length);
        data.write(after);
        Hash codeHash = change.after().map(Account::codeHash).orElse(Hash.EMPTY_CODE_HASH);
        if (!codeHash.equals(Hash.EMPTY_CODE_HASH)
            && !codeHash.equals(change.before().map(Account::codeHash).orElse(Hash.EMPTY_CODE_HASH))) {
          codes.put(codeHash, source.code(codeHash));
        }
      }
      data.writeInt(codes.size());
      for (byte[] code : codes.values()) {
        data.writeInt(code.length);
        data.write(code);
      }
      data.writeInt(diff.slots().size());
      for (StateDiff.SlotChange change : diff.slots()) {
        data.write(change.address().bytes());
        data.write(change.slot().bytes());
        data.write(change.after().bytes());
      }
    }
    data.flush();
  }

  private static StateStore.CommittedHeight committed(StateStore source, long height) {
    return source.committed(height).orElseThrow(() -> new SnapshotException("height " + height
        + " is not kept in the source store"));
  }

  /**
   * Applies an incremental snapshot from {@code in} to {@code target}, whose head must be the
   * snapshot's starting height with its root; returns the new head root.
   *
   * @throws SnapshotException if the target's head does not match, the stream is malformed or a
   *     height's root does not match (the target is rolled back to the starting height)
   */
  public static Hash apply(StateStore target, InputStream in) throws IOException {
    Objects.requireNonNull(target, "target");
    DataInputStream data = new DataInputStream(in);
    long from;
    long to;
    Hash fromRoot;
    try {
      if (data.readInt() != MAGIC || data.readInt() != VERSION) {
        throw new SnapshotException("not a version " + VERSION + " incremental snapshot");
      }
      from = data.readLong();
      fromRoot = Hash.of(data.readNBytes(32));
      to = data.readLong();
    } catch (EOFException | IllegalArgumentException e) {
      throw new SnapshotException("the incremental snapshot's header is truncated or malformed", e);
    }
    if (target.headHeight().orElse(-1) != from || !target.headRoot().equals(fromRoot)) {
      throw new SnapshotException("the incremental snapshot starts at height " + from + " with root " + fromRoot
          + " but the target's head is height " + target.headHeight().orElse(-1) + " with root " + target.headRoot()
          + "; import the full snapshot of height " + from + " first");
    }
    try {
      for (long h = from + 1; h <= to; h++) {
        applyHeight(target, h, data);
      }
    } catch (EOFException | RuntimeException e) {
      if (target.headHeight().orElse(-1) > from) {
        target.rollbackTo(from);
      }
      if (e instanceof SnapshotException snapshot) {
        throw snapshot;
      }
      throw new SnapshotException("the incremental snapshot is truncated or malformed (" + e
          + "); the target was rolled back to height " + from, e);
    }
    return target.headRoot();
  }

  private static void applyHeight(StateStore target, long height, DataInputStream data) throws IOException {
    Hash root = Hash.of(data.readNBytes(32));
    Hash blockHash = Hash.of(data.readNBytes(32));
    WorldState world = target.begin();
    int accountCount = count(data);
    Map<Address, Optional<Account>> accounts = new HashMap<>();
    for (int i = 0; i < accountCount; i++) {
      Address address = Address.of(data.readNBytes(Address.LENGTH));
      byte[] after = data.readNBytes(length(data));
      try {
        accounts.put(address, after.length == 0 ? Optional.empty() : Optional.of(Account.decode(after)));
      } catch (RlpException e) {
        throw new SnapshotException("height " + height + " holds a malformed account " + address, e);
      }
    }
    int codeCount = count(data);
    Map<Hash, byte[]> codes = new HashMap<>();
    for (int i = 0; i < codeCount; i++) {
      byte[] code = data.readNBytes(length(data));
      codes.put(Hash.keccak256(code), code);
    }
    Set<Address> deleted = new HashSet<>();
    accounts.forEach((address, after) -> {
      if (after.isEmpty()) {
        world.deleteAccount(address);
        deleted.add(address);
        return;
      }
      Account account = after.get();
      Hash currentCode = world.account(address).map(Account::codeHash).orElse(Hash.EMPTY_CODE_HASH);
      world.setNonce(address, account.nonce());
      world.setBalance(address, account.balance());
      if (!currentCode.equals(account.codeHash())) {
        byte[] code = account.codeHash().equals(Hash.EMPTY_CODE_HASH) ? new byte[0] : codes.get(account.codeHash());
        if (code == null) {
          throw new SnapshotException("height " + height + " changes the code of " + address
              + " but does not carry code " + account.codeHash());
        }
        world.setCode(address, code);
      }
    });
    int slotCount = count(data);
    for (int i = 0; i < slotCount; i++) {
      Address address = Address.of(data.readNBytes(Address.LENGTH));
      Hash slot = Hash.of(data.readNBytes(32));
      Hash after = Hash.of(data.readNBytes(32));
      if (!deleted.contains(address)) {
        world.setStorage(address, slot, after);
      }
    }
    Hash rebuilt = world.commit(height, blockHash);
    if (!rebuilt.equals(root)) {
      throw new SnapshotException("height " + height + " of the incremental snapshot rebuilds state root " + rebuilt
          + ", not the source's " + root + "; the target was rolled back");
    }
  }

  private static int count(DataInputStream data) throws IOException {
    int count = data.readInt();
    if (count < 0 || count > MAX_ITEM) {
      throw new SnapshotException("the incremental snapshot holds a count of " + count);
    }
    return count;
  }

  private static int length(DataInputStream data) throws IOException {
    int length = data.readInt();
    if (length < 0 || length > MAX_ITEM) {
      throw new SnapshotException("the incremental snapshot holds an item of " + length + " bytes");
    }
    return length;
  }
}
