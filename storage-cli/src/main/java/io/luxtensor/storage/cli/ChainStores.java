package io.luxtensor.storage.cli;

import io.luxtensor.chain.block.Block;
import io.luxtensor.chain.block.BlockStore;
import io.luxtensor.chain.block.Header;
import io.luxtensor.chain.block.Transaction;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyValueStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opening an existing block store and printing its objects, for the {@code chain} queries. Stateless. */
final class ChainStores {

  private ChainStores() {}

  /** Checks that {@code kv} holds a block store, so that a read-only open does not try to create one. */
  static BlockStore open(KeyValueStore kv, StoreOptions options) {
    List<String> families = kv.columnFamilies().stream().map(ColumnFamily::name).toList();
    if (!families.containsAll(BlockStore.COLUMN_FAMILIES)) {
      throw new CliException(ExitCode.NOT_FOUND, "the store at " + options.path + " holds no block store (column"
          + " families " + families + "); import blocks first with 'luxdb chain import'");
    }
    return BlockStore.open(kv);
  }

  /** A 32-byte hash given as hex, or a usage error saying what a hash looks like. */
  static Hash hash(String text, String what) {
    try {
      return Hash.fromHex(text);
    } catch (RuntimeException e) {
      throw new CliException(ExitCode.USAGE, what + " \"" + text + "\" is not a 32-byte hash: give 64 hex digits,"
          + " optionally after 0x", e);
    }
  }

  static Map<String, Object> header(Header h) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("number", h.number());
    o.put("hash", h.hash().toHex());
    o.put("parentHash", h.parentHash().toHex());
    o.put("stateRoot", h.stateRoot().toHex());
    o.put("transactionsRoot", h.transactionsRoot().toHex());
    o.put("receiptsRoot", h.receiptsRoot().toHex());
    o.put("gasUsed", h.gasUsed());
    o.put("gasLimit", h.gasLimit());
    o.put("timestamp", h.timestamp());
    h.baseFeePerGas().ifPresent(fee -> o.put("baseFeePerGas", fee.toString()));
    return o;
  }

  static Map<String, Object> block(Block b) {
    Map<String, Object> o = header(b.header());
    List<Object> txs = new ArrayList<>();
    for (Transaction tx : b.transactions()) {
      txs.add(tx.hash().toHex());
    }
    o.put("transactions", txs);
    o.put("withdrawals", b.withdrawals().map(List::size).orElse(0));
    return o;
  }

  static Map<String, Object> transaction(Transaction tx) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("hash", tx.hash().toHex());
    o.put("type", tx.type());
    o.put("from", tx.sender().toString());
    o.put("to", tx.to().map(Object::toString).orElse(null));
    o.put("nonce", tx.nonce());
    o.put("value", tx.value().toString());
    o.put("gasLimit", tx.gasLimit());
    return o;
  }

  /** Prints an ordered map as aligned "name value" lines. */
  static void print(PrintWriter out, Map<String, Object> o) {
    o.forEach((k, v) -> out.printf("%-18s %s%n", k, v));
  }
}
