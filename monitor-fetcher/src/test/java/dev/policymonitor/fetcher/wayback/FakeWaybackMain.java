package dev.policymonitor.fetcher.wayback;

import dev.policymonitor.testing.Corpus;
import dev.policymonitor.testing.FakeWayback;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockWebServer;

/**
 * Serves the OTA demo histories as a fake Wayback Machine until killed, so that the real CLI can be pointed at it:
 * {@code ./policy-monitor backfill --wayback-url <printed url> --config <printed vendors file>}.
 */
public final class FakeWaybackMain {
  private FakeWaybackMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> services = new TreeMap<>(Map.of(
        "buffer", "https://buffer.com/privacy",
        "github", "https://docs.github.com/en/site-policy/privacy-policies/github-general-privacy-statement",
        "npm-public-registry", "https://docs.npmjs.com/policies/privacy",
        "uptimerobot", "https://uptimerobot.com/privacy/"));
    FakeWayback wayback = new FakeWayback();
    StringBuilder yaml = new StringBuilder("vendors:\n");
    for (var e : services.entrySet()) {
      wayback.addService(Corpus.otaDemo(e.getKey()), e.getValue());
      yaml.append("  - id: ").append(e.getKey()).append("\n    documents:\n      - type: privacy-policy\n")
          .append("        url: ").append(e.getValue()).append('\n');
    }
    List<FakeWayback.Capture> github = wayback.captures(services.get("github"));
    wayback.add(new FakeWayback.Capture("20261101000000", github.get(0).url(), "text/html", github.get(0).body()));
    java.nio.file.Path vendors = java.nio.file.Path.of(args.length > 0 ? args[0] : "fake-wayback-vendors.yaml");
    java.nio.file.Files.writeString(vendors, yaml);
    MockWebServer server = new MockWebServer();
    server.setDispatcher(wayback);
    server.start(0);
    System.out.println("fake-wayback: " + server.url("/").toString().replaceAll("/$", ""));
    System.out.println("vendors: " + vendors.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long cdx = wayback.hits("cdx").size();
      long content = wayback.hits("content").size();
      System.out.println(pacing("cdx", wayback.hits("cdx"), 60) + "; " + pacing("content", wayback.hits("content"), 1)
          + " (" + cdx + " CDX, " + content + " content requests)");
      server.close();
    }));
    Thread.currentThread().join();
  }

  private static String pacing(String endpoint, List<FakeWayback.Hit> hits, int per) {
    if (hits.size() < 2) {
      return endpoint + ": " + hits.size() + " request(s)";
    }
    double span = (hits.get(hits.size() - 1).nanos() - hits.get(0).nanos()) / 1e9;
    long minGap = Long.MAX_VALUE;
    for (int i = 1; i < hits.size(); i++) {
      minGap = Math.min(minGap, hits.get(i).nanos() - hits.get(i - 1).nanos());
    }
    return String.format(java.util.Locale.ROOT, "%s %.2f per %s, smallest gap %.0f ms", endpoint,
        (hits.size() - 1) / span * per, per == 60 ? "min" : "s", minGap / 1e6);
  }
}
