package dev.policymonitor.alerts;

import dev.policymonitor.model.Change;
import java.io.PrintStream;

/** Prints alerts on the terminal: what the demo and {@code run} show. */
public final class ConsoleAlertSink implements AlertSink {
  private final PrintStream out;
  private final AlertFormatter formatter;

  public ConsoleAlertSink(PrintStream out, AlertFormatter formatter) {
    this.out = out;
    this.formatter = formatter;
  }

  @Override
  public String channel() {
    return "console";
  }

  /** The console is a display, not a notification: a restart may show an alert again. */
  @Override
  public boolean deduplicated() {
    return false;
  }

  @Override
  public void deliver(Change change) {
    out.print("ALERT " + formatter.text(change));
    out.flush();
  }
}
