package io.luxtensor.storage.postgres;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot: a {@code REPEATABLE READ READ ONLY} transaction held open on one connection of the views
 * pool until {@link #close()}. Its reads and its cursors' pages all run in that transaction, so they
 * see the store as of the snapshot's creation. Thread-safe: readers share the connection, one
 * statement at a time. The decorator closes the snapshot's cursors before the snapshot.
 */
final class PostgresSnapshot implements EngineSnapshot {

  private final ViewSession session;
  private final int pageSize;

  PostgresSnapshot(ViewSession session, int pageSize) {
    this.session = session;
    this.pageSize = pageSize;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return session.run("reading a key of " + cf.name() + " in a snapshot", c -> Reads.get(c, family, key));
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return session.run("reading keys of " + cf.name() + " in a snapshot", c -> Reads.getMany(c, family, keys));
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    return session.run("reading keys in a snapshot", c -> {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        values.add(Reads.get(c, (PgColumnFamily) families.get(i), keys.get(i)));
      }
      return values;
    });
  }

  /** One {@code SELECT count(*)} in the snapshot's transaction. */
  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    PgColumnFamily family = (PgColumnFamily) cf;
    return session.run("counting keys of " + cf.name() + " in a snapshot", c -> Reads.count(c, family, bounds));
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return PageCursor.open(session, false, (PgColumnFamily) cf, bounds, pageSize);
  }

  @Override
  public void close() {
    session.close();
  }
}
