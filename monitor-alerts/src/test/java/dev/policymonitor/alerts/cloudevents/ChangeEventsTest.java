package dev.policymonitor.alerts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Json;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import io.cloudevents.CloudEvent;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

  @Test
  void shouldWriteAStructuredCloudEvent() throws Exception {
    JsonNode event = Json.mapper().readTree(ChangeEvents.serialize(TestChanges.sale()));

    assertThat(event.get("specversion").asText()).isEqualTo("1.0");
    assertThat(event.get("type").asText()).isEqualTo("dev.policymonitor.change.v2");
    assertThat(event.get("dataschema").asText()).isEqualTo(ChangeSchema.schemaJson().get("$id").asText());
    assertThat(event.get("source").asText()).isEqualTo("/policy-monitor/streams");
    assertThat(event.get("id").asText()).isEqualTo("k7h2m4p6q8r1s3t5v7w9");
    assertThat(event.get("subject").asText()).isEqualTo("defensx/privacy-policy");
    assertThat(OffsetDateTime.parse(event.get("time").asText()).toInstant()).isEqualTo(TestChanges.sale().capturedAt());
    assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.get("data").isObject()).as("data is embedded JSON, not base64").isTrue();
    assertThat(Json.mapper().treeToValue(event.get("data"), Change.class)).isEqualTo(TestChanges.sale());
  }

  @Test
  void shouldRoundTripThroughTheCloudEventsReader() {
    CloudEvent event = ChangeEvents.deserialize(ChangeEvents.serialize(TestChanges.hostile()));

    assertThat(event.getId()).isEqualTo("h0st1le0000000000001");
    assertThat(event.getSubject()).isEqualTo("evilcorp/privacy-policy");
  }

  @Test
  void shouldProduceDataThatTheCheckedInSchemaAccepts() throws Exception {
    List<Change> changes = new ArrayList<>(List.of(TestChanges.sale(), TestChanges.hostile(), TestChanges.big(3, 40)));
    for (ChangeKind kind : ChangeKind.values()) {
      changes.add(TestChanges.of("id" + kind.ordinal(), kind, Severity.LOW, SnapshotSource.WAYBACK));
    }
    Change sale = TestChanges.sale();
    changes.add(new Change(sale.changeId(), sale.key(), sale.vendor(), sale.document(), ChangeKind.COSMETIC,
        sale.previousCapturedAt(), sale.capturedAt(), sale.previousDigest(), sale.digest(), sale.added(),
        sale.removed(), sale.modified(), sale.moved(), null, Severity.LOW, List.of(),
        List.of("ignored: every changed sentence matches the document's ignore rules"),
        List.of(dev.policymonitor.model.ChangeFlag.IGNORED), sale.url(), sale.source(), sale.detectedAt()));
    for (Change c : changes) {
      JsonNode data = Json.mapper().readTree(ChangeEvents.serialize(c)).get("data");
      assertThat(ChangeSchema.validate(data)).as("%s", c.kind()).isEmpty();
    }
  }

  @Test
  void shouldCarryTheLanguageAndTheSizesOfAMajorRewriteInDataAndLeaveThemOutWhenUnknown() throws Exception {
    JsonNode data = Json.mapper().readTree(ChangeEvents.serialize(TestChanges.rewrite())).get("data");

    assertThat(ChangeSchema.validate(data)).isEmpty();
    assertThat(data.get("language").asText()).isEqualTo("fr");
    assertThat(data.get("flags").toString()).isEqualTo("[\"major-rewrite\"]");
    assertThat(data.get("rewrite").toString())
        .isEqualTo("{\"previousLength\":9485,\"length\":3886,\"confirmedAt\":\"2026-11-21T08:00:00Z\"}");
    assertThat(Json.mapper().treeToValue(data, Change.class)).isEqualTo(TestChanges.rewrite());
    JsonNode older = Json.mapper().readTree(ChangeEvents.serialize(TestChanges.sale())).get("data");
    assertThat(older.has("language")).isFalse();
    assertThat(older.has("rewrite")).isFalse();
  }

  @Test
  void shouldWriteEditedSentencesAsTypedWordSegments() throws Exception {
    JsonNode modified = Json.mapper().readTree(ChangeEvents.serialize(TestChanges.sale())).get("data")
        .get("modified").get(0);

    assertThat(modified.has("wordDiff")).isFalse();
    assertThat(modified.get("segments").toString()).isEqualTo("[{\"kind\":\"kept\",\"text\":\"We keep logs for \"},"
        + "{\"kind\":\"deleted\",\"text\":\"30 days\"},{\"kind\":\"inserted\",\"text\":\"2 years\"},"
        + "{\"kind\":\"kept\",\"text\":\".\"}]");
  }

  @Test
  void shouldRejectDataThatBreaksTheSchema() throws Exception {
    ObjectNode data = (ObjectNode) Json.mapper().readTree(ChangeEvents.serialize(TestChanges.sale())).get("data");
    data.put("kind", "exploded");
    data.remove("capturedAt");

    assertThat(ChangeSchema.validate(data)).hasSize(2);
  }

  @Test
  void shouldDescribeEveryFieldOfTheChangeRecord() {
    JsonNode properties = ChangeSchema.schemaJson().get("properties");
    for (RecordComponent component : Change.class.getRecordComponents()) {
      assertThat(properties.has(component.getName())).as("schema property %s", component.getName()).isTrue();
    }
  }
}
