package dev.policymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.policymonitor.runtime.LogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The runtime {@code logback.xml} of monitor-app: one line per event, vendor and document in every line. */
class StructuredLogsTest {
  private static final String MESSAGE = "vendor=acme document=privacy-policy said \"hi\"\nand more";

  @Test
  void shouldWriteOneLogfmtLinePerEventWithVendorAndDocumentFromTheMdc() throws Exception {
    List<String> lines = logWith("logfmt");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("ts=").contains(" level=WARN ", " logger=Checker ",
        " vendor=acme document=privacy-policy ", "msg=\"vendor=acme document=privacy-policy said \\\"hi\\\"\\nand more\"");
    assertThat(lines.get(1)).contains(" level=ERROR ", " vendor=- document=- ", "msg=\"broken\"",
        "error=\"java.lang.IllegalStateException: boom");
  }

  @Test
  void shouldWriteOneJsonObjectPerEventWithTheMdcAndTheFormattedMessage() throws Exception {
    List<String> lines = logWith("json");

    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("WARN");
    assertThat(first.at("/mdc/vendor").asText()).isEqualTo("acme");
    assertThat(first.at("/mdc/document").asText()).isEqualTo("privacy-policy");
    assertThat(first.path("formattedMessage").asText()).isEqualTo(MESSAGE);
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertThat(second.at("/throwable/className").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(second.path("mdc").isEmpty()).isTrue();
  }

  /** Configures a fresh Logback context from the runtime logback.xml and logs two events; the stderr lines. */
  private static List<String> logWith(String format) throws Exception {
    URL config = Class.forName("dev.policymonitor.app.PolicyMonitor").getResource("/logback.xml");
    assertThat(config).as("monitor-app's logback.xml").isNotNull();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      context.putProperty("POLICY_MONITOR_LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger log = context.getLogger("dev.policymonitor.fetcher.Checker");
      try (LogContext ignored = LogContext.of("acme", "privacy-policy")) {
        log.warn("vendor={} document={} said \"hi\"\nand more", "acme", "privacy-policy");
      }
      assertThat(MDC.get(LogContext.VENDOR)).isNull();
      log.error("broken", new IllegalStateException("boom"));
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
