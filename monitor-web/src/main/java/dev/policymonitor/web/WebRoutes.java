package dev.policymonitor.web;

import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The routes of the web page and the query API, to mount on the service's HTTP server ({@code /api/} for viewers,
 * {@code /} public: the page's files hold no data). Each instance advertises its HTTP address to the others as Kafka
 * Streams' {@code application.server}, so a query for a key held elsewhere is forwarded there.
 */
public final class WebRoutes {
  /** The host other instances reach this one's HTTP port at. */
  public static final ConfigKey<String> ADVERTISED_HOST = ConfigKey.of("POLICY_MONITOR_HTTP_ADVERTISED_HOST",
      ValueType.text(), "127.0.0.1", "streams (web)",
      "Host name other streams instances reach this one's --http-port at, to forward a query for a key it holds.");
  /** Every key of the web page and query API. */
  public static final List<ConfigKey<?>> KEYS = List.of(ADVERTISED_HOST);
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  private WebRoutes() {}

  /**
   * The routes for a running streams application whose {@code application.server} is {@code self}.
   *
   * @param credentials what this instance sends with the queries it forwards to the others
   */
  public static Routes forStreams(KafkaStreams streams, HostInfo self, InstanceCredentials credentials) {
    return of(new QueryService(StoreAccess.of(streams)), new StreamsInstanceRouter(streams, self),
        new Forwarder(FORWARD_TIMEOUT, credentials));
  }

  public static Routes of(QueryService queries, InstanceRouter router, Forwarder forwarder) {
    return Routes.builder()
        .get("/api/", Role.VIEWER, new ApiHandler(queries, router, forwarder))
        .publicGet("/", new StaticHandler())
        .build();
  }

  /** This instance's address for the others: the advertised host (see {@link #ADVERTISED_HOST}) and port. */
  public static HostInfo advertised(Settings settings, int httpPort) {
    return new HostInfo(settings.get(ADVERTISED_HOST), httpPort);
  }

  /** Streams settings that make the instance's HTTP address known to the others. */
  public static Properties streamsProperties(HostInfo self) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    return props;
  }
}
