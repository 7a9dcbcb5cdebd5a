package io.luxtensor.storage.cli;

import io.luxtensor.storage.backup.BackupProgress;

/**
 * Draws {@link BackupProgress} events on a {@link Progress} bar in KiB: the bytes done of the total
 * for a restore or a verify, and the bytes written so far for a backup, whose total is unknown
 * until it ends. Events of one operation carry running totals, so each one moves the bar to where
 * the operation is. Not thread-safe beyond what the operation's single reporting thread needs.
 */
final class BackupBar implements BackupProgress {

  private final Progress bar;

  BackupBar(Progress bar) {
    this.bar = bar;
  }

  @Override
  public void onProgress(Event event) {
    bar.moveTo(event.bytes() / 1024, event.totalBytes() < 0 ? -1 : event.totalBytes() / 1024);
  }
}
