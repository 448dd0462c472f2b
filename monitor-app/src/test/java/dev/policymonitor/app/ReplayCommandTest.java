package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private void capture(String name, String policy) throws IOException {
    Files.writeString(dir.resolve(name), "<html><body><nav>Home <a href='/?utm_source=" + name + "'>x</a></nav>"
        + "<div id='policy'><h1>Privacy</h1>" + policy + "</div></body></html>");
  }

  @Test
  void shouldPrintOneJsonLinePerChangeInCaptureOrder() throws IOException {
    capture("20240301T000000Z.html", "<p>We collect your email.</p><p>We keep it for a year.</p>");
    capture("20240101T000000Z.html", "<p>We collect your email.</p>");
    capture("20240201T120000Z.html", "<p>We&nbsp;collect your <b>email</b>.</p>");
    Files.writeString(dir.resolve("notes.txt"), "not a capture");
    assertThat(cli.run("replay", "--vendor", "acme", "--select", "#policy", dir.toString())).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : cli.out().split("\n")) {
      events.add(Json.mapper().readTree(line));
    }
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("kind").asText()).isEqualTo("first");
    assertThat(events.get(0).get("capturedAt").asText()).isEqualTo("2024-01-01T00:00:00Z");
    JsonNode changed = events.get(1);
    assertThat(changed.get("vendor").asText()).isEqualTo("acme");
    assertThat(changed.get("document").asText()).isEqualTo("privacy-policy");
    assertThat(changed.get("kind").asText()).isEqualTo("changed");
    assertThat(changed.get("capturedAt").asText()).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(changed.get("previousCapturedAt").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(changed.has("severity")).isTrue();
    assertThat(changed.has("categories")).isTrue();
    assertThat(changed.has("removed")).isTrue();
    assertThat(changed.has("modified")).isTrue();
    assertThat(changed.get("added").toString() + changed.get("modified").toString()).contains("We keep it for a year.");
  }

  @Test
  void shouldExitWithUsageErrorForAMissingDirectory() {
    assertThat(cli.run("replay", "--vendor", "acme", dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("policy-monitor: not a directory: " + dir.resolve("nope") + "\n");
  }
}
