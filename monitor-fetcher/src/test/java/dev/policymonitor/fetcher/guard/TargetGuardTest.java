package dev.policymonitor.fetcher.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.policymonitor.model.net.HostLiteral;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The guard on a real OkHttp client against a local server: what it refuses never reaches the server (counted there),
 * what the allow-list names does.
 */
class TargetGuardTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer internal = new MockWebServer();

  private final AtomicInteger lookups = new AtomicInteger();

  /** A resolver that knows a few test names; everything else is unknown. */
  private Dns resolver(String name, String... addresses) {
    return host -> {
      lookups.incrementAndGet();
      if (host.equals(name)) {
        return java.util.Arrays.stream(addresses).map(a -> HostLiteral.parse(a).orElseThrow()).toList();
      }
      throw new java.net.UnknownHostException(host);
    };
  }

  private static OkHttpClient client(TargetGuard guard) {
    return guard.install(new OkHttpClient.Builder()).connectTimeout(Duration.ofMillis(500))
        .callTimeout(Duration.ofSeconds(5)).build();
  }

  private static String get(OkHttpClient client, String url) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.code() + " " + r.body().string();
    }
  }

  /** The server's URL with its address written out (MockWebServer's own URLs say localhost, a name). */
  private static String literal(MockWebServer on, String path) {
    return "http://127.0.0.1:" + on.getPort() + path;
  }

  private static TargetPolicy allowing(String... entries) {
    return new TargetPolicy(TargetAllowList.parse(List.of(entries)), false);
  }

  @Test
  void shouldRefuseALoopbackAddressBeforeConnecting() {
    OkHttpClient client = client(new TargetGuard(TargetPolicy.STRICT));

    assertThatThrownBy(() -> get(client, literal(server, "/privacy")))
        .isInstanceOf(ForbiddenTargetException.class).hasMessage("127.0.0.1 is a loopback address");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void shouldRefuseANameThatResolvesOnlyToRefusedAddresses() {
    OkHttpClient client = client(new TargetGuard(TargetPolicy.STRICT, resolver("vendor.test", "127.0.0.1",
        "10.1.2.3")));

    assertThatThrownBy(() -> get(client, "http://vendor.test:" + server.getPort() + "/"))
        .isInstanceOf(ForbiddenTargetException.class)
        .hasMessage("vendor.test is 127.0.0.1, a loopback address; vendor.test is 10.1.2.3, a private address "
            + "(RFC 1918)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void shouldConnectOnlyToTheResolvedAddressesItAllowed() {
    // A public (documentation, unroutable) address and the local server's: the connection may only try the first.
    OkHttpClient client = client(new TargetGuard(TargetPolicy.STRICT, resolver("vendor.test", "192.0.2.10",
        "127.0.0.1")));

    assertThatThrownBy(() -> get(client, "http://vendor.test:" + server.getPort() + "/"))
        .isInstanceOf(IOException.class).isNotInstanceOf(ForbiddenTargetException.class);
    assertThat(server.getRequestCount()).as("the loopback answer was dropped, never tried").isZero();
  }

  @Test
  void shouldJudgeTheAddressOfEachLookupSoARebindingAnswerIsRefused() {
    AtomicInteger calls = new AtomicInteger();
    Dns rebinding = host -> List.of(HostLiteral.parse(calls.getAndIncrement() == 0 ? "192.0.2.10" : "127.0.0.1")
        .orElseThrow());
    TargetGuard guard = new TargetGuard(TargetPolicy.STRICT, rebinding);
    String url = "http://vendor.test:" + server.getPort() + "/";

    assertThat(guard.refusal(URI.create(url))).as("first answer: public").isEmpty();
    assertThatThrownBy(() -> get(client(guard), url)).isInstanceOf(ForbiddenTargetException.class)
        .hasMessage("vendor.test is 127.0.0.1, a loopback address");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void shouldRefuseAMetadataNameWithoutResolvingIt() {
    OkHttpClient client = client(new TargetGuard(TargetPolicy.STRICT, resolver("metadata.google.internal",
        "127.0.0.1")));

    assertThatThrownBy(() -> get(client, "http://metadata.google.internal:" + server.getPort() + "/"))
        .isInstanceOf(ForbiddenTargetException.class).hasMessage("metadata.google.internal is a cloud metadata name");
    assertThat(lookups).hasValue(0);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void shouldRefuseEveryLoopbackSpellingOfTheIssue() {
    OkHttpClient client = client(new TargetGuard(TargetPolicy.STRICT, resolver("localhost", "127.0.0.1")));
    for (String host : new String[] {"localhost", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1", "0.0.0.0"}) {
      assertThatThrownBy(() -> get(client, "http://" + host + ":" + server.getPort() + "/")).as(host)
          .isInstanceOf(ForbiddenTargetException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void shouldLetThroughWhatTheAllowListNames() throws IOException {
    server.enqueue(new MockResponse.Builder().body("by name").build());
    server.enqueue(new MockResponse.Builder().body("by network").build());
    server.enqueue(new MockResponse.Builder().body("by address and port").build());

    assertThat(get(client(new TargetGuard(allowing("intranet.test"), resolver("intranet.test", "127.0.0.1"))),
        "http://intranet.test:" + server.getPort() + "/")).isEqualTo("200 by name");
    assertThat(get(client(new TargetGuard(allowing("127.0.0.0/8"))), literal(server, "/")))
        .isEqualTo("200 by network");
    assertThat(get(client(new TargetGuard(allowing("127.0.0.1:" + server.getPort()))), literal(server, "/")))
        .isEqualTo("200 by address and port");
    assertThatThrownBy(() -> get(client(new TargetGuard(allowing("127.0.0.1:" + internal.getPort()))),
        literal(server, "/"))).as("another port").isInstanceOf(ForbiddenTargetException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void shouldRefuseARedirectFromAnAllowedHostToAnInternalOne() {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", literal(internal, "/secret")).build());
    internal.enqueue(new MockResponse.Builder().body("token=hunter2").build());
    OkHttpClient client = client(new TargetGuard(allowing("vendor.test"), resolver("vendor.test", "127.0.0.1")));

    assertThatThrownBy(() -> get(client, "http://vendor.test:" + server.getPort() + "/privacy"))
        .isInstanceOf(ForbiddenTargetException.class).hasMessage("127.0.0.1 is a loopback address");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(internal.getRequestCount()).isZero();
  }

  @Test
  void shouldStillRefuseInTheNetworkInterceptorWhenTheDnsAndSocketChecksAreBypassed() {
    TargetGuard guard = new TargetGuard(TargetPolicy.STRICT);
    OkHttpClient bypassed = guard.install(new OkHttpClient.Builder()).dns(Dns.SYSTEM)
        .socketFactory(SocketFactory.getDefault()).build();

    assertThatThrownBy(() -> get(bypassed, literal(server, "/")))
        .isInstanceOf(ForbiddenTargetException.class).hasMessage("127.0.0.1 is a loopback address");
    assertThat(server.getRequestCount()).as("refused after connecting, before the request was sent").isZero();
  }

  @Test
  void shouldSwitchProxiesOffSoNoProxyResolvesForIt() {
    assertThat(client(new TargetGuard(TargetPolicy.STRICT)).proxy()).isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void shouldLetPrivateAddressesThroughWithTheSwitchButNeverMetadata() throws IOException {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TargetGuard guard = new TargetGuard(new TargetPolicy(TargetAllowList.NONE, true),
        resolver("metadata.test", "169.254.169.254"));

    assertThat(get(client(guard), literal(server, "/"))).isEqualTo("200 ok");
    assertThat(guard.refusal(URI.create("http://metadata.test/"))).contains(
        "metadata.test is 169.254.169.254, a cloud metadata address");
    assertThat(guard.refusal(URI.create("http://169.254.169.254/latest/meta-data/")))
        .contains("169.254.169.254 is a cloud metadata address");
  }
}
