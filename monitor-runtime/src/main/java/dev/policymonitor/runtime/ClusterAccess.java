package dev.policymonitor.runtime;

import dev.policymonitor.runtime.config.RuntimeKeys;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The first contact of a process with its cluster, before any service starts: one admin call that either succeeds
 * or fails at once with one line saying what is wrong (wrong credentials, a TLS handshake that fails, a cluster
 * that does not answer) and where that setting comes from, instead of clients that retry forever and log a stack
 * trace each time. Kafka's authentication errors are not retried, so a wrong password fails in one round trip.
 */
public final class ClusterAccess {
  private ClusterAccess() {}

  /**
   * @throws KafkaAccessException when the cluster cannot be reached or refuses these clients
   */
  public static void verify(KafkaClients clients, KafkaClientConfig config, Duration timeout) {
    String where = "Kafka at " + clients.bootstrapServers();
    Admin admin;
    try {
      admin = clients.admin(timeout);
    } catch (KafkaException e) {
      throw new KafkaAccessException("cannot create a Kafka client for " + where + ": " + causes(e)
          + " (check " + hint(config, "ssl.") + ")", e);
    }
    try (admin) {
      admin.describeCluster().nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw describe(where, config, e.getCause(), timeout);
    } catch (TimeoutException e) {
      throw unreachable(where, config, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaAccessException("interrupted while connecting to " + where, e);
    }
  }

  private static KafkaAccessException describe(String where, KafkaClientConfig config, Throwable cause,
      Duration timeout) {
    if (cause instanceof SaslAuthenticationException) {
      String mechanism = config.get(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
      return new KafkaAccessException("cannot authenticate to " + where + ": " + mechanism
          + " authentication failed (check " + hint(config, SaslConfigs.SASL_JAAS_CONFIG) + ")", cause);
    }
    if (cause instanceof SslAuthenticationException) {
      return new KafkaAccessException("cannot connect to " + where + ": the TLS handshake failed: " + causes(cause)
          + " (check " + hint(config, "ssl.") + ")", cause);
    }
    if (cause instanceof AuthenticationException) {
      return new KafkaAccessException("cannot authenticate to " + where + ": " + causes(cause) + " (check "
          + hint(config, "sasl.") + ")", cause);
    }
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return unreachable(where, config, timeout, cause);
    }
    return new KafkaAccessException("cannot use " + where + ": " + causes(cause), cause);
  }

  private static KafkaAccessException unreachable(String where, KafkaClientConfig config, Duration timeout,
      Throwable cause) {
    String protocol = config.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    return new KafkaAccessException("cannot reach " + where + " within " + timeout.toSeconds() + " s (is the "
        + "address right, and does its listener speak security.protocol " + protocol + "? check --bootstrap-servers "
        + "and " + hint(config, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + ")", cause);
  }

  /** Where the settings of {@code property} (or of every property starting with it) come from. */
  private static String hint(KafkaClientConfig config, String property) {
    String variable = RuntimeKeys.KAFKA.variable(property.endsWith(".") ? property + "*" : property);
    String source = config.source(property);
    if (source == null) {
      source = config.properties().keySet().stream().filter(p -> p.startsWith(property)).map(config::source)
          .findFirst().orElse(null);
    }
    return source != null ? source : variable + " or --kafka-config";
  }

  /** The messages of {@code t} and its causes, joined: Kafka wraps the useful one. */
  private static String causes(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
        out.append(out.length() == 0 ? "" : ": ").append(m);
      }
    }
    return out.length() == 0 ? t.getClass().getSimpleName() : out.toString();
  }

  /** Raised when the cluster cannot be reached or refuses the clients; the message is the one line to print. */
  public static final class KafkaAccessException extends RuntimeException {
    KafkaAccessException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
