package dev.policymonitor.app;

import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.targets.TargetsPublisher;
import dev.policymonitor.model.DocumentDeclaration;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.PolicyKey;
import dev.policymonitor.model.RenderMode;
import dev.policymonitor.model.Selector;
import dev.policymonitor.model.Target;
import dev.policymonitor.model.TargetOrigin;
import dev.policymonitor.model.Topics;
import dev.policymonitor.model.VendorsConfig;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import dev.policymonitor.runtime.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code policy-monitor vendors add}: starts tracking one document, or changes how it is tracked; a running fetcher
 * picks it up at once, and the streams service reads its next captures with the given extraction rules.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Track a document, or change its URL, interval or extraction rules: writes it to policy-targets, "
        + "where the fetchers and the streams service pick it up.")
final class VendorsAddCommand implements Callable<Integer> {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

  @Option(names = "--vendor", required = true, paramLabel = "ID", description = "Vendor id, e.g. acme.")
  String vendor;

  @Option(names = "--document", required = true, paramLabel = "TYPE", description = "Document type, e.g. privacy-policy.")
  String document;

  @Option(names = "--url", required = true, paramLabel = "URL", description = "The live URL of the document.")
  String url;

  @Option(names = "--poll-interval", paramLabel = "D",
      description = "How often to check it: 30m, 6h, 1d or ISO-8601 (PT6H). Default: 6h.")
  String pollInterval;

  @Option(names = "--select", paramLabel = "CSS",
      description = "CSS selector of the policy text (repeatable). Default: generic main-content extraction.")
  List<String> select = new ArrayList<>();

  @Option(names = "--render", paramLabel = "MODE",
      description = "browser: render the page in a headless browser (its text is written by scripts); static: never "
          + "render it. Default: a plain fetch, rendered automatically if the page turns out to be a JavaScript shell.")
  String render;

  @Option(names = "--remove", paramLabel = "CSS", description = "CSS selector of parts to drop (repeatable).")
  List<String> remove = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "The vendors file the fetchers run with: its allowTargets say which non-public URLs "
          + "(private, loopback, ...) may be added. Without it only public URLs may, unless "
          + "POLICY_MONITOR_ALLOW_PRIVATE_TARGETS=true.")
  Path config;

  @Mixin ClusterOptions kafka;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Settings settings = MonitorSettings.fromEnvironment(spec.commandLine().getErr());
    Target target = target(targetPolicy(settings));
    try (ClusterConnection cluster = kafka.open(settings, System.out)) {
      PipelineTopics.create(cluster.clients(), List.of(Topics.TARGETS), settings);
      try (TargetsPublisher publisher = new TargetsPublisher(cluster.clients())) {
        publisher.publish(List.of(target));
      }
    }
    System.out.println("tracking " + target.key() + " " + target.url() + " every " + target.pollInterval()
        + (select.isEmpty() && remove.isEmpty() ? "" : " with selectors " + target.declaration().select()
            + " minus " + target.declaration().remove())
        + (target.declaration().render() == null ? "" : ", render: " + target.declaration().render().wire()));
    return 0;
  }

  /** What the fetchers will let through: the vendors file's allow-list and the environment's switch. */
  TargetPolicy targetPolicy(Settings settings) {
    boolean allowPrivate = settings.get(FetcherConfig.ALLOW_PRIVATE_TARGETS);
    if (config == null) {
      return new TargetPolicy(TargetAllowList.NONE, allowPrivate);
    }
    if (!Files.isRegularFile(config)) {
      throw new InvalidConfigException("vendors file not found: " + config);
    }
    return new TargetPolicy(VendorsConfig.load(config, allowPrivate).allowList(), allowPrivate);
  }

  /** The target the options describe, checked as a vendors file's document is. */
  Target target(TargetPolicy policy) {
    try {
      new PolicyKey(vendor, document);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    VendorsConfig.requireFetchableUrl(url, "--url", policy);
    Duration interval = pollInterval == null ? VendorsConfig.DEFAULT_POLL_INTERVAL : duration(pollInterval);
    RenderMode mode;
    try {
      mode = render == null ? null : RenderMode.fromWire(render);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("--render: " + e.getMessage());
    }
    List<Selector> selected;
    List<Selector> removed;
    try {
      selected = select.stream().map(VendorsAddCommand::css).toList();
      removed = remove.stream().map(VendorsAddCommand::css).toList();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
    return new Target(vendor, null, new DocumentDeclaration(document, url, selected, removed, null, mode, interval),
        interval).withOrigin(TargetOrigin.VENDORS_ADD);
  }

  private static Selector css(String css) {
    if (css.isBlank()) {
      throw new IllegalArgumentException("--select and --remove need a CSS selector, not an empty string");
    }
    return Selector.css(Selector.requireValidCss(css));
  }

  static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new InvalidConfigException("--poll-interval must look like 30m, 6h, 1d or PT6H: " + text);
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new InvalidConfigException("--poll-interval must be positive: " + text);
    }
    return d;
  }
}
