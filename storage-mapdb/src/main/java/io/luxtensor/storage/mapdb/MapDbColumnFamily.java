package io.luxtensor.storage.mapdb;

import io.luxtensor.storage.spi.EngineColumnFamily;
import org.mapdb.BTreeMap;

/**
 * One column family: a MapDB B-tree from user key to {@link VersionChain}, in unsigned key order.
 * The tree is named by the family's id, not its name, so a family dropped and created again under the
 * same name gets a fresh tree while the old one may still be cleared in the background.
 */
final class MapDbColumnFamily implements EngineColumnFamily {

  private final String name;
  private final long id;
  final BTreeMap<byte[], byte[]> tree;
  /** Set under the engine's write lock, read by batches under the same lock. */
  private volatile boolean dropped;

  MapDbColumnFamily(String name, long id, BTreeMap<byte[], byte[]> tree) {
    this.name = name;
    this.id = id;
    this.tree = tree;
  }

  /** The MapDB collection name of the tree of family {@code id}. */
  static String treeName(long id) {
    return "lux.cf." + id;
  }

  @Override
  public String name() {
    return name;
  }

  long id() {
    return id;
  }

  boolean isDropped() {
    return dropped;
  }

  void markDropped() {
    dropped = true;
  }

  @Override
  public String toString() {
    return "MapDbColumnFamily[" + name + ", tree " + treeName(id) + (dropped ? ", dropped" : "") + "]";
  }
}
