package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.alerts.delivery.AlertsTopics;
import dev.policymonitor.alerts.routing.Route;
import dev.policymonitor.app.MonitorSettings;
import dev.policymonitor.app.PipelineTopics;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.Topic;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.KeyFamily;
import dev.policymonitor.streams.classify.ChangeClassifier;
import dev.policymonitor.streams.classify.ClassificationRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs' tables checked against the code, both ways, so they stay true: the README's topics and their keys,
 * the categories {@code docs/alerts.md} names and the classifier emits, the README's default routing, and the
 * {@code POLICY_MONITOR_*} variables of {@code docs/configuration.md}, the configuration registry and the sources.
 */
class DocsConsistencyTest {
  private static final Path README = DeployFiles.REPO.resolve("README.md");
  private static final Path ALERTS = DeployFiles.REPO.resolve("docs/alerts.md");
  private static final Path CONFIGURATION = DeployFiles.REPO.resolve("docs/configuration.md");
  private static final Pattern ENV_KEY = Pattern.compile("POLICY_MONITOR_[A-Z0-9_]*[A-Z0-9](_\\*)?");

  @Test
  void shouldListEveryTopicOfThePipelineWithTheFormOfItsKeysInTheReadme() {
    Map<String, String> documented = new TreeMap<>();
    for (List<String> row : table(DeployFiles.read(README), "topic", "key", "value")) {
      documented.put(code(row.get(0)), row.get(1).replace("`", ""));
    }
    Map<String, String> declared = new TreeMap<>();
    for (Topic<?, ?> t : PipelineTopics.ALL) {
      declared.put(t.name(), t.key());
    }
    assertThat(documented).as("README topic table (topic -> key) vs PipelineTopics.ALL").isEqualTo(declared);
    for (Topic<?, ?> t : AlertsTopics.defaults().definitions()) {
      assertThat(declared).as("the alerts' topics are pipeline topics").containsEntry(t.name(), t.key());
    }
  }

  @Test
  void shouldNameExactlyTheCategoriesTheClassifierCanEmit() {
    Set<String> emitted = new TreeSet<>();
    ClassificationRules.bundled().categories().forEach(c -> emitted.add(c.id()));
    emitted.add(ChangeClassifier.OTHER);
    String alerts = DeployFiles.read(ALERTS);
    Set<String> tabled = table(alerts, "category", "a changed sentence about").stream()
        .map(row -> code(row.get(0))).collect(Collectors.toCollection(TreeSet::new));
    assertThat(tabled).as("docs/alerts.md category table vs the bundled classification rules").isEqualTo(emitted);

    Matcher examples = Pattern.compile("categories:\\s*\\[([^\\]]*)\\]").matcher(alerts + DeployFiles.read(README));
    int found = 0;
    while (examples.find()) {
      for (String category : examples.group(1).split(",")) {
        assertThat(emitted).as("category in a routing example").contains(category.trim());
      }
      found++;
    }
    assertThat(found).as("routing examples with categories").isPositive();
  }

  @Test
  void shouldStateTheKindsEachChannelGetsByDefault() {
    String readme = DeployFiles.read(README).replaceAll("\\s+", " ");
    Matcher sentence = Pattern.compile("receives the live changes of kind (.*?) at or above").matcher(readme);
    assertThat(sentence.find()).as("README states the default kinds").isTrue();
    Set<String> stated = backticked(sentence.group(1));
    assertThat(stated).isEqualTo(Route.DEFAULT_KINDS.stream().map(ChangeKind::wire)
        .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(stated).doesNotContain(ChangeKind.FIRST.wire());
  }

  @Test
  void shouldDocumentEveryRegisteredVariableWithItsDefaultAndNothingElse() {
    Map<String, String> documented = new LinkedHashMap<>();
    Map<String, String> meaning = new LinkedHashMap<>();
    for (List<String> row : table(DeployFiles.read(CONFIGURATION), "variable", "default", "read by", "meaning")) {
      String name = code(row.get(0));
      documented.put(name, row.get(1).equals("unset") ? null : code(row.get(1)));
      meaning.put(name, row.get(3));
    }
    Map<String, String> registered = new LinkedHashMap<>();
    for (ConfigKey<?> key : MonitorSettings.REGISTRY.keys()) {
      registered.put(key.name(), key.defaultValue());
    }
    for (KeyFamily family : MonitorSettings.REGISTRY.families()) {
      registered.put(family.prefix() + "*", null);
    }
    assertThat(documented.keySet()).as("docs/configuration.md vs the registry, in the registry's order")
        .containsExactlyElementsOf(registered.keySet());
    assertThat(documented).as("defaults in docs/configuration.md").isEqualTo(registered);
    for (ConfigKey<?> key : MonitorSettings.REGISTRY.keys()) {
      assertThat(meaning.get(key.name())).as("meaning of %s", key.name()).isNotBlank();
      assertThat(meaning.get(key.name()).contains("Secret")).as("%s is documented as a secret exactly when it is one",
          key.name()).isEqualTo(key.isSecret());
    }
  }

  @Test
  void shouldKeepTheAlertsKeyTableInStepWithTheRegistry() {
    Map<String, String> documented = new LinkedHashMap<>();
    for (List<String> row : table(DeployFiles.read(ALERTS), "variable", "default", "meaning")) {
      documented.put(code(row.get(0)), row.get(1).equals("unset") ? null : code(row.get(1)));
    }
    Map<String, String> declared = new LinkedHashMap<>();
    AlertsConfig.KEYS.forEach(k -> declared.put(k.name(), k.defaultValue()));
    assertThat(documented).as("docs/alerts.md keys vs AlertsConfig.KEYS").isEqualTo(declared);
  }

  @Test
  void shouldReadOnlyRegisteredVariablesAndReadTheEnvironmentInOnePlace() throws IOException {
    Set<String> registered = new TreeSet<>();
    MonitorSettings.REGISTRY.keys().forEach(k -> registered.add(k.name()));
    MonitorSettings.REGISTRY.families().forEach(f -> registered.add(f.prefix() + "*"));
    Set<String> named = new TreeSet<>();
    List<String> readers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DeployFiles.REPO)) {
      for (Path file : files.filter(Files::isRegularFile).filter(DocsConsistencyTest::mainSource).toList()) {
        String text = Files.readString(file);
        Matcher m = ENV_KEY.matcher(text);
        while (m.find()) {
          named.add(m.group());
        }
        if (text.contains("System.getenv")) {
          readers.add(DeployFiles.REPO.relativize(file).toString());
        }
      }
    }
    assertThat(named.stream().filter(n -> !registered.contains(n) && !MonitorSettings.REGISTRY.knows(n)).toList())
        .as("POLICY_MONITOR_* names in the main sources, the launcher and logback that are neither a registered key "
            + "or family, nor a family member, nor the _FILE form of a secret").isEmpty();
    assertThat(readers).as("classes that read the environment").containsExactly(
        "monitor-runtime/src/main/java/dev/policymonitor/runtime/config/Settings.java");
  }

  private static boolean mainSource(Path file) {
    String relative = DeployFiles.REPO.relativize(file).toString();
    return relative.equals("policy-monitor")
        || relative.matches("monitor-[a-z]+/src/main/.*\\.(java|xml|yaml|yml|properties)");
  }

  /** The rows of the first markdown table of {@code text} with exactly these header cells, cells trimmed. */
  private static List<List<String>> table(String text, String... header) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (cells(lines.get(i)).equals(List.of(header))) {
        List<List<String>> rows = new ArrayList<>();
        for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
          rows.add(cells(lines.get(j)));
        }
        assertThat(rows).as("rows of the table %s", List.of(header)).isNotEmpty();
        return rows;
      }
    }
    throw new AssertionError("no table with the header " + List.of(header));
  }

  private static List<String> cells(String line) {
    if (!line.startsWith("|")) {
      return List.of();
    }
    List<String> cells = new ArrayList<>();
    for (String cell : line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }

  /** The text of a cell that is one code span: {@code `x`} -> {@code x}. */
  private static String code(String cell) {
    assertThat(cell).as("a code span").startsWith("`").endsWith("`");
    return cell.substring(1, cell.length() - 1);
  }

  private static Set<String> backticked(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
