package dev.policymonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.JsonSerde;
import dev.policymonitor.model.Rendering;
import dev.policymonitor.model.Snapshot;
import dev.policymonitor.model.SnapshotSerde;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.streams.SnapshotGate.WaitingSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WaitingSnapshotSerdeTest {
  private static final String TOPIC = "policy-monitor-streams-policy-waiting-snapshot-store-changelog";
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00.5Z");
  private static final Snapshot SNAPSHOT = new Snapshot("acme", "terms", "https://acme.test/terms",
      SnapshotSource.LIVE, T0, T0, 200, "text/html", "utf-8", null,
      "<p>Conditions générales</p>".getBytes(StandardCharsets.UTF_8), "fr", Rendering.FALLBACK);

  private final WaitingSnapshotSerde serde = new WaitingSnapshotSerde();

  @Test
  void shouldRoundTripAWaitingSnapshotWithTheSnapshotInItsBinaryForm() {
    WaitingSnapshot w = new WaitingSnapshot(T0.plusSeconds(3), 1_764_504_000_123L, SNAPSHOT);

    byte[] wire = serde.serialize(TOPIC, w);

    assertThat(wire[0]).isEqualTo(WaitingSnapshotSerde.FORMAT);
    assertThat(wire[21]).as("the snapshot's own format byte").isEqualTo(SnapshotSerde.FORMAT);
    assertThat(wire.length).isEqualTo(21 + new SnapshotSerde().size(SNAPSHOT));
    assertThat(serde.deserialize(TOPIC, wire)).isEqualTo(w);
  }

  @Test
  void shouldReadAWaitingSnapshotStoredAsJsonBeforeTheBinaryForm() {
    WaitingSnapshot w = new WaitingSnapshot(T0, 42L, SNAPSHOT);
    byte[] json = new JsonSerde<>(WaitingSnapshot.class).serialize(TOPIC, w);

    assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{").contains("\"waitingSince\"");
    assertThat(serde.deserialize(TOPIC, json)).isEqualTo(w);
  }

  @Test
  void shouldRejectATruncatedOrForeignRecordWithTheTopicNamed() {
    byte[] wire = serde.serialize(TOPIC, new WaitingSnapshot(T0, 42L, SNAPSHOT));

    for (int length = 0; length < wire.length; length++) {
      byte[] cut = Arrays.copyOf(wire, length);
      assertThatThrownBy(() -> serde.deserialize(TOPIC, cut)).as("cut to %d of %d bytes", length, wire.length)
          .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC).hasMessageContaining("truncated");
    }
    byte[] foreign = wire.clone();
    foreign[0] = SnapshotSerde.FORMAT;
    assertThatThrownBy(() -> serde.deserialize(TOPIC, foreign)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown format byte 0x81");
  }
}
