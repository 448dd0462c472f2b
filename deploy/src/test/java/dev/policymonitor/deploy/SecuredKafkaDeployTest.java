package dev.policymonitor.deploy;

import static dev.policymonitor.deploy.DeployConsistencyTest.assertAccepted;
import static dev.policymonitor.deploy.DeployConsistencyTest.find;
import static dev.policymonitor.deploy.DeployConsistencyTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.app.MonitorSettings;
import dev.policymonitor.runtime.KafkaClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment examples for a secured Kafka cluster, checked without Docker or Kubernetes: the compose override and
 * the kustomize overlay give each service command lines the application accepts, and client settings that the
 * application loads without a warning once their secret files are where the examples mount them.
 */
class SecuredKafkaDeployTest {
  private static final List<String> SERVICES = List.of("fetcher", "streams", "alerts");
  private static final Path OVERRIDE = DeployFiles.DIR.resolve("compose.secured-kafka.yaml");
  private static final Path OVERLAY = DeployFiles.K8S.resolve("secured-kafka");
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"policy-monitor\" password=\"example\";";

  @TempDir Path dir;

  @Test
  void shouldRunEachComposeServiceAgainstTheSecuredClusterWithItsPasswordInAComposeSecret() throws IOException {
    JsonNode base = DeployFiles.yaml(DeployFiles.COMPOSE);
    JsonNode override = DeployFiles.yaml(OVERRIDE);
    JsonNode secrets = override.path("secrets");
    for (String service : SERVICES) {
      JsonNode container = override.at("/services/" + service);
      List<String> command = strings(container.path("command")).stream()
          .map(a -> a.replaceAll("\\$\\{KAFKA_BOOTSTRAP_SERVERS[^}]*}", "kafka-1.example.com:9096")).toList();
      List<String> baseCommand = new ArrayList<>(strings(base.at("/services/" + service + "/command")));
      baseCommand.set(baseCommand.indexOf("--bootstrap-servers") + 1, "kafka-1.example.com:9096");
      assertThat(command).as("compose %s: the base command against the secured cluster", service)
          .isEqualTo(baseCommand);
      assertAccepted("compose override " + service, command, Map.of());
      assertThat(container.path("depends_on").size()).as("%s does not wait for compose's own broker", service)
          .isZero();

      Map<String, String> env = new HashMap<>();
      List<String> mounted = strings(container.path("secrets"));
      container.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      for (Map.Entry<String, String> e : Map.copyOf(env).entrySet()) {
        assertThat(MonitorSettings.REGISTRY.knows(e.getKey())).as("%s reads %s", service, e.getKey()).isTrue();
        if (e.getKey().endsWith("_FILE")) {
          String secret = e.getValue().replaceFirst("^/run/secrets/", "");
          assertThat(mounted).as("%s mounts the secret %s names", service, e.getKey()).contains(secret);
          assertThat(secrets.at("/" + secret + "/file").asText()).as("secret %s", secret).startsWith("./secrets/");
          env.put(e.getKey(), Files.writeString(dir.resolve(secret), JAAS).toString());
        }
      }
      KafkaClientConfig kafka = KafkaClientConfig.load(MonitorSettings.of(env), null);
      assertThat(kafka.warnings()).isEmpty();
      assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.jaas.config", JAAS);
    }
    assertThat(DeployFiles.read(DeployFiles.DIR.resolve(".gitignore")).lines()).contains("secrets/");
  }

  @Test
  void shouldGiveEachKubernetesServiceTheClientPropertiesAndTheCredentialsAsMountedFiles() throws IOException {
    JsonNode kustomization = DeployFiles.yaml(OVERLAY.resolve("kustomization.yaml"));
    assertThat(strings(kustomization.path("resources"))).containsExactly("../", "kafka-client.yaml");
    JsonNode configMap = DeployFiles.yaml(OVERLAY.resolve("kafka-client.yaml"));
    JsonNode secret = DeployFiles.yaml(OVERLAY.resolve("kafka-credentials.yaml"));
    Map<String, JsonNode> baseDeployments = new LinkedHashMap<>();
    for (String service : SERVICES) {
      baseDeployments.put(service, DeployFiles.yamlDocuments(DeployFiles.K8S.resolve(service + ".yaml")).get(0));
    }
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1.example.com:9096");

    List<JsonNode> patches = DeployFiles.yamlDocuments(OVERLAY.resolve(
        kustomization.at("/patches/0/path").asText()));
    assertThat(patches).hasSize(SERVICES.size());
    String credentialsPath = null;
    String clientProperties = null;
    for (JsonNode patch : patches) {
      String service = patch.at("/metadata/name").asText().replaceFirst("^policy-monitor-", "");
      JsonNode container = patch.at("/spec/template/spec/containers/0");
      List<String> args = strings(container.path("args"));
      List<String> expected = new ArrayList<>(strings(baseDeployments.get(service)
          .at("/spec/template/spec/containers/0/args")));
      assertThat(container.path("name").asText()).isEqualTo(service);
      int i = args.indexOf("--kafka-config");
      assertThat(i).as("k8s %s gets --kafka-config", service).isPositive();
      expected.addAll(List.of("--kafka-config", args.get(i + 1)));
      assertThat(args).as("k8s %s: the base arguments and --kafka-config", service).isEqualTo(expected);
      assertAccepted("k8s overlay " + service, args, env);

      Path file = Path.of(args.get(i + 1));
      JsonNode mount = find(container.path("volumeMounts"), "mountPath", file.getParent().toString());
      JsonNode volume = find(patch.at("/spec/template/spec/volumes"), "name", mount.path("name").asText());
      assertThat(volume.at("/configMap/name").asText()).isEqualTo(configMap.at("/metadata/name").asText());
      clientProperties = configMap.at("/data/" + file.getFileName()).asText();
      assertThat(clientProperties).as("ConfigMap key %s", file.getFileName()).isNotBlank();

      JsonNode credentials = find(patch.at("/spec/template/spec/volumes"), "name", "kafka-credentials");
      assertThat(credentials.at("/secret/secretName").asText()).isEqualTo(secret.at("/metadata/name").asText());
      String path = find(container.path("volumeMounts"), "name", "kafka-credentials").path("mountPath").asText();
      assertThat(credentialsPath == null || credentialsPath.equals(path)).isTrue();
      credentialsPath = path;
    }

    // the client properties load without a warning once the Secret's keys are files where the pods mount them
    Path mounted = Files.createDirectories(dir.resolve("credentials"));
    secret.path("stringData").fields().forEachRemaining(e -> {
      try {
        Files.writeString(mounted.resolve(e.getKey()), e.getValue().asText());
      } catch (IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    });
    assertThat(clientProperties).contains("${dir:" + credentialsPath + ":");
    Path properties = Files.writeString(dir.resolve("client.properties"),
        clientProperties.replace(credentialsPath, mounted.toString()));
    KafkaClientConfig kafka = KafkaClientConfig.load(MonitorSettings.of(Map.of()), properties);
    assertThat(kafka.warnings()).isEmpty();
    assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
        .doesNotContainValue("CHANGE-ME");
  }
}
