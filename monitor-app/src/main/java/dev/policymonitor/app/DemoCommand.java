package dev.policymonitor.app;

import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.VendorConfig;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.runtime.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor demo}: the real pipeline against a local site serving the five seed policies;
 * after the first poll two policies are edited, so real change alerts appear within a minute.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline against a local site serving the five seed policies, "
        + "then edit two of them so you see real change alerts. No network needed.")
final class DemoCommand implements Callable<Integer> {
  static final String CHANGED_VENDOR_SALE = "defensx";
  static final String CHANGED_VENDOR_AI = "alienvault";
  private static final Duration LOCAL_HOST_INTERVAL = Duration.ofMillis(200);

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
      description = "Port of /health, /metrics and the web page; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--http-bind", paramLabel = "ADDRESS",
      description = "Address to serve HTTP on (default: $POLICY_MONITOR_HTTP_BIND, else 127.0.0.1). A non-loopback "
          + "address needs web authentication (docs/security.md).")
  String httpBind;

  @Option(names = "--management-port", paramLabel = "N",
      description = "Serve /health and /metrics on this port instead of --http-port (0 = any free port).")
  Integer managementPort;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Keep the demo's broker and state here (default: a temporary directory, deleted on exit).")
  Path stateDir;

  @Spec CommandSpec spec;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT5S",
      description = "How often the demo polls each page (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Override
  public Integer call() {
    DemoSite site = DemoSite.start();
    Path dir = stateDir != null ? stateDir : tempDir();
    Pipeline pipeline;
    try {
      pipeline = Launch.all(settings()).stateDir(dir)
          .http(new HttpEndpoint(httpBind, httpPort, managementPort)).vendors(vendors(site)).start(System.out);
    } catch (RuntimeException e) {
      site.close();
      throw e;
    }
    ScheduledExecutorService editor = Executors.newSingleThreadScheduledExecutor();
    editor.scheduleWithFixedDelay(() -> editOnceAfterFirstPoll(site, editor), 1, 1, TimeUnit.SECONDS);
    return Foreground.runUntilStopped(pipeline, () -> {
      editor.shutdownNow();
      site.close();
      if (stateDir == null) {
        deleteQuietly(dir);
      }
    });
  }

  /**
   * The process's settings (so Slack, webhook and SMTP settings work in the demo too), with a short
   * per-host interval unless one is set: the five demo pages share one local host, our own.
   */
  private Settings settings() {
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    return settings.isSet(FetcherConfig.HOST_INTERVAL) ? settings
        : settings.with(FetcherConfig.HOST_INTERVAL, LOCAL_HOST_INTERVAL.toString());
  }

  private VendorsConfig vendors(DemoSite site) {
    List<VendorConfig> vendors = new ArrayList<>();
    for (VendorConfig v : VendorsConfig.defaults().vendors()) {
      vendors.add(new VendorConfig(v.id(), v.name(), null,
          List.of(new DocumentDeclaration("privacy-policy", site.url(v.id()), List.of(), List.of(), List.of(),
              null, null))));
    }
    // The demo's own local site, on loopback, is allowed by name and port: the SSRF guard stays on for the rest.
    return new VendorsConfig(pollInterval, List.of(site.hostAndPort()), vendors);
  }

  private void editOnceAfterFirstPoll(DemoSite site, ScheduledExecutorService editor) {
    if (site.hits(CHANGED_VENDOR_SALE) == 0 || site.hits(CHANGED_VENDOR_AI) == 0) {
      return;
    }
    editPolicies(site);
    System.out.println("demo: edited the " + CHANGED_VENDOR_SALE + " and " + CHANGED_VENDOR_AI
        + " policies; alerts follow on the next poll");
    editor.shutdown();
  }

  /** The two edits the demo makes: a new sale-of-data sentence, and an AI-training sentence plus a changed age. */
  static void editPolicies(DemoSite site) {
    site.edit(CHANGED_VENDOR_SALE, html -> html.replace("<p>We never sell customer data.</p>",
        "<p>We may sell customer data to selected advertising partners.</p>"));
    site.edit(CHANGED_VENDOR_AI, html -> html
        .replace("children under 13 for marketing purposes", "children under 16 for marketing purposes")
        .replace("<h2>Part II. Information Usage</h2>", "<h2>Part II. Information Usage</h2>\n"
            + "<p>We may use your personal information and the content you upload to train our artificial "
            + "intelligence models.</p>"));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("policy-monitor-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
