package dev.policymonitor.fetcher.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.policymonitor.fetcher.guard.TargetGuard;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.net.HostLiteral;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

/**
 * What the browser's request guard lets a rendered page ask for: the same answers as the plain fetcher's SSRF guard,
 * for the navigation and for every sub-request (a test resolver stands in for DNS).
 */
class TargetRequestGuardTest {
  private static final PolicyKey KEY = new PolicyKey("acme", "privacy-policy");
  /** Test names: one public, one that resolves to a private address, one to both. */
  private static final Dns DNS = host -> {
    List<String> addresses = Map.of("policy.example", List.of("93.184.215.14"),
        "rebind.example", List.of("10.0.0.5"), "mixed.example", List.of("10.0.0.6", "93.184.215.15")).get(host);
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    return addresses.stream().map(a -> HostLiteral.parse(a).orElseThrow()).toList();
  };

  private static RequestGuard.Verdict check(TargetPolicy policy, String url, String type) {
    return new TargetRequestGuard(new TargetGuard(policy, DNS)).check(new RequestGuard.Request(KEY, URI.create(url),
        type, type.equals("document")));
  }

  @Test
  void shouldRefuseWhatThePlainFetcherRefusesForTheNavigationAndEverySubRequest() {
    String[][] refused = {
        {"http://127.0.0.1:8080/", "127.0.0.1 is a loopback address"},
        {"http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1] is 127.0.0.1, a loopback address"},
        {"http://2130706433/", "2130706433 is 127.0.0.1, a loopback address"},
        {"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"},
        {"http://metadata.google.internal/", "metadata.google.internal is a cloud metadata name"},
        {"https://rebind.example/api", "rebind.example is 10.0.0.5, a private address (RFC 1918)"},
        {"file:///etc/passwd", "file:///etc/passwd is neither http nor https"},
        {"ftp://policy.example/policy.txt", "ftp://policy.example/policy.txt is neither http nor https"},
    };
    for (String type : List.of("document", "script", "xhr", "fetch")) {
      for (String[] c : refused) {
        RequestGuard.Verdict v = check(TargetPolicy.STRICT, c[0], type);
        assertThat(v.allowed()).as(type + " " + c[0]).isFalse();
        assertThat(v.reason()).as(type + " " + c[0]).isEqualTo(c[1]);
      }
    }
  }

  @Test
  void shouldAllowPublicTargetsPagesWithoutNetworkAndWhatTheVendorsFileAllows() {
    assertThat(check(TargetPolicy.STRICT, "https://policy.example/privacy", "document").allowed()).isTrue();
    assertThat(check(TargetPolicy.STRICT, "https://mixed.example/app.js", "script").allowed())
        .as("the public one of its addresses is allowed").isTrue();
    assertThat(check(TargetPolicy.STRICT, "data:text/javascript,1", "script").allowed()).isTrue();
    assertThat(check(TargetPolicy.STRICT, "about:blank", "document").allowed()).isTrue();

    TargetPolicy allowed = new TargetPolicy(TargetAllowList.parse(List.of("127.0.0.1:8080", "10.0.0.0/8")), false);
    assertThat(check(allowed, "http://127.0.0.1:8080/policy", "document").allowed()).isTrue();
    assertThat(check(allowed, "http://127.0.0.1:9090/policy", "document").allowed())
        .as("an entry with a port allows that port only").isFalse();
    assertThat(check(allowed, "https://rebind.example/api", "xhr").allowed()).isTrue();
    assertThat(check(allowed, "http://169.254.169.254/", "xhr").allowed()).as("metadata needs an exact entry")
        .isFalse();
    assertThat(check(new TargetPolicy(TargetAllowList.NONE, true), "http://10.1.2.3/", "document").allowed())
        .as("POLICY_MONITOR_ALLOW_PRIVATE_TARGETS").isTrue();
    assertThat(check(new TargetPolicy(TargetAllowList.NONE, true), "http://169.254.169.254/", "document").allowed())
        .isFalse();
  }
}
