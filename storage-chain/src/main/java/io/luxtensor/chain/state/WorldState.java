package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A mutable world state over the head of a {@link StateStore}: changes to accounts, storage slots
 * and code are buffered in memory, reads see them (read-your-writes) and fall through to the
 * store's head otherwise. {@link #commit} writes them all as the next height in one atomic batch;
 * {@link #rollback} drops them.
 *
 * <p>Not thread-safe: one thread at a time. Several world states may be open on one store; the
 * first to commit wins and the others get {@link StateConflictException} on commit. After a
 * commit the world state continues on the new head, empty of changes. Slot keys and values are
 * 32-byte words ({@link Words}); setting a slot to {@link Hash#ZERO} deletes it.
 */
public final class WorldState {

  /** The buffered changes of one account. */
  static final class Edit {
    /** The account as it will be, storage root aside; null if it will not exist. */
    Account account;
    /** Whether all storage the account had at the base is dropped (deleted, maybe re-created since). */
    boolean wiped;
    /** Slots written since the base (or since the wipe), ZERO for deleted. */
    final Map<Hash, Hash> slots = new HashMap<>();
    /** Code deployed in this block, with {@link #account}'s code hash. */
    byte[] code;
    /** The account's key in the state trie once a commit hashed it ({@link CommitWriter#trieKey}). */
    byte[] trieKey;
  }

  private final StateStore store;
  private long baseHeight;
  private Hash baseRoot;
  private final TreeMap<Address, Edit> edits = new TreeMap<>();

  WorldState(StateStore store, long baseHeight, Hash baseRoot) {
    this.store = store;
    this.baseHeight = baseHeight;
    this.baseRoot = baseRoot;
  }

  /** The head height this world state builds on; -1 for an empty store. */
  public long baseHeight() {
    return baseHeight;
  }

  /** The state root this world state builds on. */
  public Hash baseRoot() {
    return baseRoot;
  }

  /** Whether any change is buffered. */
  public boolean hasChanges() {
    return !edits.isEmpty();
  }

  /** The account at {@code address} with the buffered changes; its storage root is the committed one. */
  public Optional<Account> account(Address address) {
    Edit edit = edits.get(address);
    if (edit != null) {
      return Optional.ofNullable(edit.account);
    }
    return store.account(address);
  }

  /** Whether the account exists. */
  public boolean exists(Address address) {
    return account(address).isPresent();
  }

  /** The balance; zero for an absent account. */
  public BigInteger balance(Address address) {
    return account(address).map(Account::balance).orElse(BigInteger.ZERO);
  }

  /** The nonce; zero for an absent account. */
  public long nonce(Address address) {
    return account(address).map(Account::nonce).orElse(0L);
  }

  /** The slot's value with the buffered changes; {@link Hash#ZERO} if unset. */
  public Hash storage(Address address, Hash slot) {
    Objects.requireNonNull(slot, "slot");
    Edit edit = edits.get(address);
    if (edit != null) {
      Hash written = edit.slots.get(slot);
      if (written != null) {
        return written;
      }
      if (edit.wiped || edit.account == null) {
        return Hash.ZERO;
      }
    }
    return store.storage(address, slot);
  }

  /** The account's code; empty if none. */
  public byte[] code(Address address) {
    Edit edit = edits.get(address);
    if (edit != null && edit.code != null) {
      return edit.code.clone();
    }
    return account(address).map(a -> store.code(a.codeHash())).orElse(new byte[0]);
  }

  private Edit edit(Address address) {
    Objects.requireNonNull(address, "address");
    return edits.computeIfAbsent(address, a -> {
      Edit edit = new Edit();
      edit.account = store.account(a).orElse(null);
      return edit;
    });
  }

  /** The account being edited, created empty if it does not exist. */
  private Edit existing(Address address) {
    Edit edit = edit(address);
    if (edit.account == null) {
      edit.account = Account.EMPTY;
    }
    return edit;
  }

  /** Creates the account, empty, if it does not exist; does nothing otherwise. */
  public void createAccount(Address address) {
    existing(address);
  }

  /**
   * Sets the balance, creating the account if needed.
   *
   * @throws IllegalArgumentException if {@code balance} is negative or at least 2^256
   */
  public void setBalance(Address address, BigInteger balance) {
    Edit edit = existing(address);
    edit.account = edit.account.withBalance(balance);
  }

  /**
   * Sets the nonce, creating the account if needed.
   *
   * @throws IllegalArgumentException if {@code nonce} is negative
   */
  public void setNonce(Address address, long nonce) {
    Edit edit = existing(address);
    edit.account = edit.account.withNonce(nonce);
  }

  /** Sets a storage slot ({@link Hash#ZERO} deletes it), creating the account if needed. */
  public void setStorage(Address address, Hash slot, Hash value) {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(value, "value");
    existing(address).slots.put(slot, value);
  }

  /** Deploys {@code code} at {@code address} (empty removes the code), creating the account if needed. */
  public void setCode(Address address, byte[] code) {
    Edit edit = existing(address);
    edit.code = code.clone();
    edit.account = edit.account.withCodeHash(code.length == 0 ? Hash.EMPTY_CODE_HASH : Hash.keccak256(code));
  }

  /** Deletes the account with all its storage; does nothing to an absent account. */
  public void deleteAccount(Address address) {
    Edit edit = edit(address);
    edit.account = null;
    edit.wiped = true;
    edit.slots.clear();
    edit.code = null;
  }

  /**
   * Moves {@code amount} from {@code from} to {@code to} and increments the sender's nonce, as a
   * value transfer does; {@code to} is created if it does not exist.
   *
   * @throws InsufficientBalanceException if {@code from} holds less than {@code amount}; nothing changes
   * @throws InvalidNonceException if the sender's nonce cannot grow further; nothing changes
   * @throws IllegalArgumentException if {@code amount} is negative or the credit would overflow 2^256
   */
  public void transfer(Address from, Address to, BigInteger amount) {
    transfer(from, to, amount, nonce(from));
  }

  /**
   * {@link #transfer(Address, Address, BigInteger)} for a transaction signed with
   * {@code expectedNonce}, which must be the sender's current nonce.
   *
   * @throws InvalidNonceException if the sender's nonce is not {@code expectedNonce}; nothing changes
   */
  public void transfer(Address from, Address to, BigInteger amount, long expectedNonce) {
    Objects.requireNonNull(to, "to");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a transfer amount must not be negative, got " + amount);
    }
    BigInteger fromBalance = balance(from);
    long fromNonce = nonce(from);
    if (fromNonce != expectedNonce || fromNonce == Long.MAX_VALUE) {
      throw new InvalidNonceException(from, expectedNonce, fromNonce);
    }
    if (fromBalance.compareTo(amount) < 0) {
      throw new InsufficientBalanceException(from, fromBalance, amount);
    }
    BigInteger credited = (from.equals(to) ? fromBalance.subtract(amount) : balance(to)).add(amount);
    if (credited.compareTo(Account.MAX_BALANCE) > 0) {
      throw new IllegalArgumentException("crediting " + amount + " to " + to + " would overflow 2^256");
    }
    setBalance(from, fromBalance.subtract(amount));
    setNonce(from, fromNonce + 1);
    setBalance(to, credited);
  }

  /** Drops every buffered change. */
  public void rollback() {
    edits.clear();
  }

  /**
   * Writes the buffered changes as {@code height} of block {@code blockHash}: the trie nodes, then
   * the height's diff and its root in one atomic batch, which makes the height exist (with the flat
   * rows of the oldest diff layer when this height pushes it below the depth, see
   * {@link StateConfig#diffLayers}); returns the new state root. The world state then continues on
   * the new head with no changes. A commit with no changes still records the height (with the
   * unchanged root).
   *
   * @throws IllegalArgumentException if {@code height} is not the head's height plus one (any
   *     non-negative height for the first commit to an empty store)
   * @throws StateConflictException if the store's head moved since this world state's base
   */
  public Hash commit(long height, Hash blockHash) {
    Objects.requireNonNull(blockHash, "blockHash");
    Hash root = store.commit(this, height, blockHash);
    edits.clear();
    baseHeight = height;
    baseRoot = root;
    return root;
  }

  /** The buffered changes by address, in address order; for the store's commit. */
  TreeMap<Address, Edit> edits() {
    return edits;
  }
}
