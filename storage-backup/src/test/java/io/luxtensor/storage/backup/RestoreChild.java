package io.luxtensor.storage.backup;

import java.nio.file.Path;

/**
 * A child JVM that restores a backup over an existing store and, at the {@code n}-th progress event,
 * says so on stdout and waits to be killed: the parent kills it mid-restore, at a known point.
 */
public final class RestoreChild {

  private RestoreChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path backups = Path.of(args[0]);
    String id = args[1];
    Path target = Path.of(args[2]);
    int killAt = Integer.parseInt(args[3]);
    int[] events = {0};
    Backups.open(backups).restore(id, Fixtures.config("rocksdb", target), RestoreOptions.defaults()
        .withReplaceExisting(true).withProgress(e -> {
          if (++events[0] == killAt) {
            System.out.println("RESTORING " + e.bytes() + "/" + e.totalBytes());
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          }
        }));
    System.out.println("DONE");
  }
}
