package dev.policymonitor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The vendors configuration file (YAML): which vendors and documents are tracked and how.
 *
 * @param pollInterval default poll interval for documents that set none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VendorsConfig(Duration pollInterval, List<VendorConfig> vendors) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofHours(6);
  public static final String DEFAULT_RESOURCE = "/dev/policymonitor/model/default-vendors.yaml";

  public VendorsConfig {
    vendors = vendors == null ? List.of() : List.copyOf(vendors);
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
  }

  /** Reads and validates a vendors file; every problem is reported as one readable message. */
  public static VendorsConfig load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("vendors file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vendors file " + file, e);
    }
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
    VendorsConfig config;
    try {
      config = Json.yaml().readValue(in, VendorsConfig.class);
    } catch (JacksonException e) {
      String path = pathOf(e);
      throw new InvalidConfigException(origin + ": " + firstLine(e.getOriginalMessage())
          + (path.isEmpty() ? "" : " at " + path) + locationOf(e), path.isEmpty() ? null : path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigException(origin + ": " + e.getMessage());
    }
    if (config == null) {
      throw new InvalidConfigException(origin + ": the file is empty");
    }
    config.validate(origin);
    return config;
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

  private void validate(String origin) {
    Set<String> keys = new HashSet<>();
    requirePositive(origin, "pollInterval", pollInterval);
    for (int i = 0; i < vendors.size(); i++) {
      VendorConfig v = vendors.get(i);
      String vp = "vendors[" + i + "]";
      requirePositive(origin, vp + ".pollInterval", v.pollInterval());
      for (int j = 0; j < v.documents().size(); j++) {
        DocumentDeclaration d = v.documents().get(j);
        String dp = vp + ".documents[" + j + "]";
        PolicyKey key;
        try {
          key = new PolicyKey(v.id(), d.type());
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException(origin + ": " + e.getMessage(),
              e.getMessage().startsWith("vendor") ? vp + ".id" : dp + ".type");
        }
        if (!keys.add(key.toString())) {
          throw new InvalidConfigException(origin + ": document " + key + " is declared twice", dp + ".type");
        }
        try {
          requireHttpUrl(d.url(), origin + ": " + key + ": url");
        } catch (InvalidConfigException e) {
          throw new InvalidConfigException(e.getMessage(), dp + ".url");
        }
        requirePositive(origin, dp + ".pollInterval", d.pollInterval());
        selectors(origin, dp + ".select", d.select());
        selectors(origin, dp + ".remove", d.remove());
        for (int k = 0; k < d.ignore().size(); k++) {
          try {
            d.ignore().get(k).validate();
          } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(origin + ": " + dp + ".ignore[" + k + "]: " + e.getMessage(),
                dp + ".ignore[" + k + "]");
          }
        }
      }
    }
  }

  private static void requirePositive(String origin, String path, Duration interval) {
    if (interval != null && (interval.isNegative() || interval.isZero())) {
      throw new InvalidConfigException(origin + ": " + path + " " + interval
          + " must be positive, e.g. PT6H (every six hours)", path);
    }
  }

  private static void selectors(String origin, String path, List<Selector> selectors) {
    for (int i = 0; i < selectors.size(); i++) {
      try {
        selectors.get(i).validate();
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(origin + ": " + path + "[" + i + "]: " + e.getMessage(),
            path + "[" + i + "]");
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid YAML";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int ignorable = line.indexOf(", not marked as ignorable");
    return ignorable < 0 ? line : line.substring(0, ignorable);
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
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new InvalidConfigException(what + " must be http(s) with a host: " + url);
    }
    return uri;
  }

  private static String pathOf(JacksonException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder path = new StringBuilder();
    for (var ref : m.getPath()) {
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return path.toString();
  }

  private static String locationOf(JacksonException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
