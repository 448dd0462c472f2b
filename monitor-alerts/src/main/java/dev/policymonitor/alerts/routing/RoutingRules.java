package dev.policymonitor.alerts.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.policymonitor.alerts.digest.DigestSchedule;
import dev.policymonitor.model.ChangeKind;
import dev.policymonitor.model.ConfigPath;
import dev.policymonitor.model.Severity;
import dev.policymonitor.model.SnapshotSource;
import dev.policymonitor.model.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which channel gets which changes, from an optional YAML file:
 *
 * <pre>
 * minSeverity: medium            # default for routes that name none (else POLICY_MONITOR_MIN_SEVERITY)
 * channels:
 *   email: {digest: daily}       # none | hourly | daily
 * routes:
 *   - channel: slack
 *     vendors: [defensx]         # empty or missing = any
 *     documents: [privacy-policy]
 *     categories: [sale-of-data, third-party-sharing-collection]
 *     kinds: [changed, reverted] # default: changed, cosmetic, reverted, extraction-failed
 *     sources: [live]            # default: live
 *     minSeverity: high
 * </pre>
 *
 * A channel that no route names gets the default route: live changed, cosmetic, reverted and
 * extraction-failed changes at or above the minimum severity. {@code first}, {@code historical} and
 * {@code technical-upgrade} changes reach a channel only when a route lists their kind. The console
 * shows every kind but technical-upgrade and historical, whatever the severity, unless routes name it.
 */
public final class RoutingRules {
  public static final String CONSOLE = "console";
  private static final Set<ChangeKind> CONSOLE_KINDS =
      EnumSet.complementOf(EnumSet.of(ChangeKind.TECHNICAL_UPGRADE, ChangeKind.HISTORICAL));

  private final Severity minSeverity;
  private final Map<String, List<Route>> routes;
  private final Map<String, DigestSchedule> digests;

  private RoutingRules(Severity minSeverity, Map<String, List<Route>> routes, Map<String, DigestSchedule> digests) {
    this.minSeverity = minSeverity;
    this.routes = routes;
    this.digests = digests;
  }

  /** No file: every channel follows its default route. */
  public static RoutingRules defaults(Severity minSeverity) {
    return new RoutingRules(minSeverity, Map.of(), Map.of());
  }

  /**
   * Reads a routing file; unknown or repeated keys, bad values and routes without a channel are errors that name the
   * file, the line and the reason.
   */
  public static RoutingRules load(Path file, Severity defaultMinSeverity) {
    YamlFile yaml = YamlFile.read(file, "alerts routing file");
    FileRules parsed = yaml.bind(FileRules.class);
    if (parsed == null) {
      return defaults(defaultMinSeverity);
    }
    Severity min = parsed.minSeverity() == null ? defaultMinSeverity : parsed.minSeverity();
    Map<String, List<Route>> routes = new LinkedHashMap<>();
    List<RouteSpec> specs = parsed.routes() == null ? List.of() : parsed.routes();
    for (int i = 0; i < specs.size(); i++) {
      RouteSpec r = specs.get(i);
      ConfigPath at = ConfigPath.root().field("routes").index(i);
      if (r == null || r.channel() == null || r.channel().isBlank()) {
        throw yaml.error(at, at + ": the route names no channel (e.g. channel: slack)");
      }
      routes.computeIfAbsent(r.channel().trim(), k -> new ArrayList<>()).add(new Route(r.channel().trim(),
          r.vendors(), r.documents(), r.categories(), r.kinds(), r.sources(),
          r.minSeverity() == null ? min : r.minSeverity()));
    }
    Map<String, DigestSchedule> digests = new LinkedHashMap<>();
    if (parsed.channels() != null) {
      parsed.channels().forEach((name, settings) -> {
        if (settings != null && settings.digest() != null) {
          digests.put(name, settings.digest());
        }
      });
    }
    return new RoutingRules(min, routes, digests);
  }

  /** The policy of one channel. */
  public ChannelPolicy policyFor(String channel) {
    List<Route> named = routes.get(channel);
    if (named != null) {
      return new ChannelPolicy(channel, named, CONSOLE.equals(channel) ? DigestSchedule.NONE : digestOf(channel));
    }
    if (CONSOLE.equals(channel)) {
      return new ChannelPolicy(channel, List.of(new Route(channel, Set.of(), Set.of(), Set.of(), CONSOLE_KINDS,
          EnumSet.allOf(SnapshotSource.class), Severity.LOW)), DigestSchedule.NONE);
    }
    return new ChannelPolicy(channel, List.of(Route.defaultFor(channel, minSeverity)), digestOf(channel));
  }

  private DigestSchedule digestOf(String channel) {
    return digests.getOrDefault(channel, DigestSchedule.NONE);
  }

  /** Every channel the file mentions, so a typo or an unconfigured channel can be reported. */
  public Set<String> channelsNamed() {
    Set<String> names = new java.util.TreeSet<>(routes.keySet());
    names.addAll(digests.keySet());
    return names;
  }

  /** The file's shape. */
  record FileRules(Severity minSeverity, Map<String, ChannelSettings> channels, List<RouteSpec> routes) {}

  /** Per-channel settings of the file. */
  record ChannelSettings(DigestSchedule digest) {}

  /** One route as written in the file. */
  record RouteSpec(String channel, Set<String> vendors, Set<String> documents, Set<String> categories,
      Set<ChangeKind> kinds, Set<SnapshotSource> sources, @JsonProperty("minSeverity") Severity minSeverity) {}
}
