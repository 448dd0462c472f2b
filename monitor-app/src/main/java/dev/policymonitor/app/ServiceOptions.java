package dev.policymonitor.app;

import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.streams.DetectionSettings;
import dev.policymonitor.streams.classify.ClassificationRules;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every service command takes. */
public final class ServiceOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Vendors configuration (YAML). Default: the five seed vendors.")
  Path config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use. Without it, an in-process broker is started.")
  String bootstrapServers;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".policy-monitor",
      description = "Where the embedded broker and the streams state live (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
      description = "Port of /health, /metrics and the web page; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--http-bind", paramLabel = "ADDRESS",
      description = "Address to serve HTTP on (default: $POLICY_MONITOR_HTTP_BIND, else 127.0.0.1; the container "
          + "image sets 0.0.0.0). A non-loopback address needs web authentication (see docs/security.md).")
  String httpBind;

  @Option(names = "--management-port", paramLabel = "N",
      description = "Serve /health and /metrics (unauthenticated) on this port instead of --http-port; "
          + "0 = any free port. Default: on --http-port.")
  Integer managementPort;

  @Option(names = "--alerts-config", paramLabel = "FILE",
      description = "Alert routing rules (YAML); overrides POLICY_MONITOR_ALERTS_CONFIG. Channels come from "
          + "POLICY_MONITOR_* environment variables (see docs/alerts.md).")
  Path alertsConfig;

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

  /** The environment the alerts read, with {@code --alerts-config} applied. */
  java.util.Map<String, String> alertsEnvironment() {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    if (alertsConfig != null) {
      env.put(dev.policymonitor.alerts.AlertsConfig.ALERTS_CONFIG.name(), alertsConfig.toString());
    }
    return env;
  }

  /** Where to serve HTTP. */
  HttpEndpoint http() {
    return new HttpEndpoint(httpBind, httpPort, managementPort);
  }

  VendorsConfig vendors() {
    if (config == null) {
      return VendorsConfig.defaults();
    }
    if (!Files.isRegularFile(config)) {
      throw new InvalidConfigException("vendors file not found: " + config);
    }
    return VendorsConfig.load(config);
  }

  String requireBootstrapServers(String command) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new InvalidConfigException("'" + command + "' runs one service against a cluster: "
          + "give --bootstrap-servers HOST:PORT (or use 'run' for everything in one JVM)");
    }
    return bootstrapServers;
  }
}
