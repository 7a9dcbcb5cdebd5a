package io.luxtensor.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link NativeBackups} of an engine, guarded like every handle and closed with the store. */
final class GuardedNativeBackups implements NativeBackups, OpenResources.Child {

  private final GuardedStore store;
  private final NativeBackups backups;
  private final HandleGuard guard = new HandleGuard("native backups", "get them again with store.nativeBackups(directory)");

  GuardedNativeBackups(GuardedStore store, NativeBackups backups) {
    this.store = store;
    this.backups = backups;
  }

  @Override
  public NativeBackup create() {
    store.checkWritable("nativeBackups().create");
    return call(backups::create);
  }

  @Override
  public List<NativeBackup> list() {
    return call(backups::list);
  }

  @Override
  public void verify(int id) {
    call(() -> {
      backups.verify(id);
      return null;
    });
  }

  @Override
  public void restore(int id, Path target) {
    Objects.requireNonNull(target, "restore target must not be null");
    call(() -> {
      backups.restore(id, target);
      return null;
    });
  }

  @Override
  public void purgeOldBackups(int keep) {
    if (keep < 0) {
      throw new IllegalArgumentException("keep must not be negative, got " + keep);
    }
    call(() -> {
      backups.purgeOldBackups(keep);
      return null;
    });
  }

  private <T> T call(Supplier<T> operation) {
    guard.enter();
    try {
      return operation.get();
    } catch (RuntimeException e) {
      throw store.failed(e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void close() {
    if (guard.close(backups::close)) {
      store.nativeBackups.remove(this);
    }
  }

  @Override
  public void closeByParent() {
    guard.close(backups::close);
  }
}
