package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the wiring layer that the compiler does not check: topics are created by the process (the launcher's
 * wiring), never by a service (test support aside); production code never uses Kafka Streams' test kit.
 */
class WiringRulesTest {
  @Test
  void shouldCreateTopicsOnlyInTheProcessWiring() throws IOException {
    assertThat(mainSourcesContaining("TopicsAdmin.ensure(")).as("production classes that create topics")
        .containsExactlyInAnyOrder(
            "monitor-app/src/main/java/dev/policymonitor/app/PipelineTopics.java",
            "monitor-app/src/main/java/dev/policymonitor/app/LocalTopology.java");
  }

  @Test
  void shouldKeepKafkaStreamsTestUtilsOutOfProduction() throws IOException {
    assertThat(mainSourcesContaining("org.apache.kafka.streams.TopologyTestDriver")).isEmpty();
    assertThat(mainSourcesContaining("org.apache.kafka.streams.TestInputTopic")).isEmpty();
    String parent = DeployFiles.read(DeployFiles.REPO.resolve("pom.xml"));
    assertThat(parent).containsPattern(
        "<artifactId>kafka-streams-test-utils</artifactId><version>[^<]+</version><scope>test</scope>");
  }

  private static List<String> mainSourcesContaining(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DeployFiles.REPO)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String relative = DeployFiles.REPO.relativize(f).toString();
        boolean production = relative.matches("monitor-[a-z]+/src/main/java/.*\\.java")
            && !relative.startsWith("monitor-testing/");
        if (production && Files.readString(f).contains(text)) {
          found.add(relative);
        }
      }
    }
    return found;
  }
}
