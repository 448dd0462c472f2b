package dev.policymonitor.app.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the Kafka client's own log line about a failed authentication ({@code NetworkClient}: "Connection to node
 * ... failed authentication due to: ..."). The client also throws that failure to its caller, and the monitor
 * reports it there once, in its own words: at start as the one line that stops the command (which setting to
 * check), later through the service that gets the exception. Other lines pass.
 */
public final class ReportedAuthenticationFailures extends Filter<ILoggingEvent> {
  private static final String LOGGER = "org.apache.kafka.clients.NetworkClient";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return LOGGER.equals(event.getLoggerName()) && event.getMessage() != null
        && event.getMessage().contains("failed authentication due to") ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
