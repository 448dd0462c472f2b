package dev.policymonitor.app;

import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.KafkaClientConfig;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.streams.DetectionSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one process runs and what its services need, set by the command (or a test) and handed to
 * {@link Pipeline#start}. Only what the services use needs setting: the fetcher reads the vendors, the streams
 * service the state directory and the detection settings, every service the settings.
 */
final class Launch {
  private final Set<Service> services;
  private final Settings settings;
  private String bootstrapServers;
  private KafkaClientConfig kafka;
  private Path stateDir;
  private HttpEndpoint http = HttpEndpoint.loopback(0);
  private VendorsConfig vendors = VendorsConfig.defaults();
  private DetectionSettings detection = DetectionSettings.defaults();

  private Launch(Set<Service> services, Settings settings) {
    this.services = Set.copyOf(services);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** {@code services} configured by {@code settings}; the HTTP port is any free one until {@link #httpPort}. */
  static Launch of(Set<Service> services, Settings settings) {
    return new Launch(services, settings);
  }

  static Launch all(Settings settings) {
    return new Launch(EnumSet.allOf(Service.class), settings);
  }

  /** The cluster to use; null (the default) starts the embedded broker under the state directory. */
  Launch cluster(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers;
    return this;
  }

  /** The client properties of the cluster's clients (security); by default those of the settings' variables. */
  Launch kafka(KafkaClientConfig config) {
    this.kafka = Objects.requireNonNull(config, "kafka");
    return this;
  }

  Launch stateDir(Path dir) {
    this.stateDir = dir;
    return this;
  }

  /** Loopback, {@code port}, one port for everything. */
  Launch httpPort(int port) {
    this.http = HttpEndpoint.loopback(port);
    return this;
  }

  /** Where to serve HTTP: {@code --http-bind}, {@code --http-port}, {@code --management-port}. */
  Launch http(HttpEndpoint endpoint) {
    this.http = Objects.requireNonNull(endpoint, "http");
    return this;
  }

  Launch vendors(VendorsConfig config) {
    this.vendors = Objects.requireNonNull(config, "vendors");
    return this;
  }

  Launch detection(DetectionSettings settings) {
    this.detection = Objects.requireNonNull(settings, "detection");
    return this;
  }

  Pipeline start(PrintStream out) {
    return Pipeline.start(this, out);
  }

  Set<Service> services() {
    return services;
  }

  boolean runs(Service service) {
    return services.contains(service);
  }

  Settings settings() {
    return settings;
  }

  /** The cluster's address, or null for the embedded broker. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client properties of the given cluster's clients. */
  KafkaClientConfig kafka() {
    if (kafka == null) {
      kafka = bootstrapServers == null ? KafkaClientConfig.none() : KafkaClientConfig.load(settings, null);
    }
    return kafka;
  }

  /** The state directory; required for the embedded broker and for the streams service. */
  Path stateDir() {
    if (stateDir == null) {
      throw new IllegalStateException("the embedded broker and the streams service need a state directory");
    }
    return stateDir;
  }

  HttpEndpoint http() {
    return http;
  }

  VendorsConfig vendors() {
    return vendors;
  }

  DetectionSettings detection() {
    return detection;
  }
}
