package io.luxtensor.storage.postgres;

import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.OverlayCursor;
import io.luxtensor.storage.spi.TransactionWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * An optimistic transaction: a {@code REPEATABLE READ} transaction (the API's snapshot isolation)
 * held open on one connection of the views pool, its snapshot taken at begin. Reads run in it, so they see the store as of the begin;
 * writes are buffered here (so that a cursor does not see the transaction's later writes) and sent at
 * {@link #commit()}, with the commit, as one batch. A count is one statement all the same: the server
 * counts the range less the keys the transaction wrote in it, and the transaction adds those it
 * holds a value for (not those it deleted). A serialization failure (SQLSTATE 40001, which is
 * also how PostgreSQL reports that another writer changed a row this transaction writes) or a deadlock
 * (40P01) becomes a {@link io.luxtensor.storage.TransactionConflictException}, and nothing is applied.
 * One thread at a time, like every transaction.
 */
final class PostgresTransaction implements EngineTransaction {

  private final ViewSession session;
  private final PostgresEngine engine;
  private final TransactionWrites writes = new TransactionWrites();

  PostgresTransaction(ViewSession session, PostgresEngine engine) {
    this.session = session;
    this.engine = engine;
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return writes.get(cf, key, (family, k) -> session.run("reading a key of " + family.name() + " in a transaction",
        c -> Reads.get(c, (PgColumnFamily) family, k)));
  }

  @Override
  public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) {
    return writes.cursor(cf, PageCursor.open(session, false, (PgColumnFamily) cf, bounds, engine.pageSize()));
  }

  /**
   * The keys within {@code bounds} as the transaction sees them, in one statement: the server's count
   * of the range without the keys the transaction wrote there, plus those of its writes that are puts.
   */
  @Override
  public long count(EngineColumnFamily cf, Bounds bounds) {
    PgColumnFamily family = (PgColumnFamily) cf;
    String what = "counting keys of " + cf.name() + " in a transaction";
    NavigableMap<byte[], byte[]> own = writes.isEmpty() ? null : writes.byColumnFamily().get(cf);
    if (own != null) {
      own = bounds.lower() == null ? own : own.tailMap(bounds.lower(), true);
      own = bounds.upper() == null ? own : own.headMap(bounds.upper(), false);
    }
    if (own == null || own.isEmpty()) {
      return session.run(what, c -> Reads.count(c, family, bounds));
    }
    List<byte[]> written = new ArrayList<>(own.keySet());
    long puts = own.values().stream().filter(value -> value != OverlayCursor.DELETED).count();
    return puts + session.run(what, c -> Reads.countExcept(c, family, bounds, written));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    writes.put(cf, key, value);
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    writes.delete(cf, key);
  }

  @Override
  public void commit() {
    BatchPlan plan = BatchPlan.of(writes.asBatch());
    for (EngineColumnFamily cf : writes.asBatch().columnFamilies()) {
      ((PgColumnFamily) cf).checkNotDropped();
    }
    engine.commitTransaction(session, plan);
  }

  @Override
  public void rollback() {
    session.close();
  }

  @Override
  public void close() {
    session.close();
  }
}
