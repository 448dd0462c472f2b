package dev.policymonitor.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
  private static Optional<String> strict(String url) {
    return TargetPolicy.STRICT.refusalOfUrl(URI.create(url));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://169.254.169.254/latest/meta-data/ | 169.254.169.254 is a cloud metadata address",
      "http://10.0.0.1/                         | 10.0.0.1 is a private address (RFC 1918)",
      "http://172.16.5.4/                       | 172.16.5.4 is a private address (RFC 1918)",
      "http://192.168.1.1/                      | 192.168.1.1 is a private address (RFC 1918)",
      "http://[fd00::1]/                        | fd00::1 is a unique-local address (fc00::/7)",
      "http://[fd00:ec2::254]/                  | fd00:ec2::254 is a cloud metadata address",
      "http://metadata.google.internal/         | metadata.google.internal is a cloud metadata name",
      "http://METADATA.Google.Internal./x       | metadata.google.internal is a cloud metadata name",
      "http://localhost:8080/                   | localhost is a loopback name",
      "http://api.localhost/                    | api.localhost is a loopback name",
      "http://127.0.0.1/                        | 127.0.0.1 is a loopback address",
      "http://[::1]/                            | ::1 is a loopback address",
      "http://[::ffff:127.0.0.1]/               | [::ffff:127.0.0.1] is 127.0.0.1, a loopback address",
      "http://[::ffff:7f00:1]/                  | [::ffff:7f00:1] is 127.0.0.1, a loopback address",
      "http://[::127.0.0.1]/                    | [::127.0.0.1] carries 127.0.0.1, a loopback address",
      "http://[64:ff9b::10.0.0.1]/              | [64:ff9b::10.0.0.1] carries 10.0.0.1, a private address (RFC 1918)",
      "http://[2002:a9fe:101::]/                | [2002:a9fe:101::] carries 169.254.1.1, a link-local address",
      "http://[2002:a9fe:a9fe::]/               | [2002:a9fe:a9fe::] carries 169.254.169.254, a cloud metadata address",
      "http://2130706433/                       | 2130706433 is 127.0.0.1, a loopback address",
      "http://017700000001/                     | 017700000001 is 127.0.0.1, a loopback address",
      "http://0x7f.1/                           | 0x7f.1 is 127.0.0.1, a loopback address",
      "http://0x7f000001/                       | 0x7f000001 is 127.0.0.1, a loopback address",
      "http://127.1/                            | 127.1 is 127.0.0.1, a loopback address",
      "http://0/                                | 0 is 0.0.0.0, an unspecified address (0.0.0.0/8 or ::)",
      "http://0.0.0.0/                          | 0.0.0.0 is an unspecified address (0.0.0.0/8 or ::)",
      "http://[::]/                             | :: is an unspecified address (0.0.0.0/8 or ::)",
      "http://100.64.0.1/                       | 100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)",
      "http://100.100.100.200/                  | 100.100.100.200 is a cloud metadata address",
      "http://169.254.1.2/                      | 169.254.1.2 is a link-local address",
      "http://[fe80::1]/                        | fe80::1 is a link-local address",
      "http://[fec0::1]/                        | fec0::1 is a site-local address (fec0::/10)",
      "http://224.0.0.1/                        | 224.0.0.1 is a multicast address",
      "http://[ff02::1]/                        | ff02::1 is a multicast address",
      "http://255.255.255.255/                  | 255.255.255.255 is a reserved address",
      "http://0251.0376.0251.0376/              | 0251.0376.0251.0376 is 169.254.169.254, a cloud metadata address",
  })
  void shouldRefuseEveryNonPublicSpellingUpFront(String url, String reason) {
    assertThat(strict(url)).as(url).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://www.example.com/privacy", "http://93.184.216.34/", "http://[2606:4700::1111]/",
      "http://1e100.net/", "http://172.32.0.1/", "http://100.128.0.1/", "http://[::ffff:8.8.8.8]/",
      "http://[64:ff9b::808:808]/", "http://metadata.example.com/", "http://internal/"})
  void shouldLetPublicAddressesAndOrdinaryNamesThrough(String url) {
    assertThat(strict(url)).as(url).isEmpty();
  }

  @Test
  void shouldAllowWhatTheAllowListNamesAndNothingElse() {
    TargetPolicy policy = new TargetPolicy(TargetAllowList.parse(List.of("10.20.0.0/16", "intranet.corp",
        "127.0.0.1:8080", "[fd00::5]", "wiki.corp:8443")), false);

    assertThat(policy.refusalOfUrl(URI.create("http://10.20.3.4/"))).isEmpty();
    assertThat(policy.refusalOfUrl(URI.create("http://10.21.3.4/"))).isPresent();
    assertThat(policy.refusalOfUrl(URI.create("http://127.0.0.1:8080/"))).isEmpty();
    assertThat(policy.refusalOfUrl(URI.create("http://127.0.0.1:8081/"))).as("another port").isPresent();
    assertThat(policy.refusalOfUrl(URI.create("http://[fd00::5]:9000/"))).isEmpty();
    assertThat(policy.refusal("intranet.corp", address("10.9.9.9"), 80)).as("a name allows what it resolves to")
        .isEmpty();
    assertThat(policy.refusal("other.corp", address("10.9.9.9"), 80)).isPresent();
    assertThat(policy.refusal("wiki.corp", address("10.9.9.9"), 8443)).isEmpty();
    assertThat(policy.refusal("wiki.corp", address("10.9.9.9"), 443)).isPresent();
    assertThat(policy.refusal("wiki.corp", address("10.9.9.9"), -1)).as("port not known yet").isEmpty();
  }

  @Test
  void shouldKeepMetadataRefusedUnlessAnEntryNamesItExactly() {
    TargetPolicy everything = new TargetPolicy(TargetAllowList.parse(List.of("169.254.0.0/16", "intranet.corp")),
        true);
    assertThat(everything.refusalOfUrl(URI.create("http://10.0.0.1/"))).isEmpty();
    assertThat(everything.refusalOfUrl(URI.create("http://localhost/"))).isEmpty();
    assertThat(everything.refusalOfUrl(URI.create("http://169.254.169.254/"))).isPresent();
    assertThat(everything.refusalOfUrl(URI.create("http://metadata.google.internal/"))).isPresent();
    assertThat(everything.refusal("intranet.corp", address("169.254.169.254"), 80))
        .as("an allowed name that resolves to the metadata address").isPresent();

    TargetPolicy named = new TargetPolicy(TargetAllowList.parse(List.of("169.254.169.254",
        "metadata.google.internal")), false);
    assertThat(named.refusalOfUrl(URI.create("http://169.254.169.254/"))).isEmpty();
    assertThat(named.refusalOfUrl(URI.create("http://metadata.google.internal/"))).isEmpty();
    assertThat(named.refusal("metadata.google.internal", address("169.254.169.254"), 80)).isEmpty();
  }

  @Test
  void shouldReadEveryIpv4SpellingAResolverAccepts() {
    assertThat(HostLiteral.parse("2130706433")).contains(address("127.0.0.1"));
    assertThat(HostLiteral.parse("0x7F.0.0.1")).contains(address("127.0.0.1"));
    assertThat(HostLiteral.parse("10.1")).contains(address("10.0.0.1"));
    assertThat(HostLiteral.parse("192.168.257")).contains(address("192.168.1.1"));
    assertThat(HostLiteral.parse("4294967296")).as("over 32 bits: a name").isEmpty();
    assertThat(HostLiteral.parse("08.1.1.1")).as("8 is no octal digit: a name").isEmpty();
    assertThat(HostLiteral.parse("example.com")).isEmpty();
    assertThatThrownBy(() -> HostLiteral.parse("[not-v6]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectMalformedAllowListEntriesWithTheReason() {
    assertThatThrownBy(() -> TargetAllowList.parse(List.of("10.0.0.0/33")))
        .hasMessageContaining("'10.0.0.0/33': the prefix length must be 0..32");
    assertThatThrownBy(() -> TargetAllowList.parse(List.of("intranet corp")))
        .hasMessageContaining("is not a host name, an address or a network in CIDR form");
    assertThatThrownBy(() -> TargetAllowList.parse(List.of("example.com/8")))
        .hasMessageContaining("is not a network in CIDR form");
    assertThatThrownBy(() -> TargetAllowList.parse(List.of("10.0.0.1:99999")))
        .hasMessageContaining("port must be 1..65535");
  }

  private static InetAddress address(String literal) {
    return HostLiteral.parse(literal).orElseThrow();
  }
}
