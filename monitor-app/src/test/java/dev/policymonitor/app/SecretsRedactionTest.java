package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.policymonitor.broker.EmbeddedKafkaBroker;
import dev.policymonitor.broker.SecureListener;
import dev.policymonitor.model.Topic;
import dev.policymonitor.runtime.KafkaClients;
import dev.policymonitor.testing.TestTls;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.Role;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every secret setting gets a distinctive planted value (the Kafka SCRAM password, the TLS store password, the Slack
 * webhook URL, the webhook URL's token and its signing secret, the SMTP password, a web API token from the tokens
 * file and the web's shared secret), the whole pipeline runs against a
 * SASL_SSL cluster with every channel failing (Slack and the webhook answer 500, SMTP refuses the password) and the
 * Kafka clients dumping their configuration at INFO; then every output is searched for the planted values: the
 * console, stdout and stderr, every log line with full stack traces, {@code /health}, {@code /metrics}, the web page,
 * the API, and every record of every topic (the dead letters hold the errors). None may appear.
 */
class SecretsRedactionTest {
  private static final String KAFKA_PASSWORD = "kafkaPw-PLANTED-1f2e";
  private static final String STORE_PASSWORD = "storePw-PLANTED-3d4c";
  private static final String SLACK_PATH = "slackPath-PLANTED-5b6a";
  private static final String HOOK_TOKEN = "hookToken-PLANTED-7980";
  private static final String HOOK_SECRET = "hookSecret-PLANTED-a1b2";
  private static final String SMTP_PASSWORD = "smtpPw-PLANTED-c3d4";
  private static final String WEB_SECRET = "webSecret-PLANTED-e5f6-0123456789abcdef0123456789";
  private static final List<String> CHANNELS = List.of("slack", "webhook", "email");

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@policy.test", "alerts", "the-real-one"));

  @StartStop final MockWebServer site = new MockWebServer();
  @StartStop final MockWebServer hooks = new MockWebServer();

  @Test
  void shouldPrintNoPlantedSecretAnywhereWhileEveryChannelFails(@TempDir Path dir) throws Exception {
    TestTls tls = TestTls.create(dir.resolve("tls"), STORE_PASSWORD);
    Path tokens = dir.resolve("web-tokens");
    String token = TokenStore.add(tokens, "redaction", Role.VIEWER, ApiToken.Scope.API, Clock.systemUTC()).token();
    List<String> planted = new ArrayList<>(List.of(KAFKA_PASSWORD, STORE_PASSWORD, SLACK_PATH, HOOK_TOKEN,
        HOOK_SECRET, SMTP_PASSWORD, WEB_SECRET, token, token.substring(TokenStore.PREFIX.length())));
    hooks.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(500).body("internal_error").build();
      }
    });
    Map<String, String> env = new HashMap<>();
    env.put("POLICY_MONITOR_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("POLICY_MONITOR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    env.put("POLICY_MONITOR_KAFKA_SASL_JAAS_CONFIG_FILE", secret(dir, "jaas",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"monitor\" password=\""
            + KAFKA_PASSWORD + "\";"));
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_LOCATION", tls.trustStore().toString());
    env.put("POLICY_MONITOR_KAFKA_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
    env.put("POLICY_MONITOR_SLACK_WEBHOOK_URL_FILE", secret(dir, "slack",
        hooks.url("/services/T0/B0/" + SLACK_PATH).toString()));
    env.put("POLICY_MONITOR_WEBHOOK_URL", hooks.url("/hook?token=" + HOOK_TOKEN).toString());
    env.put("POLICY_MONITOR_WEBHOOK_SECRET_FILE", secret(dir, "hmac", HOOK_SECRET));
    env.put("POLICY_MONITOR_SMTP_HOST", "127.0.0.1");
    env.put("POLICY_MONITOR_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()));
    env.put("POLICY_MONITOR_SMTP_USERNAME", "alerts");
    env.put("POLICY_MONITOR_SMTP_PASSWORD_FILE", secret(dir, "smtp", SMTP_PASSWORD));
    env.put("POLICY_MONITOR_SMTP_STARTTLS", "false");
    env.put("POLICY_MONITOR_EMAIL_FROM", "alerts@policy.test");
    env.put("POLICY_MONITOR_EMAIL_TO", "privacy@team.test");
    env.put(WebSecuritySettings.TOKENS_FILE_ENV, tokens.toString());
    env.put(WebSecuritySettings.SECRET_FILE_ENV, secret(dir, "web", WEB_SECRET));
    env.put("POLICY_MONITOR_ALERT_MAX_ATTEMPTS", "2");
    env.put("POLICY_MONITOR_ALERT_BACKOFF", "PT0.01S");
    env.put("POLICY_MONITOR_ALERT_MAX_BACKOFF", "PT0.02S");
    PolicySite policy = new PolicySite(site);

    Map<String, String> outputs = new LinkedHashMap<>();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary(SecureListener.saslSsl(
            tls.brokerKeyStore(), tls.password(), Map.of("monitor", KAFKA_PASSWORD)));
        CapturedLogs captured = CapturedLogs.start(logs)) {
      System.setOut(new PrintStream(tee(systemOut, stdout), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(tee(systemErr, stderr), true, StandardCharsets.UTF_8));
      try (Pipeline pipeline = Launch.all(MonitorSettings.of(env)).cluster(broker.secureBootstrapServers())
          .stateDir(dir.resolve("state")).vendors(policy.vendors())
          .start(new PrintStream(console, true, StandardCharsets.UTF_8))) {
        String base = pipeline.httpUrl();
        await().atMost(Duration.ofSeconds(90)).until(() -> Pattern.compile(
            "policy_changes_total\\{[^}]*kind=\"first\"[^}]*} [1-9]").matcher(get(base + "metrics", null)).find());
        policy.change(); // a live change: what every channel is sent by default
        await().atMost(Duration.ofSeconds(90)).until(() -> deadLettered(get(base + "metrics", null)));
        for (String path : List.of("health", "health/ready", "metrics", "", "api/documents",
            "api/documents/acme/privacy-policy", "api/documents/acme/privacy-policy/changes",
            "api/documents/acme/privacy-policy/versions")) {
          outputs.put("GET /" + path, get(base + path, path.startsWith("api/") ? token : null));
        }
        outputs.put("topics", topics(pipeline.clients()));
      }
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
    outputs.put("console", console.toString(StandardCharsets.UTF_8));
    outputs.put("stdout", stdout.toString(StandardCharsets.UTF_8));
    outputs.put("stderr", stderr.toString(StandardCharsets.UTF_8));
    outputs.put("logs", logs.toString(StandardCharsets.UTF_8));

    // the error paths ran and every output was captured: a search that could not find anything proves nothing
    assertThat(outputs.get("logs")).contains("ProducerConfig values").contains("sasl.jaas.config = [hidden]")
        .contains("Slack webhook answered 500").contains("webhook answered 500")
        .contains("refused the credentials of alerts").contains("dead-lettered");
    assertThat(outputs.get("topics")).contains("Slack webhook answered 500").contains("refused the credentials");
    assertThat(outputs.get("console")).contains("ALERT");
    assertThat(outputs.get("GET /health")).contains("\"broker\":\"UP\"");
    assertThat(outputs.get("GET /api/documents")).as("the token opened the API").startsWith("200").contains("acme");
    assertThat(hooks.getRequestCount()).as("Slack and the webhook were called").isGreaterThanOrEqualTo(4);
    outputs.forEach((where, text) -> assertThat(planted).as("planted secrets in %s", where)
        .noneSatisfy(secret -> assertThat(text).contains(secret)));
  }

  /** Whether every channel dead-lettered an alert, by the scrape of {@code policy.alert.deliveries}. */
  private static boolean deadLettered(String metrics) {
    return CHANNELS.stream().allMatch(c -> Pattern.compile("policy_alert_deliveries_total\\{[^}]*channel=\"" + c
        + "\"[^}]*outcome=\"dead-lettered\"[^}]*} [1-9]").matcher(metrics).find());
  }

  /** The answer's status line, headers and body; with {@code token} as a bearer token when not null. */
  private static String get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    return answer.statusCode() + " " + answer.headers().map() + "\n" + answer.body();
  }

  /** Every record (keys, values, headers) of every topic of the pipeline, as text. */
  private static String topics(KafkaClients clients) {
    StringBuilder text = new StringBuilder();
    try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer("redaction-reader", null,
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of("isolation.level", "read_uncommitted"))) {
      for (Topic<?, ?> topic : PipelineTopics.ALL) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            text.append(r.topic()).append(' ').append(string(r.key())).append(' ').append(string(r.value()));
            r.headers().forEach(h -> text.append(' ').append(h.key()).append('=').append(string(h.value())));
            text.append('\n');
          });
        }
      }
    }
    return text.toString();
  }

  private static String string(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String secret(Path dir, String name, String value) throws Exception {
    return Files.writeString(dir.resolve(name + ".secret"), value + "\n").toString();
  }

  private static OutputStream tee(OutputStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public void write(int c) throws java.io.IOException {
        a.write(c);
        b.write(c);
      }

      @Override
      public void write(byte[] bytes, int off, int len) throws java.io.IOException {
        a.write(bytes, off, len);
        b.write(bytes, off, len);
      }
    };
  }

  /**
   * Every log line of the process with its full stack trace, with the Kafka clients' configuration dumps (INFO)
   * and the monitor's own lines down to DEBUG; the levels are restored on close.
   */
  private static final class CapturedLogs implements AutoCloseable {
    private static final List<String> VERBOSE = List.of("org.apache.kafka.clients", "org.apache.kafka.streams",
        "org.apache.kafka.common", "dev.policymonitor");
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Map<String, Level> levels = new HashMap<>();

    static CapturedLogs start(OutputStream into) {
      CapturedLogs c = new CapturedLogs();
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(c.context);
      encoder.setPattern("%level %logger %mdc %msg%n%ex{full}");
      encoder.start();
      c.appender.setContext(c.context);
      c.appender.setEncoder(encoder);
      c.appender.setOutputStream(into);
      c.appender.start();
      c.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(c.appender);
      for (String name : VERBOSE) {
        Logger logger = c.context.getLogger(name);
        c.levels.put(name, logger.getLevel());
        logger.setLevel(name.startsWith("dev.") ? Level.DEBUG : Level.INFO);
      }
      return c;
    }

    @Override
    public void close() {
      levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
      context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
      appender.stop();
    }
  }
}
