package dev.policymonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.model.Json;
import dev.policymonitor.web.server.RawHttp;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed API parameters and paths, sent raw (as a hostile client would, not as an HTTP library escapes them):
 * each gets a clear 4xx (400, or 404 for a well-formed key that names nothing) with the reason in JSON, and the API
 * goes on answering.
 */
class HostileApiParametersTest {
  @TempDir Path stateDir;
  private KnownHistory history;
  private URI base;

  @BeforeEach
  void start() {
    history = new KnownHistory(stateDir);
    base = history.serve(InstanceRouter.LOCAL);
  }

  @AfterEach
  void stop() {
    history.close();
  }

  @Test
  void shouldAnswerEveryMalformedParameterWithA4xxAndTheReason() throws Exception {
    for (String target : List.of(
        "/api/documents?severity=%zz",
        "/api/documents?page=99999999999999999999",
        "/api/documents?page=-1",
        "/api/documents?size=0",
        "/api/documents?size=1e3",
        "/api/documents?severity=" + "x".repeat(4000),
        "/api/documents/acme/privacy-policy/versions/2024-13-45T99:00:00Z",
        "/api/documents/acme/privacy-policy/changes?page=abc",
        "/api/documents/" + "v".repeat(300) + "/privacy-policy",
        "/api/documents/acme%2F..%2Fglobex/terms")) {
      RawHttp.Answer a = RawHttp.send(base.getPort(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(a.status()).as(target + " -> " + a.body()).isBetween(400, 404);
      assertThat(Json.mapper().readTree(a.body()).path("error").asText()).as(target).isNotBlank();
    }
    RawHttp.Answer ok = RawHttp.send(base.getPort(), "GET /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(ok.status()).isEqualTo(200);
  }
}
