package io.luxtensor.storage.lmdb;

import io.luxtensor.storage.StorageException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;

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
 * package-private binding ({@link Binding}). When that binding is not found (another lmdbjava version,
 * or lmdbjava on the module path without its package opened), the store refuses to open rather than
 * quietly weakening synced writes: there is no other way to clear the flag for one commit, and
 * reopening without {@code MDB_NOSYNC} would make every write a synced one.
 *
 * <p>Used under the engine's writer lock; {@link #sync()} is thread-safe.
 */
final class LmdbDurability {

  /**
   * The outcome of looking up {@code mdb_env_set_flags}: a handle {@code (Env, int flags, int onoff) ->
   * int}, or the reason it could not be found.
   */
  record Binding(MethodHandle setFlags, Throwable failure) {

    /** The binding of the lmdbjava on the class path, looked up once. */
    static final Binding LMDBJAVA = lookUp("org.lmdbjava.Library");

    /** Looks the native function up on lmdbjava's library class {@code libraryClass}. */
    static Binding lookUp(String libraryClass) {
      try {
        Class<?> library = Class.forName(libraryClass);
        Field libField = library.getDeclaredField("LIB");
        libField.setAccessible(true);
        Method pointer = Env.class.getDeclaredMethod("pointer");
        pointer.setAccessible(true);
        Class<?> lmdb = Class.forName(libraryClass + "$Lmdb");
        Method setFlags = lmdb.getMethod("mdb_env_set_flags", pointer.getReturnType(), int.class, int.class);
        setFlags.setAccessible(true);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle call = lookup.unreflect(setFlags).bindTo(libField.get(null));
        MethodHandle envPointer = lookup.unreflect(pointer);
        return new Binding(MethodHandles.filterArguments(call, 0, envPointer)
            .asType(MethodType.methodType(int.class, Env.class, int.class, int.class)), null);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return new Binding(null, e);
      }
    }
  }

  private final Env<ByteBuffer> env;
  private final String where;
  private final MethodHandle setFlags;

  /** Durability for {@code env} with lmdbjava's binding; see {@link #LmdbDurability(Env, String, Binding)}. */
  LmdbDurability(Env<ByteBuffer> env, String where) {
    this(env, where, Binding.LMDBJAVA);
  }

  /**
   * @throws StorageException when {@code binding} holds no handle: synced writes could not be made
   *     durable in LMDB's order, so the store must not open
   */
  LmdbDurability(Env<ByteBuffer> env, String where, Binding binding) {
    if (binding.setFlags() == null) {
      throw new StorageException("cannot open LMDB store " + where + ": synced writes need mdb_env_set_flags, which "
          + "this engine reaches through lmdbjava's internal binding, and the lookup failed (" + binding.failure()
          + "); use the lmdbjava version this engine is built with (0.9.3) on the class path, or, on the module "
          + "path, open its package to this engine (--add-opens org.lmdbjava/org.lmdbjava=ALL-UNNAMED)", binding.failure());
    }
    this.env = env;
    this.where = where;
    this.setFlags = binding.setFlags();
  }

  /**
   * Runs {@code commit} as a fully synced commit. Called under the engine's writer lock, with no
   * other write transaction of this process open.
   */
  void syncedCommit(Runnable commit) {
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
    } catch (RuntimeException e) {
      throw LmdbErrors.map(e, "sync", where);
    }
  }

  private void setNoSync(boolean on) {
    int rc;
    try {
      rc = (int) setFlags.invoke(env, EnvFlags.MDB_NOSYNC.getMask(), on ? 1 : 0);
    } catch (RuntimeException e) {
      throw LmdbErrors.map(e, "mdb_env_set_flags(MDB_NOSYNC, " + on + ")", where);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new StorageException("mdb_env_set_flags(MDB_NOSYNC, " + on + ") on LMDB store " + where + " failed: " + e, e);
    }
    if (rc != 0) {
      throw new StorageException("mdb_env_set_flags(MDB_NOSYNC, " + on + ") on LMDB store " + where
          + " returned error " + rc + "; the commit was " + (on ? "made, synced," : "not made")
          + " and the store should be reopened");
    }
  }
}
