package dev.policymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A review's state follows from its trail, the trail only grows, and the record matches its published schema. */
class ReviewTest {
  private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");

  @Test
  void shouldStartNewWithAnEmptyTrail() {
    Review none = Review.none("acme/privacy-policy", "abc123");
    assertThat(none.state()).isEqualTo(ReviewState.NEW);
    assertThat(none.state().open()).isTrue();
    assertThat(none.trail()).isEmpty();
    assertThat(none.assignee()).isNull();
    assertThat(none.updatedAt()).isNull();
    assertThat(none.recordKey()).isEqualTo("acme/privacy-policy/abc123");
    assertThat(none.vendor()).isEqualTo("acme");
    assertThat(none.document()).isEqualTo("privacy-policy");
  }

  @Test
  void shouldTakeStateAndAssigneeFromTheLastEventOfEachTypeAndNumberTheTrail() {
    Review r = Review.none("acme/privacy-policy", "abc123").append(List.of(
        ReviewEvent.assignment(T, "alice", "bob"),
        ReviewEvent.state(T, "alice", ReviewState.IN_REVIEW)))
        .append(List.of(ReviewEvent.note(T.plusSeconds(60), "bob", "Checked with legal."),
            ReviewEvent.state(T.plusSeconds(60), "bob", ReviewState.REVIEWED_NO_ACTION),
            ReviewEvent.assignment(T.plusSeconds(60), "bob", null)));
    assertThat(r.state()).isEqualTo(ReviewState.REVIEWED_NO_ACTION);
    assertThat(r.state().open()).isFalse();
    assertThat(r.assignee()).isNull();
    assertThat(r.updatedBy()).isEqualTo("bob");
    assertThat(r.updatedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(r.trail()).extracting(ReviewEvent::seq).containsExactly(1, 2, 3, 4, 5);
    assertThat(r.notes()).isEqualTo(1);
  }

  @Test
  void shouldIgnoreDerivedValuesARecordClaimsAndRecomputeThemFromTheTrail() throws Exception {
    String json = """
        {"changeId":"abc123","key":"acme/privacy-policy","vendor":"other","document":"x","state":"reviewed-no-action",
         "assignee":"mallory","updatedBy":"mallory","trail":[
           {"seq":7,"at":"2026-11-23T09:00:00Z","by":"alice","type":"state","state":"in-review"}]}""";
    Review r = Json.mapper().readValue(json, Review.class);
    assertThat(r.state()).isEqualTo(ReviewState.IN_REVIEW);
    assertThat(r.assignee()).isNull();
    assertThat(r.vendor()).isEqualTo("acme");
    assertThat(r.updatedBy()).isEqualTo("alice");
    assertThat(r.trail().get(0).seq()).isEqualTo(1);
  }

  @Test
  void shouldRefuseToGrowTheTrailBeyondItsBound() {
    List<ReviewEvent> many = new ArrayList<>();
    for (int i = 0; i < Review.MAX_TRAIL; i++) {
      many.add(ReviewEvent.note(T, "alice", "n" + i));
    }
    Review full = Review.none("acme/privacy-policy", "abc123").append(many);
    assertThat(full.trail()).hasSize(Review.MAX_TRAIL);
    assertThatThrownBy(() -> full.append(List.of(ReviewEvent.note(T, "alice", "one more"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most " + Review.MAX_TRAIL);
  }

  @Test
  void shouldReadStatesByTheirWireNamesOnly() {
    assertThat(ReviewState.fromWire("reviewed-action-needed")).isEqualTo(ReviewState.REVIEWED_ACTION_NEEDED);
    assertThat(ReviewState.IN_REVIEW.wire()).isEqualTo("in-review");
    assertThat(ReviewState.REVIEWED_ACTION_NEEDED.label()).isEqualTo("reviewed, action needed");
    assertThatThrownBy(() -> ReviewState.fromWire("done")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reviewed-no-action");
  }

  @Test
  void shouldWriteRecordsThatTheCheckedInSchemaAccepts() throws Exception {
    Review r = Review.none("acme/privacy-policy", "abc123").append(List.of(
        ReviewEvent.assignment(T, "alice", "bob"), ReviewEvent.state(T, "alice", ReviewState.IN_REVIEW),
        ReviewEvent.note(T, "alice", "We <b>never</b> agreed to this."), ReviewEvent.assignment(T, "alice", null)));
    byte[] bytes = Topics.REVIEWS.valueSerde().serializer().serialize(Topics.REVIEWS.name(), r);
    JsonNode json = Json.mapper().readTree(bytes);
    JsonSchema schema;
    try (InputStream in = ReviewTest.class.getResourceAsStream("/schemas/review-v1.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    assertThat(schema.validate(json)).isEmpty();
    assertThat(Topics.REVIEWS.valueSerde().deserializer().deserialize(Topics.REVIEWS.name(), bytes)).isEqualTo(r);
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("trail").get(0)).remove("by");
    assertThat(schema.validate(json)).as("the schema can fail").isNotEmpty();
  }
}
