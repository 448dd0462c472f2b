package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Json;
import dev.policymonitor.web.auth.ApiToken;
import dev.policymonitor.web.auth.TokenStore;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.InstanceCredentials;
import dev.policymonitor.web.http.Role;
import dev.policymonitor.web.http.Routes;
import dev.policymonitor.web.server.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication on the real routes: API tokens (roles, feed tokens, revocation by editing the file), the page's
 * token login with its session cookie, CSRF and origin checks on every write of a cookie session (a test write
 * route stands for the team workspace's), forwarded queries between instances, and the open defaults.
 */
class WebAuthTest {
  @TempDir Path dir;
  private KnownHistory history;
  private URI base;
  private Path tokensFile;
  private String viewer;
  private String editor;
  private String feed;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    tokensFile = dir.resolve("web-tokens");
    viewer = TokenStore.add(tokensFile, "vera", Role.VIEWER, ApiToken.Scope.API, Clock.systemUTC()).token();
    editor = TokenStore.add(tokensFile, "eddie", Role.EDITOR, ApiToken.Scope.API, Clock.systemUTC()).token();
    feed = TokenStore.add(tokensFile, "vera-feed", Role.VIEWER, ApiToken.Scope.FEED, Clock.systemUTC()).token();
    Path secret = Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef-shared");
    base = serve(Map.of(WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString(),
        WebSecuritySettings.SECRET_FILE_ENV, secret.toString()));
  }

  private URI serve(Map<String, String> env) {
    if (history != null) {
      history.close();
    }
    history = new KnownHistory(dir.resolve("state-" + System.nanoTime()));
    WebAccess access = WebAccess.create(WebSecuritySettings.fromEnvironment(env), true, Clock.systemUTC());
    Routes workspace = Routes.builder()
        .write("POST", "/api/test-writes", Role.EDITOR, exchange -> HttpResponses.json(exchange, 201,
            Map.of("by", exchange.principal().name())))
        .feed("/feeds/changes.atom", exchange -> HttpResponses.send(exchange, 200, "application/atom+xml",
            "<feed/>".getBytes()))
        .build();
    return history.serve(InstanceRouter.LOCAL, access, access.routes().with(workspace), InstanceCredentials.NONE);
  }

  @AfterEach
  void stop() {
    history.close();
  }

  @Test
  void shouldRefuseTheApiWithoutATokenAndServeItWithOne() throws Exception {
    HttpResponse<String> none = send(get("/api/documents"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"policy-monitor\"");
    assertThat(none.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(send(get("/api/documents").header("Authorization", "Bearer " + viewer)).statusCode()).isEqualTo(200);
    assertThat(send(get("/api/documents").header("Authorization", "Bearer pmt_not-a-token")).statusCode())
        .isEqualTo(401);
    assertThat(send(get("/api/documents").header("Authorization", "Basic dmVyYTp4")).statusCode()).isEqualTo(401);
    assertThat(send(get("/")).statusCode()).as("the page's files hold no data: public").isEqualTo(200);
    assertThat(send(get("/app.js")).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldLetOnlyEditorsWriteAndExemptBearerCallsFromCsrf() throws Exception {
    assertThat(send(post("/api/test-writes", "{}").header("Authorization", "Bearer " + viewer)).statusCode())
        .isEqualTo(403);
    HttpResponse<String> made = send(post("/api/test-writes", "{}").header("Authorization", "Bearer " + editor));
    assertThat(made.statusCode()).isEqualTo(201);
    assertThat(made.body()).contains("\"by\":\"eddie\"");
  }

  @Test
  void shouldAcceptFeedTokensOnFeedsOnlyAndOnlyThemInTheUrl() throws Exception {
    assertThat(send(get("/feeds/changes.atom?token=" + feed)).statusCode()).isEqualTo(200);
    assertThat(send(get("/feeds/changes.atom").header("Authorization", "Bearer " + feed)).statusCode()).isEqualTo(200);
    assertThat(send(get("/api/documents").header("Authorization", "Bearer " + feed)).statusCode()).isEqualTo(403);
    assertThat(send(get("/api/documents?token=" + feed)).statusCode()).isEqualTo(401);
    assertThat(send(get("/feeds/changes.atom?token=" + viewer)).statusCode())
        .as("API tokens never in URLs").isEqualTo(401);
    assertThat(send(login(feed)).statusCode()).as("a feed token cannot log in").isEqualTo(401);
  }

  @Test
  void shouldLogInWithATokenIntoAStrictHttpOnlySessionAndCheckCsrfOnEveryWrite() throws Exception {
    HttpResponse<String> loggedIn = send(login(editor));
    assertThat(loggedIn.statusCode()).isEqualTo(200);
    String setCookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("pm_session=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").doesNotContain("Secure");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(loggedIn.body()).doesNotContain(editor);
    String csrf = Json.mapper().readTree(loggedIn.body()).get("csrfToken").asText();

    assertThat(send(get("/api/documents").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    JsonNode who = Json.mapper().readTree(send(get("/auth/session").header("Cookie", cookie)).body());
    assertThat(who.get("user").asText()).isEqualTo("eddie");
    assertThat(who.get("role").asText()).isEqualTo("editor");
    assertThat(who.get("csrfToken").asText()).isEqualTo(csrf);

    assertThat(send(post("/api/test-writes", "{}").header("Cookie", cookie)).statusCode())
        .as("no CSRF token").isEqualTo(403);
    assertThat(send(post("/api/test-writes", "{}").header("Cookie", cookie).header("X-CSRF-Token", "guess"))
        .statusCode()).as("wrong CSRF token").isEqualTo(403);
    assertThat(send(post("/api/test-writes", "{}").header("Cookie", cookie).header("X-CSRF-Token", csrf)
        .header("Origin", "https://evil.example")).statusCode()).as("cross-origin").isEqualTo(403);
    assertThat(send(post("/api/test-writes", "{}").header("Cookie", cookie).header("X-CSRF-Token", csrf)
        .header("Sec-Fetch-Site", "cross-site")).statusCode()).as("cross-site").isEqualTo(403);
    HttpResponse<String> ok = send(post("/api/test-writes", "{}").header("Cookie", cookie)
        .header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:" + base.getPort())
        .header("Sec-Fetch-Site", "same-origin"));
    assertThat(ok.statusCode()).isEqualTo(201);

    HttpResponse<String> out = send(post("/auth/logout", "{}").header("Cookie", cookie).header("X-CSRF-Token", csrf));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("pm_session=;")
        && c.contains("Max-Age=0"));
    assertThat(send(get("/api/documents").header("Cookie", cookie)).statusCode())
        .as("a logged-out cookie is refused").isEqualTo(401);
  }

  @Test
  void shouldRefuseLoginsFromOtherSitesBadBodiesAndUnknownTokens() throws Exception {
    assertThat(send(login(viewer).header("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
    assertThat(send(login("pmt_unknown")).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/auth/login")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + viewer)).build()).statusCode()).isEqualTo(415);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/auth/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": " + "1".repeat(10_000) + "}")).build()).statusCode())
        .isEqualTo(413);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/auth/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{not json")).build()).statusCode()).isEqualTo(400);
    assertThat(send(get("/auth/login")).statusCode()).isEqualTo(405);
  }

  @Test
  void shouldEndTokensAndTheirSessionsWhenTheTokenIsRemovedFromTheFile() throws Exception {
    HttpResponse<String> loggedIn = send(login(viewer));
    String cookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertThat(send(get("/api/documents").header("Cookie", cookie)).statusCode()).isEqualTo(200);
    assertThat(TokenStore.remove(tokensFile, "vera")).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(send(get("/api/documents").header("Authorization", "Bearer " + viewer)).statusCode()).isEqualTo(401);
      assertThat(send(get("/api/documents").header("Cookie", cookie)).statusCode()).isEqualTo(401);
    });
    assertThat(send(get("/api/documents").header("Authorization", "Bearer " + editor)).statusCode())
        .as("the other tokens still work").isEqualTo(200);
  }

  @Test
  void shouldRefuseATamperedOrForeignSessionCookie() throws Exception {
    String cookie = send(login(viewer)).headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String jwt = cookie.substring("pm_session=".length());
    String[] parts = jwt.split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("\"viewer\"", "\"admin\"").getBytes()) + "." + parts[2];
    assertThat(send(get("/api/documents").header("Cookie", "pm_session=" + forged)).statusCode()).isEqualTo(401);
    // another deployment (another secret) cannot mint cookies for this one
    URI otherBase = base;
    base = serve(Map.of(WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString()));
    assertThat(base).isNotEqualTo(otherBase);
    assertThat(send(get("/api/documents").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldMarkTheCookieSecureBehindATlsProxyWhenThePublicUrlIsHttps() throws Exception {
    base = serve(Map.of(WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString(),
        WebSecuritySettings.PUBLIC_URL_ENV, "https://policy.example.com"));
    HttpResponse<String> loggedIn = send(login(viewer).header("Origin", "https://policy.example.com"));
    assertThat(loggedIn.statusCode()).isEqualTo(200);
    assertThat(loggedIn.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("__Host-pm_session=")
        .contains("; Secure").contains("HttpOnly").contains("SameSite=Strict");
    assertThat(send(login(viewer).header("Origin", "http://127.0.0.1:" + base.getPort())).statusCode())
        .as("the origin must be the public URL").isEqualTo(403);
  }

  @Test
  void shouldAcceptSignedForwardedReadsFromAnotherInstanceOnly() throws Exception {
    Path secret = dir.resolve("secret");
    WebAccess peer = WebAccess.create(WebSecuritySettings.fromEnvironment(Map.of(
        WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString(),
        WebSecuritySettings.SECRET_FILE_ENV, secret.toString())), true, Clock.systemUTC());
    String path = "/api/documents/acme/privacy-policy";
    String assertion = peer.instanceCredentials().assertion("GET", path);
    assertThat(send(get(path).header(InstanceCredentials.HEADER, assertion)).statusCode()).isEqualTo(200);
    assertThat(send(get("/api/documents/globex/terms").header(InstanceCredentials.HEADER, assertion)).statusCode())
        .as("bound to its path").isEqualTo(401);
    assertThat(send(post("/api/test-writes", "{}").header(InstanceCredentials.HEADER,
        peer.instanceCredentials().assertion("GET", "/api/test-writes"))).statusCode()).as("reads only")
        .isEqualTo(401);
    WebAccess stranger = WebAccess.create(WebSecuritySettings.fromEnvironment(Map.of(
        WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString())), true, Clock.systemUTC());
    assertThat(send(get(path).header(InstanceCredentials.HEADER, stranger.instanceCredentials().assertion("GET", path)))
        .statusCode()).as("an instance without the shared secret").isEqualTo(401);
  }

  @Test
  void shouldServeOpenOnLoopbackOnlyForLoopbackNamesAndStillRefuseCrossSiteWrites() throws Exception {
    base = serve(Map.of());
    assertThat(send(get("/api/documents")).statusCode()).isEqualTo(200);
    assertThat(RawHttp.send(base.getPort(), "GET /api/documents HTTP/1.1\r\nHost: evil.example\r\n"
        + "Connection: close\r\n\r\n").status()).as("DNS rebinding: a foreign name on our loopback port")
        .isEqualTo(403);
    assertThat(RawHttp.send(base.getPort(), "GET /api/documents HTTP/1.1\r\nHost: localhost:" + base.getPort()
        + "\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
    assertThat(send(post("/api/test-writes", "{}")).statusCode()).isEqualTo(201);
    assertThat(send(post("/api/test-writes", "{}").header("Origin", "https://evil.example")).statusCode())
        .isEqualTo(403);
    JsonNode who = Json.mapper().readTree(send(get("/auth/session")).body());
    assertThat(who.get("open").asBoolean()).isTrue();
  }

  @Test
  void shouldRefuseToServeTheNetworkWithoutAuthenticationUnlessToldTo() {
    assertThatThrownBy(() -> WebAccess.create(WebSecuritySettings.defaults(), false, Clock.systemUTC()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(WebSecuritySettings.TOKENS_FILE_ENV).hasMessageContaining("=none");
    WebAccess optedOut = WebAccess.create(WebSecuritySettings.fromEnvironment(Map.of(WebSecuritySettings.AUTH_ENV,
        "none")), false, Clock.systemUTC());
    assertThat(optedOut.mode()).isEqualTo(WebAccess.Mode.OPEN);
    assertThat(optedOut.openAccessWarning("0.0.0.0:8080")).get().asString().contains("POLICY_MONITOR_WEB_AUTH=none");
    assertThat(WebAccess.create(WebSecuritySettings.defaults(), true, Clock.systemUTC()).openAccessWarning("x"))
        .get().asString().contains("loopback only");
    assertThatThrownBy(() -> WebSecuritySettings.fromEnvironment(Map.of(WebSecuritySettings.AUTH_ENV, "none",
        WebSecuritySettings.TOKENS_FILE_ENV, tokensFile.toString()))).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> WebSecuritySettings.fromEnvironment(Map.of(WebSecuritySettings.AUTH_ENV, "off")))
        .hasMessageContaining("auto or none");
    assertThatThrownBy(() -> WebAccess.create(WebSecuritySettings.defaults().withTokensFile(dir.resolve("missing")),
        false, Clock.systemUTC())).hasMessageContaining("web-token add");
  }

  @Test
  void shouldNameTheFileLineAndReasonOfAMalformedTokensFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad-tokens"), "# tokens\nalice viewer api sha256:abc 2026-01-01T00:00:00Z\n");
    assertThatThrownBy(() -> TokenStore.open(bad)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("line 2");
    Path role = Files.writeString(dir.resolve("role-tokens"), "alice boss api sha256:" + "a".repeat(64)
        + " 2026-01-01T00:00:00Z\n");
    assertThatThrownBy(() -> TokenStore.open(role)).hasMessageContaining("line 1").hasMessageContaining("viewer, editor or admin");
    List<String> lines = Files.readAllLines(tokensFile);
    assertThat(String.join("\n", lines)).doesNotContain(viewer).doesNotContain(editor).contains("sha256:");
    assertThat(Files.getPosixFilePermissions(tokensFile)).extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).GET();
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpRequest.Builder login(String token) {
    return post("/auth/login", "{\"token\":\"" + token + "\"}");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
