package dev.policymonitor.app;

import java.io.PrintWriter;

/** At most one progress line on stderr every two seconds ({@code "<command>: done/total <unit> processed"}), so a long
 * job shows it is moving without flooding the terminal. */
final class ProgressLine {
  private static final long EVERY_NANOS = 2_000_000_000L;
  private final PrintWriter err;
  private final String command;
  private final String unit;
  private final long total;
  private long lastNanos = System.nanoTime();

  ProgressLine(PrintWriter err, String command, String unit, long total) {
    this.err = err;
    this.command = command;
    this.unit = unit;
    this.total = total;
  }

  void report(long done) {
    long now = System.nanoTime();
    if (now - lastNanos >= EVERY_NANOS && done < total) {
      err.println(command + ": " + done + "/" + total + " " + unit + " processed");
      err.flush();
      lastNanos = now;
    }
  }
}
