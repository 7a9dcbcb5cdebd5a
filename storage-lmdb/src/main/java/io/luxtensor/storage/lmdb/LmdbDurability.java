package io.luxtensor.storage.lmdb;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;

/**
 * Chooses, per write transaction, between LMDB's asynchronous and fully synced commit.
 *
 * <p>The environment opens with {@code MDB_NOSYNC}: a commit reaches the page cache only, which a
 * killed process cannot undo. For a synced write the flag is cleared for that one commit
 * ({@code mdb_env_set_flags}, allowed at run time for this flag), so LMDB runs its own ordered protocol:
 * fsync the data pages, then write the meta page synchronously. That ordering is what keeps the file
 * consistent after a power loss; one {@code fsync} after a {@code MDB_NOSYNC} commit would flush data
 * and meta page in no particular order. Writers are serialized by the engine, so the flag never
 * changes under another commit of this process (other processes have their own flags).
 *
 * <p>lmdbjava 0.9.3 does not expose {@code mdb_env_set_flags}; it is reached through lmdbjava's
 * package-private binding. If that binding is not found, synced writes fall back to commit then
 * {@code mdb_env_sync}: durable once they return, without the ordering guarantee on power loss.
 */
final class LmdbDurability {

  private static final MethodHandle SET_FLAGS = findSetFlags();

  private final Env<ByteBuffer> env;
  private final String where;

  LmdbDurability(Env<ByteBuffer> env, String where) {
    this.env = env;
    this.where = where;
  }

  /** Whether synced commits use LMDB's ordered protocol rather than the fallback. */
  static boolean ordered() {
    return SET_FLAGS != null;
  }

  /**
   * Runs {@code commit} as a fully synced commit. Called under the engine's writer lock, with no
   * other write transaction of this process open.
   */
  void syncedCommit(Runnable commit) {
    if (SET_FLAGS == null) {
      commit.run();
      sync();
      return;
    }
    setNoSync(false);
    try {
      commit.run();
    } finally {
      setNoSync(true);
    }
  }

  /** Forces every committed transaction to disk. */
  void sync() {
    try {
      env.sync(true);
    } catch (LmdbException e) {
      throw LmdbErrors.map(e, "sync", where);
    }
  }

  private void setNoSync(boolean on) {
    int rc;
    try {
      rc = (int) SET_FLAGS.invoke(env, EnvFlags.MDB_NOSYNC.getMask(), on ? 1 : 0);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("mdb_env_set_flags failed", e);
    }
    if (rc != 0) {
      throw new IllegalStateException("mdb_env_set_flags(MDB_NOSYNC, " + on + ") returned " + rc);
    }
  }

  /** {@code (Env, int flags, int onoff) -> int} over lmdbjava's native binding, or null. */
  private static MethodHandle findSetFlags() {
    try {
      Class<?> library = Class.forName("org.lmdbjava.Library");
      Field libField = library.getDeclaredField("LIB");
      libField.setAccessible(true);
      Method pointer = Env.class.getDeclaredMethod("pointer");
      pointer.setAccessible(true);
      Class<?> lmdb = Class.forName("org.lmdbjava.Library$Lmdb");
      Method setFlags = lmdb.getMethod("mdb_env_set_flags", pointer.getReturnType(), int.class, int.class);
      setFlags.setAccessible(true);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle call = lookup.unreflect(setFlags).bindTo(libField.get(null));
      MethodHandle envPointer = lookup.unreflect(pointer);
      return MethodHandles.filterArguments(call, 0, envPointer)
          .asType(MethodType.methodType(int.class, Env.class, int.class, int.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
