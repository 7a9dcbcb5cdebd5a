package io.luxtensor.storage.postgres;

import io.luxtensor.storage.Keys;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A write batch as the statements that apply it: per column family, its range deletes first, then one
 * upsert or delete per key written (the last write of each key wins). That order gives the batch's
 * result: a range delete removes what earlier writes in the batch put into its range (they are dropped
 * from the plan) and later writes land after it. Each kind of statement goes to the server as one JDBC
 * batch, so a batch costs a few round trips whatever its size. Families are applied in table order and
 * keys in key order, so that concurrent batches lock rows in one order and cannot deadlock each other.
 *
 * <p>Holds copies of nothing: the arrays are the batch's, valid while the batch is. Used by one thread.
 */
final class BatchPlan {

  /** Marks a delete in {@link Family#points}; compared by identity so an empty value stays a value. */
  private static final byte[] DELETED = new byte[0];

  /** The writes to one column family. */
  private static final class Family {
    final List<byte[][]> ranges = new ArrayList<>();
    final NavigableMap<byte[], byte[]> points = new TreeMap<>(Keys.ORDER);
  }

  private final Map<PgColumnFamily, Family> families = new TreeMap<>(Comparator.comparing(PgColumnFamily::table));
  /** The family whose statements run now, to name it when its table turns out to be gone. */
  private PgColumnFamily current;

  private BatchPlan() {}

  /** The plan of {@code batch}, whose column families are all {@link PgColumnFamily}. */
  static BatchPlan of(EngineBatch batch) {
    BatchPlan plan = new BatchPlan();
    batch.forEach(new EngineBatch.Handler() {
      @Override
      public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
        plan.family(cf).points.put(key, value);
      }

      @Override
      public void delete(EngineColumnFamily cf, byte[] key) {
        plan.family(cf).points.put(key, DELETED);
      }

      @Override
      public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
        Family family = plan.family(cf);
        (to == null ? family.points.tailMap(from, true) : family.points.subMap(from, true, to, false)).clear();
        family.ranges.add(new byte[][] {from, to});
      }
    });
    return plan;
  }

  private Family family(EngineColumnFamily cf) {
    return families.computeIfAbsent((PgColumnFamily) cf, f -> new Family());
  }

  /** Whether the plan is a single put or delete, which needs no transaction of its own. */
  boolean isSingleStatement() {
    if (families.size() != 1) {
      return false;
    }
    Family only = families.values().iterator().next();
    return only.ranges.isEmpty() && only.points.size() == 1 || only.points.isEmpty() && only.ranges.size() == 1;
  }

  boolean isEmpty() {
    return families.values().stream().allMatch(f -> f.ranges.isEmpty() && f.points.isEmpty());
  }

  /** The family whose statement failed last, or {@code null}. */
  PgColumnFamily current() {
    return current;
  }

  /** Runs the plan's statements on {@code connection}, inside whatever transaction the caller holds. */
  void apply(Connection connection) throws SQLException {
    for (Map.Entry<PgColumnFamily, Family> entry : families.entrySet()) {
      current = entry.getKey();
      Family family = entry.getValue();
      applyRanges(connection, current, family.ranges);
      applyPoints(connection, current, family.points);
    }
    current = null;
  }

  private static void applyRanges(Connection connection, PgColumnFamily cf, List<byte[][]> ranges) throws SQLException {
    List<byte[][]> bounded = new ArrayList<>();
    for (byte[][] range : ranges) {
      if (range[1] == null) {
        try (PreparedStatement statement = connection.prepareStatement(cf.deleteFrom)) {
          statement.setBytes(1, range[0]);
          statement.executeUpdate();
        }
      } else {
        bounded.add(range);
      }
    }
    if (bounded.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(cf.deleteRange)) {
      if (bounded.size() == 1) {
        statement.setBytes(1, bounded.get(0)[0]);
        statement.setBytes(2, bounded.get(0)[1]);
        statement.executeUpdate();
        return;
      }
      for (byte[][] range : bounded) {
        statement.setBytes(1, range[0]);
        statement.setBytes(2, range[1]);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void applyPoints(Connection connection, PgColumnFamily cf, NavigableMap<byte[], byte[]> points)
      throws SQLException {
    int deletes = 0;
    for (byte[] value : points.values()) {
      if (value == DELETED) {
        deletes++;
      }
    }
    if (deletes > 0) {
      run(connection, cf.delete, points, true, deletes);
    }
    if (deletes < points.size()) {
      run(connection, cf.upsert, points, false, points.size() - deletes);
    }
  }

  /** Runs {@code sql} for the deletes (or the puts) of {@code points}: one statement, or one JDBC batch. */
  private static void run(Connection connection, String sql, NavigableMap<byte[], byte[]> points, boolean deletes, int count)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Iterator<Map.Entry<byte[], byte[]>> it = points.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<byte[], byte[]> point = it.next();
        if ((point.getValue() == DELETED) != deletes) {
          continue;
        }
        statement.setBytes(1, point.getKey());
        if (!deletes) {
          statement.setBytes(2, point.getValue());
        }
        if (count == 1) {
          statement.executeUpdate();
          return;
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }
}
