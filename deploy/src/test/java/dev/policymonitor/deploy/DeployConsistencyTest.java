package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.alerts.AlertsService;
import dev.policymonitor.app.MonitorSettings;
import dev.policymonitor.app.PolicyMonitor;
import dev.policymonitor.model.Topic;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.TopicLayout;
import dev.policymonitor.streams.StreamsService;
import dev.policymonitor.testing.KafkaBroker;
import dev.policymonitor.web.WebRoutes;
import dev.policymonitor.web.auth.WebSecuritySettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What can be checked of the deployment files without Docker or a cluster: they parse, every service command is a
 * command line the application accepts (picocli's own model of {@link PolicyMonitor#commandLine()}), ports agree
 * between the command, the container, the Service and Prometheus, every {@code POLICY_MONITOR_*} variable is one
 * the application reads, every topic and consumer group named exists, and Grafana's provisioning points at what
 * compose mounts and runs.
 */
class DeployConsistencyTest {
  private static final Set<String> SERVICES = Set.of("fetcher", "streams", "alerts");
  private static final Pattern ENV_KEY = Pattern.compile("POLICY_MONITOR_[A-Z0-9_]+");

  private final JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE);

  @Test
  void shouldRunEachServiceInItsOwnContainerWithACommandLineTheApplicationAccepts() {
    for (String service : SERVICES) {
      JsonNode container = compose.at("/services/" + service);
      assertThat(container.isMissingNode()).as("compose service %s", service).isFalse();
      List<String> command = strings(container.path("command"));
      assertAccepted("compose " + service, command, Map.of());
      assertThat(command.get(0)).as("compose %s runs its own subcommand", service).isEqualTo(service);
      assertThat(option(command, "--bootstrap-servers")).isEqualTo("kafka:9092");
      assertThat(container.path("image").asText()).isEqualTo(compose.at("/services/fetcher/image").asText());
      assertThat(container.at("/build/dockerfile").asText()).isEqualTo("deploy/Dockerfile");
    }
  }

  @Test
  void shouldPublishTheHttpPortEachServiceListensOnAndScrapeItsMetricsPortFromPrometheus() {
    Map<String, String> expectedTargets = new HashMap<>();
    for (String service : SERVICES) {
      JsonNode container = compose.at("/services/" + service);
      List<String> command = strings(container.path("command"));
      String httpPort = option(command, "--http-port");
      List<String> containerPorts = strings(container.path("ports")).stream()
          .map(p -> p.substring(p.lastIndexOf(':') + 1)).toList();
      assertThat(containerPorts).as("compose %s ports", service).contains(httpPort);
      expectedTargets.put(service + ":" + metricsPort(command), service);
    }

    Map<String, String> scraped = new HashMap<>();
    JsonNode prometheus = DeployFiles.yaml(DeployFiles.PROMETHEUS_CONFIG);
    for (JsonNode job : prometheus.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
      for (JsonNode group : job.path("static_configs")) {
        for (String target : strings(group.path("targets"))) {
          scraped.put(target, group.at("/labels/service").asText());
        }
      }
    }
    assertThat(scraped).isEqualTo(expectedTargets);
  }

  @Test
  void shouldPointKafkaClientsAtTheComposeBrokerOfTheVersionTheBuildUses() {
    JsonNode kafka = compose.at("/services/kafka");
    assertThat(kafka.path("image").asText()).isEqualTo(KafkaBroker.IMAGE);
    assertThat(kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
    assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    for (String service : SERVICES) {
      assertThat(compose.at("/services/" + service + "/depends_on/kafka/condition").asText())
          .isEqualTo("service_healthy");
    }
  }

  @Test
  void shouldMountAVendorsFileTheApplicationCanLoadWhereTheCommandsLookForIt() {
    for (String service : SERVICES) {
      JsonNode container = compose.at("/services/" + service);
      List<String> command = strings(container.path("command"));
      Map<String, String> mounts = mounts(container);
      assertThat(command.contains("--config")).as("compose %s passes the vendors file it reads", service)
          .isEqualTo(takes(service, "--config"));
      assertThat(command.contains("--state-dir")).as("compose %s passes the state directory it uses", service)
          .isEqualTo(takes(service, "--state-dir"));
      if (command.contains("--state-dir")) {
        assertThat(mounts).as("compose %s volumes", service).containsValue(option(command, "--state-dir"));
      }
      if (command.contains("--config")) {
        String config = option(command, "--config");
        assertThat(mounts).as("compose %s volumes", service).containsValue(config);
        String source = mounts.entrySet().stream().filter(e -> e.getValue().equals(config)).findFirst()
            .orElseThrow().getKey();
        Path file = DeployFiles.DIR.resolve(source).normalize();
        assertThat(file).isRegularFile();
        assertThat(VendorsConfig.load(file).targets()).isNotEmpty();
      }
    }
  }

  @Test
  void shouldUseOnlyEnvironmentVariablesTheApplicationReads() throws IOException {
    Set<String> known = keysTheApplicationReads();
    Set<String> used = new TreeSet<>();
    for (JsonNode service : iterable(compose.path("services"))) {
      service.path("environment").fieldNames().forEachRemaining(used::add);
    }
    for (Path file : k8sFiles()) {
      for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
        doc.findValues("env").forEach(env -> env.forEach(e -> used.add(e.path("name").asText())));
        doc.path("data").fieldNames().forEachRemaining(used::add);
      }
    }
    Matcher dockerfile = Pattern.compile("(?m)^ENV\\s+(\\w+)=").matcher(DeployFiles.read(DeployFiles.DIR.resolve("Dockerfile")));
    while (dockerfile.find()) {
      used.add(dockerfile.group(1));
    }
    Set<String> ours = used.stream().filter(k -> k.startsWith("POLICY_MONITOR_")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(ours).as("POLICY_MONITOR_* keys in compose, k8s and the Dockerfile").isNotEmpty();
    assertThat(ours.stream().filter(k -> !known.contains(k) && !MonitorSettings.REGISTRY.knows(k)).toList())
        .as("keys the application does not read (neither named in its sources, nor a family member or the _FILE "
            + "form of a secret in its registry)").isEmpty();
  }

  @Test
  void shouldNameOnlyTopicsAndConsumerGroupsThePipelineHas() {
    Set<String> topics = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
    Set<String> groups = Set.of(StreamsService.APPLICATION_ID, AlertsService.GROUP_ID);
    List<PromQl.Expression> all = new ArrayList<>(PromQl.dashboardExpressions(DeployFiles.json(DeployFiles.DASHBOARD)));
    all.addAll(PromQl.ruleExpressions(DeployFiles.yaml(DeployFiles.RULES)));
    Set<String> topicsNamed = labelValues(all, "topic");
    Set<String> groupsNamed = labelValues(all, "group");
    assertThat(topicsNamed).as("topics named in PromQL").isNotEmpty();
    assertThat(topics).containsAll(topicsNamed);
    assertThat(groups).containsAll(groupsNamed);
  }

  @Test
  void shouldProvisionGrafanaWithTheDashboardAndAPrometheusDatasourceCompooseRuns() {
    JsonNode grafana = compose.at("/services/grafana");
    Map<String, String> mounts = mounts(grafana);
    assertThat(mounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning")
        .containsEntry("./grafana/dashboards", "/var/lib/grafana/dashboards");
    JsonNode provider = DeployFiles.yaml(DeployFiles.DIR.resolve("grafana/provisioning/dashboards/policy-monitor.yaml"))
        .at("/providers/0");
    assertThat(provider.at("/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    JsonNode datasource = DeployFiles.yaml(DeployFiles.DIR.resolve("grafana/provisioning/datasources/prometheus.yaml"))
        .at("/datasources/0");
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    String prometheusPort = strings(compose.at("/services/prometheus/ports")).get(0).replaceAll(".*:", "");
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:" + prometheusPort);
    JsonNode variable = DeployFiles.json(DeployFiles.DASHBOARD).at("/templating/list/0");
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.at("/current/value").asText()).isEqualTo(datasource.path("uid").asText());

    JsonNode prometheus = compose.at("/services/prometheus");
    assertThat(mounts(prometheus)).containsEntry("./prometheus", "/etc/prometheus");
    assertThat(strings(prometheus.path("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(strings(DeployFiles.yaml(DeployFiles.PROMETHEUS_CONFIG).path("rule_files"))).containsExactly("rules/*.yml");
  }

  @Test
  void shouldDeployEachServiceToKubernetesWithAcceptedArgumentsMatchingPortsProbesAndConfig() {
    Map<String, JsonNode> byKindAndName = new LinkedHashMap<>();
    for (Path file : k8sFiles()) {
      for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
        byKindAndName.put(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
      }
    }
    JsonNode configMap = byKindAndName.get("ConfigMap/policy-monitor");
    assertThat(configMap).as("ConfigMap policy-monitor").isNotNull();
    String vendors = configMap.at("/data/vendors.yaml").asText();
    assertThat(vendors).isEqualTo(DeployFiles.read(DeployFiles.DIR.resolve("config/vendors.yaml")));
    assertThat(VendorsConfig.parse(new ByteArrayInputStream(vendors.getBytes(StandardCharsets.UTF_8)), "configmap")
        .targets()).isNotEmpty();

    for (String service : SERVICES) {
      JsonNode deployment = byKindAndName.get("Deployment/policy-monitor-" + service);
      assertThat(deployment).as("Deployment policy-monitor-%s", service).isNotNull();
      JsonNode pod = deployment.at("/spec/template");
      JsonNode container = pod.at("/spec/containers/0");
      Map<String, String> env = new HashMap<>();
      for (JsonNode e : container.path("env")) {
        JsonNode ref = e.at("/valueFrom/configMapKeyRef");
        String value = ref.isMissingNode() ? e.path("value").asText()
            : byKindAndName.get("ConfigMap/" + ref.path("name").asText()).at("/data/" + ref.path("key").asText()).asText();
        env.put(e.path("name").asText(), value);
      }
      List<String> args = strings(container.path("args"));
      assertAccepted("k8s " + service, args, env);
      assertThat(args.get(0)).isEqualTo(service);

      String httpPort = option(args, "--http-port");
      JsonNode port = container.at("/ports/0");
      assertThat(port.path("containerPort").asText()).isEqualTo(httpPort);
      String metricsPort = metricsPort(args);
      JsonNode metrics = find(container.path("ports"), "containerPort", metricsPort);
      assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(metricsPort);
      assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/metrics");
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat(container.at("/" + probe + "/httpGet/port").asText()).as("%s %s", service, probe)
            .isEqualTo(metrics.path("name").asText());
      }

      assertThat(args.contains("--config")).as("k8s %s passes the vendors file it reads", service)
          .isEqualTo(takes(service, "--config"));
      assertThat(args.contains("--state-dir")).as("k8s %s passes the state directory it uses", service)
          .isEqualTo(takes(service, "--state-dir"));
      if (args.contains("--config")) {
        String configDir = Path.of(option(args, "--config")).getParent().toString();
        JsonNode configMount = find(container.path("volumeMounts"), "mountPath", configDir);
        JsonNode configVolume = find(pod.at("/spec/volumes"), "name", configMount.path("name").asText());
        assertThat(configVolume.at("/configMap/name").asText()).isEqualTo("policy-monitor");
        assertThat(configVolume.at("/configMap/items/0/path").asText())
            .isEqualTo(Path.of(option(args, "--config")).getFileName().toString());
      }
      if (args.contains("--state-dir")) {
        find(container.path("volumeMounts"), "mountPath", option(args, "--state-dir"));
      }

      JsonNode k8sService = byKindAndName.get("Service/policy-monitor-" + service);
      assertThat(k8sService).as("Service policy-monitor-%s", service).isNotNull();
      assertThat(k8sService.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
      assertThat(k8sService.at("/spec/ports/0/targetPort").asText()).isEqualTo(port.path("name").asText());
      assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(pod.at("/metadata/labels"));
    }
    JsonNode kustomization = DeployFiles.yaml(DeployFiles.K8S.resolve("kustomization.yaml"));
    assertThat(strings(kustomization.path("resources"))).containsExactlyInAnyOrderElementsOf(
        k8sFiles().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void shouldRunEveryServiceReplicatedWithOnePartitionCountAndEachStreamsReplicaAdvertisingItsPodAddress() {
    JsonNode configMap = null;
    for (Path file : k8sFiles()) {
      for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
        if (doc.path("kind").asText().equals("ConfigMap")) {
          configMap = doc;
        }
      }
    }
    assertThat(configMap).isNotNull();
    String partitions = configMap.at("/data/" + TopicLayout.PARTITIONS.name()).asText();
    assertThat(TopicLayout.PARTITIONS.parse(partitions)).as("partitions in the ConfigMap").isGreaterThanOrEqualTo(2);
    for (String service : SERVICES) {
      JsonNode deployment = k8sDeployment(service);
      int replicas = deployment.at("/spec/replicas").asInt();
      assertThat(replicas).as("k8s %s replicas", service).isGreaterThanOrEqualTo(2)
          .isLessThanOrEqualTo(TopicLayout.PARTITIONS.parse(partitions));
      JsonNode env = deployment.at("/spec/template/spec/containers/0/env");
      assertThat(find(env, "name", TopicLayout.PARTITIONS.name()).at("/valueFrom/configMapKeyRef/key").asText())
          .as("k8s %s takes the one partition count of the ConfigMap", service)
          .isEqualTo(TopicLayout.PARTITIONS.name());
    }
    JsonNode streamsEnv = k8sDeployment("streams").at("/spec/template/spec/containers/0/env");
    assertThat(find(streamsEnv, "name", WebRoutes.ADVERTISED_HOST.name()).at("/valueFrom/fieldRef/fieldPath").asText())
        .as("each streams replica advertises its own pod IP (Downward API)").isEqualTo("status.podIP");
  }

  @Test
  void shouldBindEveryContainerToAllInterfacesExplicitly() {
    for (String service : SERVICES) {
      assertThat(option(strings(compose.at("/services/" + service + "/command")), "--http-bind"))
          .as("compose %s", service).isEqualTo("0.0.0.0");
      JsonNode container = k8sDeployment(service).at("/spec/template/spec/containers/0");
      assertThat(option(strings(container.path("args")), "--http-bind")).as("k8s %s", service).isEqualTo("0.0.0.0");
    }
    assertThat(DeployFiles.read(DeployFiles.DIR.resolve("Dockerfile")))
        .contains("ENV " + WebSecuritySettings.HTTP_BIND_ENV + "=0.0.0.0");
  }

  @Test
  void shouldServeTheWebPageWithAuthenticationOrOnlyOnTheHostsLoopback() {
    // compose: an open page only when every published port of the stack is on the host's loopback
    JsonNode streams = compose.at("/services/streams");
    WebSecuritySettings composeWeb = WebSecuritySettings.fromEnvironment(environment(streams.path("environment")));
    if (!composeWeb.authenticationConfigured()) {
      assertThat(composeWeb.auth()).isEqualTo(WebSecuritySettings.AuthMode.NONE);
      for (JsonNode service : iterable(compose.path("services"))) {
        assertThat(strings(service.path("ports"))).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
      }
    }
    // Kubernetes: the Service reaches the page from the whole cluster, so tokens come from a mounted Secret
    JsonNode pod = k8sDeployment("streams").at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    String tokens = env.get(WebSecuritySettings.TOKENS_FILE_ENV);
    assertThat(tokens).as("k8s streams %s", WebSecuritySettings.TOKENS_FILE_ENV).isNotBlank();
    assertThat(env.get(WebSecuritySettings.AUTH_ENV)).isNull();
    String dir = Path.of(tokens).getParent().toString();
    assertThat(Path.of(env.get(WebSecuritySettings.SECRET_FILE_ENV)).getParent().toString()).isEqualTo(dir);
    JsonNode mount = find(container.path("volumeMounts"), "mountPath", dir);
    JsonNode volume = find(pod.path("volumes"), "name", mount.path("name").asText());
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("policy-monitor-web");
  }

  @Test
  void shouldBuildTheImageFromWhatTheLauncherBuildProducesAndRunItsJar() {
    String pom = DeployFiles.read(DeployFiles.REPO.resolve("monitor-app/pom.xml"));
    assertThat(pom).contains("<finalName>policy-monitor</finalName>")
        .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>")
        .contains("<classpathPrefix>lib/</classpathPrefix>");
    String dockerfile = DeployFiles.read(DeployFiles.DIR.resolve("Dockerfile"));
    assertThat(dockerfile).contains("COPY monitor-app/target/lib/ lib/")
        .contains("COPY monitor-app/target/policy-monitor.jar policy-monitor.jar")
        .contains("WORKDIR /opt/policy-monitor")
        .contains("\"-jar\", \"/opt/policy-monitor/policy-monitor.jar\"");
    for (String service : SERVICES) {
      JsonNode build = compose.at("/services/" + service + "/build");
      Path context = DeployFiles.DIR.resolve(build.path("context").asText()).normalize();
      assertThat(context).isEqualTo(DeployFiles.REPO.normalize());
      assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
    }
  }

  @Test
  void shouldRejectAnOptionTheApplicationDoesNotHave() {
    assertThatCode(() -> assertAccepted("bad", List.of("fetcher", "--bootstrap-servers", "kafka:9092", "--no-such"),
        Map.of())).isInstanceOf(AssertionError.class).hasMessageContaining("--no-such");
  }

  /** Whether the service's command takes {@code option} (it takes only the options it uses). */
  private static boolean takes(String service, String option) {
    return PolicyMonitor.commandLine().getSubcommands().get(service).getCommandSpec().findOption(option) != null;
  }

  /** The command line parses with the application's own picocli model: subcommand, options and their values. */
  static void assertAccepted(String where, List<String> args, Map<String, String> env) {
    List<String> resolved = args.stream().map(a -> substitute(a, env)).toList();
    CommandLine cli = PolicyMonitor.commandLine();
    assertThat(cli.getSubcommands()).as("%s: subcommand %s exists", where, resolved.get(0))
        .containsKey(resolved.get(0));
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(resolved.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + String.join(" ", resolved) + " is rejected: " + e.getMessage(), e);
    }
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(resolved.get(0));
    assertThat(parsed.subcommand().unmatched()).as("%s: unmatched arguments", where).isEmpty();
  }

  /** Kubernetes' {@code $(VAR)} expansion from the container's environment; an unknown variable fails. */
  static String substitute(String arg, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      assertThat(value).as("environment variable %s used in %s", m.group(1), arg).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** Where a service serves /metrics and /health: its --management-port, else its --http-port. */
  private static String metricsPort(List<String> args) {
    return args.contains("--management-port") ? option(args, "--management-port") : option(args, "--http-port");
  }

  private JsonNode k8sDeployment(String service) {
    for (Path file : k8sFiles()) {
      for (JsonNode doc : DeployFiles.yamlDocuments(file)) {
        if (doc.path("kind").asText().equals("Deployment")
            && doc.at("/metadata/name").asText().equals("policy-monitor-" + service)) {
          return doc;
        }
      }
    }
    throw new AssertionError("no Deployment policy-monitor-" + service);
  }

  private static Map<String, String> environment(JsonNode composeEnvironment) {
    Map<String, String> env = new HashMap<>();
    composeEnvironment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    assertThat(i).as("option %s in %s", name, args).isGreaterThanOrEqualTo(0);
    return args.get(i + 1);
  }

  /** {@code source -> target} of a compose service's short-syntax volumes. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (String volume : strings(service.path("volumes"))) {
      String[] parts = volume.split(":");
      mounts.put(parts[0], parts[1]);
    }
    return mounts;
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.path(field).asText())) {
        return item;
      }
    }
    throw new AssertionError("no entry with " + field + "=" + value + " in " + array);
  }

  private static Set<String> labelValues(List<PromQl.Expression> expressions, String label) {
    Pattern p = Pattern.compile("\\b" + label + "\\s*=~?\\s*\"([^\"]+)\"");
    Set<String> values = new TreeSet<>();
    for (PromQl.Expression e : expressions) {
      Matcher m = p.matcher(e.promql());
      while (m.find()) {
        values.add(m.group(1));
      }
    }
    return values;
  }

  /**
   * Every {@code POLICY_MONITOR_*} name in the application's main sources and resources, of every module: the
   * variables it can read (Java {@code System.getenv}, Logback's {@code ${...}}).
   */
  private static Set<String> keysTheApplicationReads() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(DeployFiles.REPO)) {
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> DeployFiles.REPO.relativize(f).toString().matches("monitor-[a-z]+/src/main/.*"))
          .filter(f -> f.toString().matches(".*\\.(java|xml|yaml|yml|properties)$")).toList()) {
        Matcher m = ENV_KEY.matcher(Files.readString(file));
        while (m.find()) {
          keys.add(m.group());
        }
      }
    }
    return keys;
  }

  private static List<Path> k8sFiles() {
    try (Stream<Path> files = Files.list(DeployFiles.K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node::elements;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
