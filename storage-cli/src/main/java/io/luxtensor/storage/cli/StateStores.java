package io.luxtensor.storage.cli;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.state.Account;
import io.luxtensor.chain.state.StateLayout;
import io.luxtensor.chain.state.StateStore;
import io.luxtensor.chain.state.StateUnavailableException;
import io.luxtensor.chain.state.StateView;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opening an existing state store and choosing the height to read, for the {@code chain} state queries. Stateless. */
final class StateStores {

  private StateStores() {}

  /**
   * Whether {@code kv} holds a state store: every state family but {@link StateLayout#META}, which
   * stores written before it existed lack (the state store opens them, read-only too).
   */
  static boolean holdsState(KeyValueStore kv) {
    List<String> families = kv.columnFamilies().stream().map(ColumnFamily::name).toList();
    return StateStore.COLUMN_FAMILIES.stream().allMatch(name -> name.equals(StateLayout.META) || families.contains(name));
  }

  /** Checks that {@code kv} holds a state store, so that a read-only open does not try to create one. */
  static StateStore open(KeyValueStore kv, StoreOptions options) {
    if (!holdsState(kv)) {
      throw new CliException(ExitCode.NOT_FOUND, "the store at " + options.path + " holds no state store;"
          + " build one with 'luxdb demo --path DIR' (it applies the synthetic chain's transfers)");
    }
    return StateStore.open(kv);
  }

  /** The state at {@code height}, or at the head when it is null; not found when that height is not kept. */
  static StateView view(StateStore state, Long height, StoreOptions options) {
    if (state.headHeight().isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "the state store at " + options.path + " has no committed height yet");
    }
    if (height == null) {
      return state.head();
    }
    try {
      return state.at(height);
    } catch (StateUnavailableException e) {
      throw new CliException(ExitCode.NOT_FOUND, "height " + height + " is not kept in the state store at " + options.path
          + ": it holds heights " + state.oldestHeight().orElse(-1) + ".." + state.headHeight().orElse(-1), e);
    }
  }

  /** A 20-byte address given as hex, or a usage error saying what an address looks like. */
  static Address address(String text) {
    try {
      return Address.fromHex(text);
    } catch (RuntimeException e) {
      throw new CliException(ExitCode.USAGE, "address \"" + text + "\" is not a 20-byte address: give 40 hex digits,"
          + " optionally after 0x", e);
    }
  }

  /** A storage slot as up to 64 hex digits (optionally after 0x), left-padded to 32 bytes as in eth_getProof. */
  static Hash slot(String text) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (digits.isEmpty() || digits.length() > 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new CliException(ExitCode.USAGE, "slot \"" + text + "\" is not a storage slot: give 1 to 64 hex digits,"
          + " optionally after 0x");
    }
    return Hash.fromHex("0x" + "0".repeat(64 - digits.length()) + digits);
  }

  static Map<String, Object> account(Account a) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("nonce", a.nonce());
    o.put("balance", a.balance().toString());
    o.put("storageHash", a.storageRoot().toHex());
    o.put("codeHash", a.codeHash().toHex());
    return o;
  }
}
