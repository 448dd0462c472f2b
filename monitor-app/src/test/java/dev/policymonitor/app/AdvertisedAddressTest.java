package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.streams.query.QueryViews;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.web.StreamsInstanceRouter;
import dev.policymonitor.web.WebRoutes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each streams replica advertises the address its {@code POLICY_MONITOR_HTTP_ADVERTISED_HOST} gives (in Kubernetes,
 * the pod's IP from the Downward API): the address reaches Kafka Streams' {@code application.server}, so the other
 * replica's query routing forwards a document it does not hold to that address, not to 127.0.0.1.
 */
class AdvertisedAddressTest {
  @RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.inProcess();

  @Test
  void shouldRouteQueriesToTheAddressEachReplicaIsConfiguredToAdvertise(@TempDir Path state) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    try (Pipeline a = streams("10.42.0.7", state.resolve("a"), quiet);
        Pipeline b = streams("10.42.0.8", state.resolve("b"), quiet)) {
      HostInfo selfA = new HostInfo("10.42.0.7", URI.create(a.httpUrl()).getPort());
      HostInfo selfB = new HostInfo("10.42.0.8", URI.create(b.httpUrl()).getPort());
      KafkaStreams streamsB = b.streams().streams();
      await().atMost(Duration.ofSeconds(120)).until(() -> a.streams().streams().state() == KafkaStreams.State.RUNNING
          && streamsB.state() == KafkaStreams.State.RUNNING
          && streamsB.metadataForAllStreamsClients().size() == 2);

      assertThat(streamsB.metadataForAllStreamsClients()).extracting(StreamsMetadata::hostInfo)
          .as("application.server of each replica, as the group knows them").containsExactlyInAnyOrder(selfA, selfB);
      String heldByA = IntStream.range(0, 200).mapToObj(i -> "vendor" + i + "/privacy-policy")
          .filter(k -> selfA.equals(streamsB.queryMetadataForKey(QueryViews.DOCUMENTS_STORE, k,
              Serdes.String().serializer()).activeHost()))
          .findFirst().orElseThrow(() -> new AssertionError("replica a holds no document key"));
      StreamsInstanceRouter routerOfB = new StreamsInstanceRouter(streamsB, selfB);
      assertThat(routerOfB.ownerOf(heldByA)).contains(URI.create("http://10.42.0.7:" + selfA.port()));
      assertThat(routerOfB.others()).containsExactly(URI.create("http://10.42.0.7:" + selfA.port()));
      assertThat(new StreamsInstanceRouter(a.streams().streams(), selfA).ownerOf(heldByA))
          .as("replica a answers for its own document").isEqualTo(Optional.empty());
    }
  }

  @Test
  void shouldPutTheAdvertisedHostIntoTheStreamsConfiguration() {
    Settings settings = MonitorSettings.of(Map.of("POLICY_MONITOR_HTTP_ADVERTISED_HOST", "10.42.0.9"));

    HostInfo self = WebRoutes.advertised(settings, 8080);

    assertThat(WebRoutes.streamsProperties(self))
        .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.42.0.9:8080");
    assertThat(WebRoutes.advertised(MonitorSettings.of(Map.of()), 8080).host())
        .as("the default, for one instance on one machine").isEqualTo("127.0.0.1");
  }

  private static Pipeline streams(String advertisedHost, Path state, PrintStream out) {
    Settings settings = MonitorSettings.of(Map.of("POLICY_MONITOR_HTTP_ADVERTISED_HOST", advertisedHost));
    return Launch.of(EnumSet.of(Service.STREAMS), settings).cluster(KAFKA.bootstrapServers()).stateDir(state)
        .start(out);
  }
}
