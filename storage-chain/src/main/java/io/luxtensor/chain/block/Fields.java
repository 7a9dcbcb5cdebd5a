package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpSlice;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of the fields of an RLP list, so callers need no cast per field; each failure is
 * a {@link BlockFormatException} naming the structure and the field. Immutable and thread-safe.
 */
final class Fields {

  private final String structure;
  private final RlpSlice list;
  private final List<RlpSlice> items;

  private Fields(String structure, RlpSlice list) {
    this.structure = structure;
    this.list = list;
    this.items = list.items();
  }

  /** The fields of {@code item}, which must be a list; {@code structure} names it in errors. */
  static Fields of(String structure, RlpSlice item) {
    if (!item.isList()) {
      throw new BlockFormatException(structure + " must be an RLP list, found a byte string");
    }
    return new Fields(structure, item);
  }

  String structure() {
    return structure;
  }

  int size() {
    return items.size();
  }

  RlpSlice slice() {
    return list;
  }

  RlpSlice item(int index) {
    return items.get(index);
  }

  /** Fails unless the structure has exactly {@code expected} fields. */
  Fields requireSize(int expected) {
    if (items.size() != expected) {
      throw new BlockFormatException(structure + " must have " + expected + " fields, found " + items.size());
    }
    return this;
  }

  byte[] bytes(int index, String name) {
    return string(index, name).bytes();
  }

  byte[] bytes(int index, String name, int length) {
    RlpSlice s = string(index, name);
    if (s.length() != length) {
      throw new BlockFormatException(structure + " field " + name + " must be " + length + " bytes, found "
          + s.length());
    }
    return s.bytes();
  }

  Hash hash(int index, String name) {
    return Hash.of(bytes(index, name, Hash.LENGTH));
  }

  Address address(int index, String name) {
    return Address.of(bytes(index, name, Address.LENGTH));
  }

  /** A recipient: 20 bytes, or empty for a contract creation. */
  Optional<Address> optionalAddress(int index, String name) {
    RlpSlice s = string(index, name);
    if (s.length() == 0) {
      return Optional.empty();
    }
    if (s.length() != Address.LENGTH) {
      throw new BlockFormatException(structure + " field " + name + " must be empty or 20 bytes, found "
          + s.length());
    }
    return Optional.of(Address.of(s.bytes()));
  }

  /** An unsigned integer of at most {@code maxBytes} bytes. */
  BigInteger uint(int index, String name, int maxBytes) {
    try {
      return string(index, name).asBigInteger(maxBytes);
    } catch (RlpException e) {
      throw new BlockFormatException(structure + " field " + name + " is not a canonical integer of at most "
          + maxBytes + " bytes: " + e.getMessage(), e);
    }
  }

  BigInteger uint256(int index, String name) {
    return uint(index, name, 32);
  }

  /** A uint64, in a {@code long} with unsigned meaning. */
  long uint64(int index, String name) {
    try {
      return string(index, name).asLong();
    } catch (RlpException e) {
      throw new BlockFormatException(structure + " field " + name + " is not a canonical uint64: "
          + e.getMessage(), e);
    }
  }

  /** A uint64 that must also fit a signed {@code long} (heights, which are keys). */
  long int63(int index, String name) {
    long value = uint64(index, name);
    if (value < 0) {
      throw new BlockFormatException(structure + " field " + name + " = " + Long.toUnsignedString(value)
          + " exceeds 2^63-1");
    }
    return value;
  }

  Fields listAt(int index, String name) {
    RlpSlice item = items.get(index);
    if (!item.isList()) {
      throw new BlockFormatException(structure + " field " + name + " must be a list, found a byte string");
    }
    return new Fields(structure + " " + name, item);
  }

  private RlpSlice string(int index, String name) {
    RlpSlice item = items.get(index);
    if (item.isList()) {
      throw new BlockFormatException(structure + " field " + name + " must be a byte string, found a list");
    }
    return item;
  }
}
