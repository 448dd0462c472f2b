package dev.policymonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of the {@code deploy} module, found from the module directory Surefire runs in, and parsed. */
final class DeployFiles {
  static final Path DIR = locate();
  static final Path REPO = DIR.getParent();
  static final Path PROMETHEUS_CONFIG = DIR.resolve("prometheus/prometheus.yml");
  static final Path RULES = DIR.resolve("prometheus/rules/policy-monitor.rules.yml");
  static final Path DASHBOARD = DIR.resolve("grafana/dashboards/policy-monitor.json");
  static final Path COMPOSE = DIR.resolve("compose.yaml");
  static final Path K8S = DIR.resolve("k8s");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  private static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(here, here.resolve("deploy"))) {
      if (Files.isDirectory(candidate.resolve("prometheus")) && Files.isDirectory(candidate.resolve("grafana"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("run from the repository or the deploy module; not found under " + here);
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every document of a multi-document YAML file ({@code ---} separated), empty ones skipped. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    return docs;
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeYaml(Path file, JsonNode node) {
    try {
      YAML.writeValue(file.toFile(), node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
