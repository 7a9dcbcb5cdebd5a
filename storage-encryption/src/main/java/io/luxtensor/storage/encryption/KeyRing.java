package io.luxtensor.storage.encryption;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data keys of a store: the current one, which encrypts every new value, and retired ones whose
 * values a rotation is still re-encrypting. Immutable: a rotation makes a new ring.
 *
 * @param current the key new values are encrypted under
 * @param keys every key values may still carry, by id, the current one included
 */
record KeyRing(DataKey current, Map<Integer, DataKey> keys) {

  KeyRing {
    keys = Map.copyOf(keys);
    if (keys.get(current.id()) != current) {
      throw new IllegalArgumentException("the current key " + current.id() + " is not in the ring " + keys.keySet());
    }
  }

  /** A ring of one fresh key. */
  static KeyRing fresh() {
    DataKey key = DataKey.of(1, Gcm.random(DataKey.BYTES));
    return new KeyRing(key, Map.of(key.id(), key));
  }

  /** This ring plus a fresh key that becomes current; the others are retired. */
  KeyRing withNewCurrent() {
    int id = keys.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    DataKey key = DataKey.of(id, Gcm.random(DataKey.BYTES));
    Map<Integer, DataKey> next = new TreeMap<>(keys);
    next.put(id, key);
    return new KeyRing(key, next);
  }

  /** The ring of the current key alone: what is left when no value carries a retired key. */
  KeyRing withoutRetired() {
    return new KeyRing(current, Map.of(current.id(), current));
  }

  /** The ids of the keys that are not current, ascending. */
  SortedSet<Integer> retiredIds() {
    SortedSet<Integer> ids = new TreeSet<>(keys.keySet());
    ids.remove(current.id());
    return ids;
  }

  @Override
  public String toString() {
    return "KeyRing[current=" + current.id() + ", keys=" + new TreeSet<>(keys.keySet()) + "]";
  }
}
