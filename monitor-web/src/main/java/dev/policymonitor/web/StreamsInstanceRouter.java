package dev.policymonitor.web;

import dev.policymonitor.streams.query.QueryViews;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Routes by Kafka Streams' own metadata: {@code queryMetadataForKey} on the document key names the active
 * instance (its {@code application.server}), since every query store is partitioned by {@code vendor/document}.
 */
public final class StreamsInstanceRouter implements InstanceRouter {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final String store;

  public StreamsInstanceRouter(KafkaStreams streams, HostInfo self) {
    this(streams, self, QueryViews.DOCUMENTS_STORE);
  }

  /** A router by the partitions of {@code store} (the change detector's stores live in other tasks than the query's). */
  public StreamsInstanceRouter(KafkaStreams streams, HostInfo self, String store) {
    this.streams = streams;
    this.self = self;
    this.store = store;
  }

  @Override
  public Optional<URI> ownerOf(String documentKey) {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(store, documentKey,
        Serdes.String().serializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.activeHost() == null) {
      throw new InvalidStateStoreException("no instance holds " + documentKey + " yet (rebalancing)");
    }
    HostInfo host = metadata.activeHost();
    return host.equals(self) ? Optional.empty() : Optional.of(uri(host));
  }

  @Override
  public List<URI> others() {
    return streams.metadataForAllStreamsClients().stream()
        .map(StreamsMetadata::hostInfo)
        .filter(h -> !h.equals(self) && h.port() > 0)
        .distinct()
        .map(StreamsInstanceRouter::uri)
        .toList();
  }

  private static URI uri(HostInfo host) {
    return URI.create("http://" + host.host() + ":" + host.port());
  }
}
