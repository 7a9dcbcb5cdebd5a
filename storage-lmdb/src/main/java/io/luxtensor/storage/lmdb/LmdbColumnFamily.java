package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.nio.ByteBuffer;
import org.lmdbjava.Dbi;

/**
 * A column family: one named LMDB database. {@code generation} orders creations against snapshots,
 * so a snapshot taken before the family existed reads it as empty instead of handing LMDB a handle its
 * transaction has never seen.
 */
final class LmdbColumnFamily implements EngineColumnFamily {

  private final String name;
  private final Dbi<ByteBuffer> dbi;
  private final long generation;
  private final EntryCheck check;
  private volatile boolean dropped;

  /** {@code where} is the store's location, for the messages of {@link #check()}. */
  LmdbColumnFamily(String name, Dbi<ByteBuffer> dbi, long generation, String where) {
    this.name = name;
    this.dbi = dbi;
    this.generation = generation;
    this.check = new EntryCheck(name, where);
  }

  @Override
  public String name() {
    return name;
  }

  Dbi<ByteBuffer> dbi() {
    return dbi;
  }

  long generation() {
    return generation;
  }

  /** Checks this family's entries as they are read. */
  EntryCheck check() {
    return check;
  }

  boolean isDropped() {
    return dropped;
  }

  /** Called with the map held exclusively, so no reader is between its dropped check and its use of the handle. */
  void markDropped() {
    dropped = true;
  }

  /** Throws when the family was dropped; LMDB reuses a dropped database's handle slot for the next one created. */
  void checkLive() {
    if (dropped) {
      throw new UnknownColumnFamilyException(name, "column family \"" + name
          + "\" was dropped; create it again with createColumnFamily and use the new handle");
    }
  }

  @Override
  public String toString() {
    return "LmdbColumnFamily[" + name + (dropped ? ", dropped]" : "]");
  }
}
