package io.luxtensor.storage;

/** A column family that does not exist (never created, dropped, or of another store) was used. */
public final class UnknownColumnFamilyException extends StorageException {

  private final String columnFamily;

  public UnknownColumnFamilyException(String columnFamily, String message) {
    super(message);
    this.columnFamily = columnFamily;
  }

  /** The name of the column family that was asked for. */
  public String columnFamily() {
    return columnFamily;
  }
}
