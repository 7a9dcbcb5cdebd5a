package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import java.util.List;

/**
 * Passes a commit's operations on to the {@link LmdbWriter} and notes what each touches, for the
 * {@link WriteLog}. Used under the writer lock, for one write transaction.
 */
final class RecordingHandler implements EngineBatch.Handler {

  private final EngineBatch.Handler target;
  private final List<WriteLog.Touched> touched;

  RecordingHandler(EngineBatch.Handler target, List<WriteLog.Touched> touched) {
    this.target = target;
    this.touched = touched;
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value) {
    target.put(cf, key, value);
    touched.add(WriteLog.Touched.key((LmdbColumnFamily) cf, key));
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key) {
    target.delete(cf, key);
    touched.add(WriteLog.Touched.key((LmdbColumnFamily) cf, key));
  }

  @Override
  public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) {
    target.deleteRange(cf, from, to);
    touched.add(WriteLog.Touched.range((LmdbColumnFamily) cf, from, to));
  }
}
