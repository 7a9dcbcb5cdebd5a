package io.luxtensor.storage;

/** The argument rules every engine shares, applied once by the decorator and by write batches. */
final class Validator {

  private final Object owner;
  private final String engine;
  private final int maxKeySize;

  Validator(Object owner, String engine, int maxKeySize) {
    this.owner = owner;
    this.engine = engine;
    this.maxKeySize = maxKeySize;
  }

  void checkKey(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("key must not be empty: engines such as LMDB cannot store an empty key; use a non-empty key");
    }
    if (key.length > maxKeySize) {
      throw new InvalidKeyException(key.length, maxKeySize, engine);
    }
  }

  void checkValue(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null; use an empty array for an empty value, or delete the key");
    }
  }

  /** Ownership and liveness, for single operations and reads. */
  void checkColumnFamily(ColumnFamily cf) {
    checkColumnFamilyOwner(cf);
    if (cf.isDropped()) {
      throw new UnknownColumnFamilyException(cf.name(), "column family \"" + cf.name()
          + "\" was dropped; create it again with createColumnFamily and use the new handle");
    }
  }

  /**
   * Ownership only, for batches: whether a family was dropped is decided by the engine, atomically
   * with the write, since a drop may race with it.
   */
  void checkColumnFamilyOwner(ColumnFamily cf) {
    if (cf == null) {
      throw new IllegalArgumentException("column family must not be null; use store.defaultColumnFamily()");
    }
    if (cf.owner() != owner) {
      throw new UnknownColumnFamilyException(cf.name(), "column family \"" + cf.name()
          + "\" belongs to another store; get a handle from this store with columnFamily(\"" + cf.name() + "\")");
    }
  }

  void checkRange(KeyRange range) {
    if (range == null) {
      throw new IllegalArgumentException("range must not be null; use KeyRange.all()");
    }
  }

  void checkDirection(Direction direction) {
    if (direction == null) {
      throw new IllegalArgumentException("direction must not be null");
    }
  }
}
