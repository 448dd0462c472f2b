package dev.policymonitor.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log lines of some loggers during a test, at a level chosen by the test (the loggers' own level is lowered to
 * it meanwhile and restored on {@link #close}):
 *
 * <pre>
 * try (CapturedLogs logs = CapturedLogs.of(Level.INFO, "dev.policymonitor.alerts")) {
 *   ...
 *   assertThat(logs.at(Level.WARN)).singleElement()...
 * }
 * </pre>
 */
public final class CapturedLogs implements AutoCloseable {
  private final List<Logger> loggers;
  private final List<Level> levels;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(List<Logger> loggers) {
    this.loggers = loggers;
    this.levels = loggers.stream().map(Logger::getLevel).toList();
  }

  /** Captures what {@code names} (and their children) log at {@code level} and above. */
  public static CapturedLogs of(Level level, String... names) {
    CapturedLogs logs = new CapturedLogs(List.of(names).stream()
        .map(n -> (Logger) LoggerFactory.getLogger(n)).toList());
    logs.appender.start();
    for (Logger l : logs.loggers) {
      l.setLevel(level);
      l.addAppender(logs.appender);
    }
    return logs;
  }

  /** Every captured line so far. */
  public List<ILoggingEvent> all() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The captured lines of exactly {@code level}. */
  public List<ILoggingEvent> at(Level level) {
    return all().stream().filter(e -> e.getLevel().equals(level)).toList();
  }

  /** The formatted messages of the captured lines of exactly {@code level}. */
  public List<String> messages(Level level) {
    return at(level).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).detachAppender(appender);
      loggers.get(i).setLevel(levels.get(i));
    }
    appender.stop();
  }
}
