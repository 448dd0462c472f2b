package dev.policymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.testing.FakeOidcIssuer;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.Role;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The web side's secrets (API tokens, the OIDC client secret, the shared secret that signs sessions) never show:
 * a whole {@code run} with authentication on is driven through good and bad logins, bearer calls, a feed token in
 * a URL, an OIDC login and a refused one, then every output of the run is searched for the planted values: the
 * console, every log event (policy-monitor loggers at DEBUG), every HTTP answer (bodies and headers) including
 * {@code /health} and {@code /metrics}.
 */
class WebSecretsRedactionTest {
  private static final String CLIENT_SECRET = "planted-client-secret-91c2e7";
  private static final String SHARED_SECRET = "planted-shared-secret-4b1d0e9a7c3f5e2d8a6b";
  private static final String PAGE = "<html><body><main><h1>Privacy</h1><p>We never sell data.</p></main></body></html>";

  @StartStop final MockWebServer site = new MockWebServer();
  private final List<String> answers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void shouldNeverPrintATokenTheClientSecretOrTheSharedSecret(@TempDir Path dir) throws Exception {
    site.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body(PAGE).build());
    Path tokens = dir.resolve("web-tokens");
    String editor = TokenStore.add(tokens, "eddie", Role.EDITOR, ApiToken.Scope.API, Clock.systemUTC()).token();
    String feed = TokenStore.add(tokens, "feeds", Role.VIEWER, ApiToken.Scope.FEED, Clock.systemUTC()).token();
    Path secretFile = Files.writeString(dir.resolve("web-secret"), SHARED_SECRET);
    List<String> planted = List.of(editor, feed, CLIENT_SECRET, SHARED_SECRET,
        editor.substring(TokenStore.PREFIX.length()), feed.substring(TokenStore.PREFIX.length()));

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("dev.policymonitor");
    Level before = ours.getLevel();
    logs.start();
    root.addAppender(logs);
    ours.setLevel(Level.DEBUG);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (FakeOidcIssuer issuer = FakeOidcIssuer.start("policy-monitor", CLIENT_SECRET)) {
      issuer.user(Map.of("sub", "u-1", "email", "alice@example.com", "email_verified", true));
      Map<String, String> env = new HashMap<>();
      env.put(WebSecuritySettings.TOKENS_FILE_ENV, tokens.toString());
      env.put(WebSecuritySettings.SECRET_FILE_ENV, secretFile.toString());
      env.put(WebSecuritySettings.OIDC_ISSUER_ENV, issuer.issuer().toString());
      env.put(WebSecuritySettings.OIDC_CLIENT_ID_ENV, "policy-monitor");
      env.put(WebSecuritySettings.OIDC_CLIENT_SECRET_ENV, CLIENT_SECRET);
      env.put(WebSecuritySettings.OIDC_ALLOWED_DOMAINS_ENV, "example.com");
      env.put(WebSecuritySettings.PUBLIC_URL_ENV, "http://policy.test:8080");
      env.put("POLICY_MONITOR_ALLOW_PRIVATE_TARGETS", "true"); // the vendor site is local
      VendorsConfig vendors = new VendorsConfig(Duration.ofMinutes(5), List.of(new VendorConfig("acme", "Acme", null,
          List.of(DocumentDeclaration.of("privacy-policy", site.url("/privacy").toString())))));
      try (Pipeline pipeline = Launch.all(MonitorSettings.of(env)).stateDir(dir.resolve("state"))
          .http(new HttpEndpoint(null, 0, 0)).vendors(vendors)
          .start(new PrintStream(console, true, StandardCharsets.UTF_8))) {
        URI web = URI.create(pipeline.httpUrl());
        URI management = URI.create(pipeline.managementUrl());
        await().atMost(Duration.ofSeconds(90)).until(() -> send(get(web.resolve("/api/documents"))
            .header("Authorization", "Bearer " + editor)).contains("acme/privacy-policy"));

        send(get(web.resolve("/api/documents")));
        send(get(web.resolve("/api/documents")).header("Authorization", "Bearer " + editor + "x"));
        send(get(web.resolve("/api/documents")).header("Authorization", "Bearer " + feed));
        send(get(web.resolve("/api/documents?token=" + editor)));
        send(post(web.resolve("/auth/login"), "{\"token\":\"" + editor + "\"}"));
        send(post(web.resolve("/auth/login"), "{\"token\":\"" + feed + "\"}"));
        send(post(web.resolve("/auth/login"), "{\"token\":\"" + editor.substring(0, 20) + "\"}"));
        String oidcSession = oidcLogin(web).headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("pm_session=")).findFirst().orElseThrow().split(";")[0];
        send(get(web.resolve("/auth/session")).header("Cookie", oidcSession));
        issuer.misbehave(FakeOidcIssuer.Misbehaviour.FOREIGN_KEY);
        oidcLogin(web);
        send(get(web.resolve("/auth/session")));
        send(get(management.resolve("/health")));
        send(get(management.resolve("/health/live")));
        String metrics = send(get(management.resolve("/metrics")));
        assertThat(metrics).contains("jvm_");
      }
    } finally {
      root.detachAppender(logs);
      ours.setLevel(before);
    }

    List<String> outputs = new ArrayList<>(answers);
    outputs.add(console.toString(StandardCharsets.UTF_8));
    for (ILoggingEvent e : logs.list) {
      outputs.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        outputs.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertThat(answers).as("the run was driven").hasSizeGreaterThan(12);
    assertThat(logs.list).as("log events were captured").anyMatch(e -> e.getLoggerName().startsWith("dev.policymonitor"));
    assertThat(String.join("\n", outputs)).as("the OIDC login and the refused one happened")
        .contains("alice@example.com").contains("ID token is not valid");
    for (String secret : planted) {
      assertThat(outputs).as("no output shows a planted secret").noneMatch(o -> o.contains(secret));
    }
  }

  /** The browser's OIDC round trip; the provider's redirect to the public URL is replayed on the test server. */
  private HttpResponse<String> oidcLogin(URI web) throws Exception {
    HttpResponse<String> start = sendFull(get(web.resolve("/auth/oidc/login")));
    String location = start.headers().firstValue("Location").orElseThrow();
    String stateCookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> atIssuer = sendFull(get(URI.create(location)));
    String callback = atIssuer.headers().firstValue("Location").orElseThrow()
        .substring("http://policy.test:8080".length());
    return sendFull(get(web.resolve(callback)).header("Cookie", stateCookie));
  }

  private static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET();
  }

  private static HttpRequest.Builder post(URI uri, String json) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private String send(HttpRequest.Builder request) throws Exception {
    return sendFull(request).body();
  }

  private HttpResponse<String> sendFull(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    answers.add(r.statusCode() + " " + r.headers().map() + "\n" + r.body());
    return r;
  }
}
