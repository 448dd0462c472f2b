package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.model.Target;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a backfill as a progress bar (me.tongfei.progressbar): captures handled / listed so far, ETA, and the
 * current vendor/document. On a terminal it redraws in place; without one it prints a line per update.
 */
public final class BackfillProgressBar implements BackfillListener, AutoCloseable {
  private final ProgressBar bar;
  private long total;

  public BackfillProgressBar(PrintStream out, boolean terminal) {
    ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("wayback").setInitialMax(0)
        .setUnit(" captures", 1).setMaxRenderedLength(120);
    if (terminal) {
      b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(out))
          .setUpdateIntervalMillis(200);
    } else {
      b.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(out::println, 120))
          .setUpdateIntervalMillis(1000);
    }
    this.bar = b.build();
  }

  @Override
  public synchronized void documentStarted(Target target) {
    bar.setExtraMessage(" " + target.key());
  }

  @Override
  public synchronized void listed(Target target, int rows) {
    total += rows;
    bar.maxHint(total);
  }

  @Override
  public synchronized void handled(Target target, CdxRow row, String outcome) {
    bar.step();
  }

  @Override
  public void close() {
    bar.close();
  }
}
