package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.policymonitor.model.net.TargetAllowList;
import dev.policymonitor.model.net.TargetPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The vendors configuration file (YAML): which vendors and documents are tracked and how.
 *
 * @param pollInterval default poll interval for documents that set none
 * @param allowTargets hosts, addresses and networks the fetcher may reach although they are not public
 *     ({@link TargetAllowList}); empty for most files
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VendorsConfig(Duration pollInterval,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> allowTargets, List<VendorConfig> vendors) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofHours(6);
  public static final String DEFAULT_RESOURCE = "/dev/policymonitor/model/default-vendors.yaml";

  public VendorsConfig {
    vendors = vendors == null ? List.of() : List.copyOf(vendors);
    allowTargets = allowTargets == null ? List.of() : List.copyOf(allowTargets);
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
  }

  /** A file with no allow-list. */
  public VendorsConfig(Duration pollInterval, List<VendorConfig> vendors) {
    this(pollInterval, List.of(), vendors);
  }

  /**
   * Reads and validates a vendors file with the default target policy (public addresses only, plus the file's
   * {@code allowTargets}); every problem is reported as one readable message with the file and line.
   */
  public static VendorsConfig load(Path file) {
    return load(file, false);
  }

  /** @param allowPrivateTargets {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS}: private addresses are no error */
  public static VendorsConfig load(Path file, boolean allowPrivateTargets) {
    return VendorsFile.validate(YamlFile.read(file, "vendors file"), allowPrivateTargets);
  }

  /** The five seed vendors tracked by default. */
  public static VendorsConfig defaults() {
    try (InputStream in = VendorsConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return parse(Objects.requireNonNull(in, DEFAULT_RESOURCE), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static VendorsConfig parse(InputStream in, String origin) {
    return parse(in, origin, false);
  }

  /** @param allowPrivateTargets {@code POLICY_MONITOR_ALLOW_PRIVATE_TARGETS}: private addresses are no error */
  public static VendorsConfig parse(InputStream in, String origin, boolean allowPrivateTargets) {
    try {
      return VendorsFile.validate(YamlFile.of(in.readAllBytes(), origin), allowPrivateTargets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + origin, e);
    }
  }

  /** Every tracked document, with its poll interval resolved, as seeded from this file. */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (VendorConfig v : vendors) {
      for (DocumentDeclaration d : v.documents()) {
        Duration interval = d.pollInterval() != null ? d.pollInterval()
            : v.pollInterval() != null ? v.pollInterval() : pollInterval;
        targets.add(new Target(v.id(), v.name(), d, interval).withOrigin(TargetOrigin.VENDORS_FILE));
      }
    }
    return targets;
  }

  /** The parsed {@link #allowTargets}. */
  @JsonIgnore
  public TargetAllowList allowList() {
    return TargetAllowList.parse(allowTargets);
  }

  /** A copy that also allows {@code entries} (the demo allows its own local site this way). */
  public VendorsConfig allowing(List<String> entries) {
    List<String> all = new ArrayList<>(allowTargets);
    all.addAll(entries);
    return new VendorsConfig(pollInterval, all, vendors);
  }

  /**
   * Checks that {@code url} is an absolute http(s) URL with a host, the only kind the fetcher polls.
   *
   * @param what how the URL is named in the message, e.g. {@code --url}
   * @throws InvalidConfigException naming {@code what} and the URL
   */
  public static URI requireHttpUrl(String url, String what) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(what + " is not a valid URL: " + url);
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || TargetPolicy.hostOf(uri) == null) {
      throw new InvalidConfigException(what + " must be http(s) with a host: " + url);
    }
    return uri;
  }

  /**
   * Checks that {@code url} is an http(s) URL the fetcher may reach under {@code policy}, judged on what it
   * spells (an address in any spelling, {@code localhost}, a cloud metadata name); names that resolve to refused
   * addresses are refused when fetched.
   *
   * @throws InvalidConfigException naming {@code what}, the URL and why it is refused
   */
  public static URI requireFetchableUrl(String url, String what, TargetPolicy policy) {
    URI uri = requireHttpUrl(url, what);
    Optional<String> refusal = policy.refusalOfUrl(uri);
    if (refusal.isPresent()) {
      throw new InvalidConfigException(refusedMessage(what, url, refusal.get()));
    }
    return uri;
  }

  /** "{@code what url is a forbidden target: reason; how to allow}". */
  static String refusedMessage(String what, String url, String reason) {
    return what + " " + url + " is a forbidden target: " + reason + "; the fetcher reaches only public addresses; "
        + TargetPolicy.HOW_TO_ALLOW;
  }
}
