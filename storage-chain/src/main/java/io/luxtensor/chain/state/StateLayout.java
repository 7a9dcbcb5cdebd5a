package io.luxtensor.chain.state;

import io.luxtensor.chain.ColumnFamilies;
import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpEncoder;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.ReadOnlyStoreException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The on-disk layout of a {@link StateStore}: its column family names and the encodings of their
 * keys and values. The state store writes its rows through this class, and it is published so
 * that code outside the state store that reads or writes those rows directly (snapshot export
 * and import, tools) uses the same bytes; changing anything here changes the format of existing
 * stores.
 *
 * <table>
 *   <caption>Column families, keys and values</caption>
 *   <tr><th>family</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #ACCOUNTS}</td><td>address</td><td>account RLP ({@link Account#encode})</td></tr>
 *   <tr><td>{@value #STORAGE}</td><td>{@link #slotKey address ‖ slot}</td>
 *       <td>the word without leading zero bytes; an unset slot has no row</td></tr>
 *   <tr><td>{@value #CODE}</td><td>code hash</td><td>code</td></tr>
 *   <tr><td>{@value #TRIE_NODES}</td><td>node hash</td>
 *       <td>node RLP, of the state trie and every storage trie (a storage trie's leaf value is
 *       {@link #storageTrieValue})</td></tr>
 *   <tr><td>{@value #ROOTS}</td><td>{@link #heightKey height}</td>
 *       <td>{@link #rootValue state root ‖ block hash}</td></tr>
 *   <tr><td>{@value #DIFFS}</td><td>height</td><td>{@link StateDiff} RLP ({@link #emptyDiff} for a
 *       height that changed nothing)</td></tr>
 *   <tr><td>{@value #ACCOUNT_HISTORY}</td><td>address ‖ height</td>
 *       <td>the account before that height changed it: its RLP, or no bytes if it did not exist</td></tr>
 *   <tr><td>{@value #STORAGE_HISTORY}</td><td>address ‖ slot ‖ height</td>
 *       <td>the slot before that height changed it, without leading zero bytes (no bytes: unset)</td></tr>
 *   <tr><td>{@value #META}</td><td>{@link #FLAT_HEIGHT}</td>
 *       <td>the {@link #heightKey height} the flat and history rows are written up to; no row: the head</td></tr>
 *   <tr><td>{@value #META}</td><td>{@link #TRIE_HEIGHT}</td>
 *       <td>the {@link #heightKey height} whose trie is the newest written in full; no row: the head</td></tr>
 * </table>
 *
 * <p>The flat tables ({@value #ACCOUNTS}, {@value #STORAGE}) and the history rows hold the state up
 * to the flat height; the heights above it, up to the head, are only in {@value #DIFFS} (their
 * after values are the state at the head). A reader of the flat tables that wants a height above
 * the flat height applies those diffs' after values on top.
 *
 * <p>Ordering: keys compare as unsigned bytes. A height is 8 bytes big-endian, so non-negative
 * heights sort in numeric order: the first {@value #ROOTS} row is the oldest kept height, the
 * last is the head. History keys put the address (and slot) first, so the versions of one
 * account or slot are adjacent in height order, and its value as of height {@code h} is the first
 * history row above {@code h} (or the flat row if there is none).
 *
 * <p>Stateless and thread-safe; every method returns a new array.
 */
public final class StateLayout {

  /** The current accounts, by address. */
  public static final String ACCOUNTS = "StateAccounts";
  /** The current non-zero storage slots, by address ‖ slot. */
  public static final String STORAGE = "StateStorage";
  /** Contract code, by code hash. */
  public static final String CODE = "StateCode";
  /** Trie nodes, by node hash. */
  public static final String TRIE_NODES = "StateTrieNodes";
  /** The root and block hash of every kept height, by height. */
  public static final String ROOTS = "StateRoots";
  /** What every kept height changed, by height. */
  public static final String DIFFS = "StateDiffs";
  /** Accounts' values before each change, by address ‖ height. */
  public static final String ACCOUNT_HISTORY = "StateAccountHistory";
  /** Slots' values before each change, by address ‖ slot ‖ height. */
  public static final String STORAGE_HISTORY = "StateStorageHistory";
  /** Single values about the store, by name: {@link #FLAT_HEIGHT}, {@link #TRIE_HEIGHT}. */
  public static final String META = "StateMeta";

  /** Every state column family, in the order above. */
  public static final List<String> FAMILIES = List.of(ACCOUNTS, STORAGE, CODE, TRIE_NODES, ROOTS, DIFFS,
      ACCOUNT_HISTORY, STORAGE_HISTORY, META);

  /**
   * The families hinted {@link ColumnFamilyHint#LARGE_VALUES}: the trie nodes, branches of up to 532
   * bytes under their hash, never overwritten. On RocksDB their values then live in blob files, and
   * compactions of their random hash keys move keys and references instead of the nodes. The diffs
   * are large too but are not hinted: compressed, a block's diff is a fraction of its nodes, and
   * with the hint the compactions wrote no less (measured, {@code docs/benchmarks.md}).
   */
  public static final Set<String> LARGE_VALUE_FAMILIES = Set.of(TRIE_NODES);

  /** The {@value #META} key of the height the flat tables and history rows are written up to. */
  public static final byte[] FLAT_HEIGHT = "flatHeight".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The {@value #META} key of the height whose trie nodes are the newest written in full; the nodes
   * of the heights above it are held in memory, and rebuilt from their diffs on open.
   */
  public static final byte[] TRIE_HEIGHT = "trieHeight".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Bytes of a height key, and of the height that ends a history key. */
  public static final int HEIGHT_LENGTH = Long.BYTES;
  /** Bytes of a {@value #STORAGE} key: address ‖ slot. */
  public static final int SLOT_KEY_LENGTH = Address.LENGTH + Hash.LENGTH;
  /** Bytes of a {@value #ROOTS} value: state root ‖ block hash. */
  public static final int ROOT_VALUE_LENGTH = 2 * Hash.LENGTH;

  private StateLayout() {}

  /**
   * Handles on every state family of one key-value store, opened as the state store opens them:
   * created where missing, with their hints given. For the state store, and for code that reads and
   * writes its rows directly (snapshots). Immutable; the handles live as long as the key-value store
   * they came from.
   *
   * @param meta null for a read-only store written before the family existed: its flat tables hold
   *     the head
   */
  public record Families(ColumnFamily accounts, ColumnFamily storage, ColumnFamily code, ColumnFamily nodes,
      ColumnFamily roots, ColumnFamily diffs, ColumnFamily accountHistory, ColumnFamily storageHistory,
      ColumnFamily meta) {

    /**
     * The state families of {@code kv}, created where missing, in the order of {@link #FAMILIES}.
     *
     * @throws io.luxtensor.storage.ReadOnlyStoreException if a family other than {@value #META} is
     *     missing and the store is read-only
     */
    public static Families open(KeyValueStore kv) {
      return new Families(family(kv, ACCOUNTS), family(kv, STORAGE), family(kv, CODE), family(kv, TRIE_NODES),
          family(kv, ROOTS), family(kv, DIFFS), family(kv, ACCOUNT_HISTORY), family(kv, STORAGE_HISTORY),
          metaFamily(kv));
    }
  }

  /** The state family {@code name} of {@code kv}, created if missing, with its hints given. */
  private static ColumnFamily family(KeyValueStore kv, String name) {
    return ColumnFamilies.getOrCreate(kv, name,
        LARGE_VALUE_FAMILIES.contains(name) ? Set.of(ColumnFamilyHint.LARGE_VALUES) : Set.of());
  }

  /** The {@value #META} family of {@code kv}, created if missing; null if it is missing from a read-only store. */
  private static ColumnFamily metaFamily(KeyValueStore kv) {
    try {
      return family(kv, META);
    } catch (ReadOnlyStoreException e) {
      return null;
    }
  }

  /** The {@value #ROOTS} and {@value #DIFFS} key of {@code height}: 8 bytes, big-endian. */
  public static byte[] heightKey(long height) {
    return ByteBuffer.allocate(HEIGHT_LENGTH).putLong(height).array();
  }

  /**
   * The height a {@value #ROOTS}, {@value #DIFFS}, {@value #ACCOUNT_HISTORY} or
   * {@value #STORAGE_HISTORY} key ends with: its last 8 bytes, big-endian.
   *
   * @throws IllegalArgumentException if {@code key} is shorter than 8 bytes
   */
  public static long height(byte[] key) {
    if (key.length < HEIGHT_LENGTH) {
      throw new IllegalArgumentException("a key ending with a height has at least 8 bytes, got " + key.length);
    }
    return ByteBuffer.wrap(key, key.length - HEIGHT_LENGTH, HEIGHT_LENGTH).getLong();
  }

  /** The {@value #STORAGE} key of a slot: address ‖ slot. */
  public static byte[] slotKey(Address address, Hash slot) {
    return ByteBuffer.allocate(SLOT_KEY_LENGTH).put(address.bytes()).put(slot.bytes()).array();
  }

  /** The {@value #ACCOUNT_HISTORY} key of the change {@code height} made to an account: address ‖ height. */
  static byte[] accountHistoryKey(Address address, long height) {
    return ByteBuffer.allocate(Address.LENGTH + HEIGHT_LENGTH).put(address.bytes()).putLong(height).array();
  }

  /** The {@value #STORAGE_HISTORY} key of the change {@code height} made to a slot: address ‖ slot ‖ height. */
  static byte[] slotHistoryKey(Address address, Hash slot, long height) {
    return ByteBuffer.allocate(SLOT_KEY_LENGTH + HEIGHT_LENGTH).put(address.bytes()).put(slot.bytes())
        .putLong(height).array();
  }

  /** The {@value #ROOTS} value of a height: state root ‖ block hash. */
  public static byte[] rootValue(Hash root, Hash blockHash) {
    return ByteBuffer.allocate(ROOT_VALUE_LENGTH).put(root.bytes()).put(blockHash.bytes()).array();
  }

  /**
   * The state root in a {@value #ROOTS} value.
   *
   * @throws IllegalArgumentException if {@code rootValue} is not 64 bytes
   */
  public static Hash root(byte[] rootValue) {
    return Hash.of(Arrays.copyOf(requireRootValue(rootValue), Hash.LENGTH));
  }

  /**
   * The block hash in a {@value #ROOTS} value.
   *
   * @throws IllegalArgumentException if {@code rootValue} is not 64 bytes
   */
  public static Hash blockHash(byte[] rootValue) {
    return Hash.of(Arrays.copyOfRange(requireRootValue(rootValue), Hash.LENGTH, ROOT_VALUE_LENGTH));
  }

  private static byte[] requireRootValue(byte[] rootValue) {
    if (rootValue.length != ROOT_VALUE_LENGTH) {
      throw new IllegalArgumentException("a StateRoots value is root ‖ block hash, 64 bytes; got "
          + rootValue.length);
    }
    return rootValue;
  }

  /** The {@value #DIFFS} value of a height that changed nothing (a snapshot's height, for one). */
  public static byte[] emptyDiff(long height) {
    return new StateDiff(height, List.of(), List.of()).encode();
  }

  /**
   * A slot's leaf value in its account's storage trie: the RLP string of the word without its
   * leading zero bytes (the bytes a {@value #STORAGE} row holds).
   */
  public static byte[] storageTrieValue(byte[] trimmedWord) {
    return RlpEncoder.encodeString(trimmedWord);
  }
}
