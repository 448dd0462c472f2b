package dev.policymonitor.app;

import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.classify.ClassificationRules;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the service commands, one mixin per concern, so that each command takes exactly the options
 * it uses: {@code run} all of them, {@code fetcher}, {@code streams} and {@code alerts} their own.
 */
final class ServiceOptions {
  private ServiceOptions() {}

  /**
   * {@code --bootstrap-servers} of a command that runs one service against a cluster: required, checked by the
   * command (picocli's own check would also demand it of {@code alerts redrive}, whose option it is too).
   */
  static final class Cluster {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
        description = "Kafka cluster to run against. Required: 'run' starts everything in one JVM instead.")
    String bootstrapServers;

    @Mixin KafkaConfigOption kafka;

    /** The client properties of the cluster ({@link #require} it first). */
    KafkaClientConfig kafka(Settings settings, PrintWriter err) {
      return kafka.load(bootstrapServers, settings, err);
    }

    /** The cluster's address; an {@link InvalidConfigException} that says what to do when it is missing. */
    String require(String command) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new InvalidConfigException("'" + command + "' runs one service against a cluster: "
            + "give --bootstrap-servers HOST:PORT (or use 'run' for everything in one JVM)");
      }
      return bootstrapServers;
    }
  }

  /** {@code --config}: the vendors file. */
  static final class Vendors {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Vendors configuration (YAML). Default: the five seed vendors.")
    Path config;

    /**
     * The vendors file, checked: {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS} of {@code settings} decides whether a
     * private address in it is an error.
     */
    VendorsConfig vendors(Settings settings) {
      if (config == null) {
        return VendorsConfig.defaults();
      }
      if (!Files.isRegularFile(config)) {
        throw new InvalidConfigException("vendors file not found: " + config);
      }
      return VendorsConfig.load(config, settings.get(FetcherConfig.ALLOW_PRIVATE_TARGETS));
    }
  }

  /** {@code --state-dir}: where the embedded broker and the streams state live. */
  static final class State {
    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".policy-monitor",
        description = "Where the embedded broker and the streams state live (default: ${DEFAULT-VALUE}).")
    Path stateDir;
  }

  /** {@code --http-port}, {@code --http-bind}, {@code --management-port}. */
  static final class Http {
    @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
        description = "Port of /health, /metrics and the web page; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
        description = "Address to serve HTTP on (default: $POLICY_MONITOR_HTTP_BIND, else 127.0.0.1; the container "
            + "image sets 0.0.0.0). A web page on a non-loopback address needs authentication (docs/security.md).")
    String httpBind;

    @Option(names = "--management-port", paramLabel = "N",
        description = "Serve /health and /metrics (unauthenticated) on this port instead of --http-port; "
            + "0 = any free port. Default: on --http-port.")
    Integer managementPort;

    /** Where to serve HTTP. */
    HttpEndpoint endpoint() {
      return new HttpEndpoint(httpBind, httpPort, managementPort);
    }
  }

  /** {@code --alerts-config}: the alert routing rules. */
  static final class Alerts {
    @Option(names = "--alerts-config", paramLabel = "FILE",
        description = "Alert routing rules (YAML); overrides POLICY_MONITOR_ALERTS_CONFIG. Channels come from "
            + "POLICY_MONITOR_* environment variables (see docs/alerts.md).")
    Path alertsConfig;

    /** {@code settings} with {@code --alerts-config} applied. */
    Settings apply(Settings settings) {
      return alertsConfig == null ? settings : settings.with(AlertsConfig.ALERTS_CONFIG, alertsConfig.toString());
    }
  }

  /** {@code --classification-rules}: extra classification rules of the streams service. */
  static final class Detection {
    @Option(names = "--classification-rules", paramLabel = "FILE",
        description = "Extra classification rules (YAML, same shape as the bundled rules.yaml) that extend the "
            + "bundled privacy-practice categories and severity rules.")
    Path classificationRules;

    /** Change-detection settings: the defaults, with {@code --classification-rules} applied. */
    DetectionSettings detection() {
      DetectionSettings settings = DetectionSettings.defaults();
      return classificationRules == null ? settings
          : settings.withRules(ClassificationRules.load(classificationRules));
    }
  }
}
