package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.policymonitor.model.Json;
import dev.policymonitor.testing.FakeOidcIssuer;
import dev.policymonitor.web.auth.WebAccess;
import dev.policymonitor.web.auth.WebSecuritySettings;
import dev.policymonitor.web.http.InstanceCredentials;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Single sign-on against a stand-in OpenID Connect provider on loopback ({@link FakeOidcIssuer}: discovery, JWKS,
 * authorization and token endpoints, ID tokens signed with a test RSA key). The provider checks the client
 * secret and the PKCE verifier, so a successful login proves the client sent both; each way an ID token can be
 * wrong (signature, issuer, audience, expiry, nonce, no signature) is refused.
 */
class OidcLoginTest {
  static final String CLIENT_SECRET = "planted-oidc-client-secret-7f3a";
  private static final String PUBLIC_URL = "http://policy.test:8080";
  @TempDir Path dir;
  private FakeOidcIssuer issuer;
  private KnownHistory history;
  private URI base;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<HttpResponse<String>> answers = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    issuer = FakeOidcIssuer.start("policy-monitor", CLIENT_SECRET);
    WebSecuritySettings settings = WebSecuritySettings.fromEnvironment(Map.of(
        WebSecuritySettings.OIDC_ISSUER_ENV, issuer.issuer().toString(),
        WebSecuritySettings.OIDC_CLIENT_ID_ENV, "policy-monitor",
        WebSecuritySettings.OIDC_CLIENT_SECRET_ENV, CLIENT_SECRET,
        WebSecuritySettings.OIDC_ALLOWED_DOMAINS_ENV, "example.com",
        WebSecuritySettings.OIDC_ROLE_CLAIM_ENV, "groups",
        WebSecuritySettings.OIDC_ROLES_ENV, "policy-admins=admin,legal=editor",
        WebSecuritySettings.PUBLIC_URL_ENV, PUBLIC_URL));
    WebAccess access = WebAccess.create(settings, true, Clock.systemUTC());
    history = new KnownHistory(dir);
    base = history.serve(InstanceRouter.LOCAL, access, access.routes(), InstanceCredentials.NONE);
  }

  @AfterEach
  void stop() {
    history.close();
    issuer.close();
    for (HttpResponse<String> a : answers) {
      assertThat(a.body()).as("no answer shows the client secret").doesNotContain(CLIENT_SECRET);
      assertThat(a.headers().map().toString()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void shouldLogInThroughTheProviderWithPkceAndGiveTheRoleItsGroupMapsTo() throws Exception {
    issuer.user(Map.of("sub", "u-1", "email", "alice@example.com", "email_verified", true,
        "groups", List.of("staff", "legal")));
    HttpResponse<String> start = send(get(base.resolve("/auth/oidc/login")));
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    Map<String, String> q = query(authorize);
    assertThat(authorize.toString()).startsWith(issuer.issuer() + "/authorize");
    assertThat(q).containsEntry("code_challenge_method", "S256").containsEntry("client_id", "policy-monitor")
        .containsEntry("redirect_uri", PUBLIC_URL + "/auth/oidc/callback").containsKeys("state", "nonce",
            "code_challenge");
    String stateCookie = cookie(start.headers(), "pm_oidc");
    assertThat(start.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Lax");

    HttpResponse<String> done = finish(authorize, stateCookie);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).hasValue("/#/");
    String session = cookie(done.headers(), "pm_session");
    assertThat(done.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("pm_session=")
        && c.contains("HttpOnly") && c.contains("SameSite=Strict"));

    assertThat(send(get(base.resolve("/api/documents")).header("Cookie", "pm_session=" + session)).statusCode())
        .isEqualTo(200);
    JsonNode who = Json.mapper().readTree(send(get(base.resolve("/auth/session"))
        .header("Cookie", "pm_session=" + session)).body());
    assertThat(who.get("user").asText()).isEqualTo("alice@example.com");
    assertThat(who.get("role").asText()).isEqualTo("editor");
    assertThat(who.get("method").asText()).isEqualTo("oidc-session");
    assertThat(issuer.tokenRequests()).singleElement().asString().contains("code_verifier=")
        .contains("grant_type=authorization_code").doesNotContain(CLIENT_SECRET);
  }

  @Test
  void shouldLetAVerifiedAddressOfAnAllowedDomainInAsViewer() throws Exception {
    issuer.user(Map.of("sub", "u-2", "email", "bob@example.com", "email_verified", true));
    String session = cookie(login().headers(), "pm_session");
    JsonNode who = Json.mapper().readTree(send(get(base.resolve("/auth/session"))
        .header("Cookie", "pm_session=" + session)).body());
    assertThat(who.get("role").asText()).isEqualTo("viewer");
  }

  @Test
  void shouldRefuseAnUnverifiedAddressAndAnUnlistedUser() throws Exception {
    issuer.user(Map.of("sub", "u-3", "email", "mallory@example.com", "email_verified", false));
    HttpResponse<String> unverified = login();
    assertThat(unverified.statusCode()).isEqualTo(403);
    assertThat(unverified.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pm_session=ey"));
    issuer.user(Map.of("sub", "u-4", "email", "eve@elsewhere.example", "email_verified", true,
        "groups", List.of("staff")));
    HttpResponse<String> unlisted = login();
    assertThat(unlisted.statusCode()).isEqualTo(403);
    assertThat(unlisted.body()).contains("eve@elsewhere.example is not allowed");
  }

  @ParameterizedTest
  @EnumSource(value = FakeOidcIssuer.Misbehaviour.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  void shouldRefuseAnIdTokenThatIsNotValid(FakeOidcIssuer.Misbehaviour how) throws Exception {
    issuer.user(Map.of("sub", "u-5", "email", "alice@example.com", "email_verified", true));
    issuer.misbehave(how);
    HttpResponse<String> done = login();
    assertThat(done.statusCode()).as(how + ": " + done.body()).isEqualTo(401);
    assertThat(done.body()).contains("ID token is not valid");
    assertThat(done.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pm_session=ey"));
  }

  @Test
  void shouldRefuseACallbackWithoutItsStateCookieOrWithAnotherState() throws Exception {
    HttpResponse<String> start = send(get(base.resolve("/auth/oidc/login")));
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> atIssuer = send(get(authorize));
    URI callback = callback(atIssuer);
    assertThat(send(get(callback)).statusCode()).as("no state cookie").isEqualTo(400);

    HttpResponse<String> other = send(get(base.resolve("/auth/oidc/login")));
    assertThat(send(get(callback).header("Cookie", "pm_oidc=" + cookie(other.headers(), "pm_oidc"))).statusCode())
        .as("another login's state").isEqualTo(400);
  }

  @Test
  void shouldReportTheProvidersRefusal() throws Exception {
    issuer.refuseLogins("access_denied");
    HttpResponse<String> done = login();
    assertThat(done.statusCode()).isEqualTo(401);
    assertThat(done.body()).contains("access_denied");
  }

  /** The whole browser round trip; returns the callback's answer. */
  private HttpResponse<String> login() throws Exception {
    HttpResponse<String> start = send(get(base.resolve("/auth/oidc/login")));
    return finish(URI.create(start.headers().firstValue("Location").orElseThrow()), cookie(start.headers(), "pm_oidc"));
  }

  private HttpResponse<String> finish(URI authorize, String stateCookie) throws Exception {
    HttpResponse<String> atIssuer = send(get(authorize));
    assertThat(atIssuer.statusCode()).as(atIssuer.body()).isEqualTo(302);
    return send(get(callback(atIssuer)).header("Cookie", "pm_oidc=" + stateCookie));
  }

  /** The provider sends the browser to the public URL; the test reaches the same path on the test server. */
  private URI callback(HttpResponse<String> atIssuer) {
    String location = atIssuer.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(PUBLIC_URL + "/auth/oidc/callback?");
    return base.resolve(location.substring(PUBLIC_URL.length()));
  }

  private static String cookie(HttpHeaders headers, String name) {
    for (String c : headers.allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c.substring(name.length() + 1, c.indexOf(';'));
      }
    }
    throw new AssertionError("no cookie " + name + " in " + headers.allValues("Set-Cookie"));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    answers.add(r);
    return r;
  }
}
