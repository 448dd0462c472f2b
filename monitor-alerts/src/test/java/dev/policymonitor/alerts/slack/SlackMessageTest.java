package dev.policymonitor.alerts.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
  private final SlackMessage messages = new SlackMessage("https://monitor.example.com/");

  static JsonNode golden(String name) throws IOException {
    try (InputStream in = SlackMessageTest.class.getResourceAsStream("/slack/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return Json.mapper().readTree(in);
    }
  }

  @Test
  void shouldBuildTheGoldenBlockKitPayloadForAChange() throws IOException {
    ObjectNode payload = messages.forChange(TestChanges.sale());

    assertThat(payload)
        .as("actual payload:%n%s", Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(payload))
        .isEqualTo(golden("sale-change.golden.json"));
  }

  @Test
  void shouldSummariseAndLinkToTheChangePage() {
    String json = messages.forChange(TestChanges.sale()).toString();

    assertThat(json).contains("3 sentences added, 1 removed, 2 modified")
        .contains("\"url\":\"https://monitor.example.com/#/changes/defensx/privacy-policy/k7h2m4p6q8r1s3t5v7w9\"")
        .contains("We keep logs for ~30 days~ *2 years*.");
  }

  @Test
  void shouldShowTheLanguageAndTheSizeOfAMajorRewrite() {
    JsonNode fields = messages.forChange(TestChanges.rewrite()).get("blocks").get(1).get("fields");

    assertThat(fields.toString()).contains("*Language*\\nFrench (fr)")
        .contains("*Major rewrite*\\n9485 -&gt; 3886 characters (-59%)");
    assertThat(messages.forChange(TestChanges.sale()).toString()).doesNotContain("*Language*")
        .doesNotContain("*Major rewrite*");
  }

  @Test
  void shouldNeutralizeHostilePolicyText() {
    String json = messages.forChange(TestChanges.hostile()).toString();

    assertThat(json).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@U024BE7LH>")
        .doesNotContain("<https://evil|click>").doesNotContain("<https://evil|us>").doesNotContain("<script>")
        .doesNotContain("@channel")
        .contains("&lt;!channel&gt; &lt;https://evil|click&gt; &amp; &lt;@U024BE7LH&gt; &lt;!here&gt; @\u2060channel");
    // every mrkdwn text object carries verbatim, so Slack does not auto-link or auto-mention
    List<JsonNode> texts = messages.forChange(TestChanges.hostile()).findParents("verbatim");
    assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t.get("verbatim").asBoolean()).isTrue());
  }

  @Test
  void shouldStayWithinSlackLimitsAndSayHowManyMore() {
    ObjectNode payload = messages.forChange(TestChanges.big(200, 5000));

    JsonNode blocks = payload.get("blocks");
    assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
    for (JsonNode block : blocks) {
      if (block.has("text") && block.get("text").has("text")) {
        assertThat(block.get("text").get("text").asText().length()).isLessThanOrEqualTo(3000);
      }
    }
    assertThat(payload.toString().length()).isLessThan(40_000);
    assertThat(payload.toString()).containsPattern("\\.\\.\\. and 19[0-9] more changed sentences");
  }

  @Test
  void shouldShowEachChangesReviewStateInADigestWhenKnown() {
    Digest digest = new Digest("slack", DigestSchedule.HOURLY, Instant.parse("2026-11-23T09:00:00Z"),
        Instant.parse("2026-11-23T10:00:00Z"), List.of(TestChanges.sale(), TestChanges.hostile()),
        java.util.Map.of(TestChanges.sale().changeId(), dev.policymonitor.model.ReviewState.REVIEWED_ACTION_NEEDED,
            TestChanges.hostile().changeId(), dev.policymonitor.model.ReviewState.NEW));

    String payload = messages.forDigest(digest).toString();

    assertThat(payload).contains("Review: *reviewed, action needed*").contains("Review: *new*");
    assertThat(messages.forDigest(new Digest("slack", DigestSchedule.HOURLY, digest.windowStart(),
        digest.windowEnd(), digest.changes())).toString()).as("unknown states are not made up")
        .doesNotContain("Review:");
  }

  @Test
  void shouldCapADigestAtFiftyBlocks() {
    List<dev.policymonitor.model.Change> many = new ArrayList<>(Collections.nCopies(120, TestChanges.sale()));
    Digest digest = new Digest("slack", DigestSchedule.HOURLY, Instant.parse("2026-11-23T09:00:00Z"),
        Instant.parse("2026-11-23T10:00:00Z"), many);

    ObjectNode payload = messages.forDigest(digest);

    assertThat(payload.get("blocks").size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
    assertThat(payload.toString()).contains("120 changes (hourly digest)").containsPattern("\\.\\.\\. and \\d+ more");
  }
}
