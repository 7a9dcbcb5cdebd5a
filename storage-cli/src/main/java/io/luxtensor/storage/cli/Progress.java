package io.luxtensor.storage.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work, on standard error so that standard output stays parseable. A bar is
 * drawn when the command asks for one (not under {@code --json}) and standard error goes to a
 * person: a console, or any stream when the environment sets {@code LUXDB_PROGRESS=1}; otherwise
 * {@link #step}s cost nothing and logs stay clean. Not thread-safe; the caller closes it.
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * A bar named {@code task} counting to {@code total} {@code unit}s (-1 when unknown), or a silent
   * one when {@code show} is false.
   */
  static Progress start(boolean show, String task, long total, String unit) {
    if (!show || (System.console() == null && !"1".equals(System.getenv("LUXDB_PROGRESS")))) {
      return new Progress(null);
    }
    return visible(task, total, unit);
  }

  /** A bar drawn on standard error whatever it is connected to. */
  static Progress visible(String task, long total, String unit) {
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    return new Progress(bar);
  }

  void step(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /**
   * Moves the bar to {@code current} units of {@code total} (-1 when the total is still unknown), for
   * work that reports where it is rather than how far it moved.
   */
  void moveTo(long current, long total) {
    if (bar != null) {
      if (total >= 0) {
        bar.maxHint(total);
      }
      bar.stepTo(current);
    }
  }

  /** Units stepped so far, or -1 for a silent progress that counts nothing. */
  long current() {
    return bar == null ? -1 : bar.getCurrent();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
