package io.luxtensor.chain;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.KeyValueStore;
import java.util.Set;

/**
 * Get-or-create for column families, so that every chain store sets up any engine the same way
 * whether the store is new or reopened.
 *
 * <p>Thread-safe: two threads racing to create the same family both get its handle. Stateless.
 */
public final class ColumnFamilies {

  private ColumnFamilies() {}

  /**
   * The column family {@code name} of {@code store}, created first if the store lacks it.
   *
   * @throws io.luxtensor.storage.ReadOnlyStoreException if it is missing and the store is read-only
   */
  public static ColumnFamily getOrCreate(KeyValueStore store, String name) {
    ColumnFamily existing = find(store, name);
    if (existing != null) {
      return existing;
    }
    try {
      return store.createColumnFamily(name);
    } catch (IllegalArgumentException e) {
      // Another thread created it between our look-up and our create: use theirs.
      ColumnFamily raced = find(store, name);
      if (raced == null) {
        throw e;
      }
      return raced;
    }
  }

  /**
   * {@link #getOrCreate(KeyValueStore, String)}, then {@linkplain KeyValueStore#hint hints} for the
   * family, which the owner gives on every open since stores do not keep them.
   */
  public static ColumnFamily getOrCreate(KeyValueStore store, String name, Set<ColumnFamilyHint> hints) {
    ColumnFamily cf = getOrCreate(store, name);
    store.hint(cf, hints);
    return cf;
  }

  private static ColumnFamily find(KeyValueStore store, String name) {
    for (ColumnFamily cf : store.columnFamilies()) {
      if (cf.name().equals(name)) {
        return cf;
      }
    }
    return null;
  }
}
