package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.email.SmtpSettings;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Severity;
import dev.policymonitor.runtime.config.ConfigKey;
import dev.policymonitor.runtime.config.Settings;
import dev.policymonitor.runtime.config.ValueType;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The alerts' configuration, read from {@code POLICY_MONITOR_*} environment variables alone. Each key is
 * declared once here ({@link #KEYS}), with its type, default and meaning, and registered with every other
 * module's keys by the launcher; the docs table is checked against that registry. A channel is on when its key
 * is set; secrets (webhook URLs, SMTP password, webhook secret) come only from here and are never printed.
 */
public final class AlertsConfig {
  private static final String ALERTS = "alerts";
  private static final ValueType<InternetAddress> ADDRESS = ValueType.of("email address", AlertsConfig::address);

  public static final ConfigKey<URI> SLACK_WEBHOOK_URL = ConfigKey.of("POLICY_MONITOR_SLACK_WEBHOOK_URL",
      ValueType.httpUrl(), null, ALERTS, "Slack incoming-webhook URL; setting it turns the slack channel on.")
      .secret();
  public static final ConfigKey<URI> WEBHOOK_URL = ConfigKey.of("POLICY_MONITOR_WEBHOOK_URL", ValueType.httpUrl(),
      null, ALERTS, "URL that receives each change as a JSON POST; setting it turns the webhook channel on.")
      .secret();
  public static final ConfigKey<String> WEBHOOK_SECRET = ConfigKey.of("POLICY_MONITOR_WEBHOOK_SECRET",
      ValueType.text(), null, ALERTS,
      "When set, webhook bodies are signed: X-Policy-Monitor-Signature: sha256=<hex HMAC-SHA256>.").secret();
  public static final ConfigKey<String> SMTP_HOST = ConfigKey.of("POLICY_MONITOR_SMTP_HOST", ValueType.text(), null,
      ALERTS, "SMTP server; setting it turns the email channel on (needs EMAIL_FROM and EMAIL_TO).");
  public static final ConfigKey<Integer> SMTP_PORT = ConfigKey.of("POLICY_MONITOR_SMTP_PORT",
      ValueType.integer(1, 65535), "587", ALERTS, "SMTP port.");
  public static final ConfigKey<String> SMTP_USERNAME = ConfigKey.of("POLICY_MONITOR_SMTP_USERNAME",
      ValueType.text(), null, ALERTS, "SMTP AUTH user; unset means no authentication.");
  public static final ConfigKey<String> SMTP_PASSWORD = ConfigKey.of("POLICY_MONITOR_SMTP_PASSWORD",
      ValueType.text(), null, ALERTS, "SMTP AUTH password (required with SMTP_USERNAME).").secret();
  public static final ConfigKey<Boolean> SMTP_STARTTLS = ConfigKey.of("POLICY_MONITOR_SMTP_STARTTLS",
      ValueType.bool(), "true", ALERTS,
      "true: upgrade with STARTTLS and refuse to send without it; false: plain SMTP (local relays only).");
  public static final ConfigKey<Boolean> SMTP_SSL = ConfigKey.of("POLICY_MONITOR_SMTP_SSL", ValueType.bool(),
      "false", ALERTS, "true: implicit TLS from the first byte (SMTPS, usually port 465).");
  public static final ConfigKey<InternetAddress> EMAIL_FROM = ConfigKey.of("POLICY_MONITOR_EMAIL_FROM", ADDRESS,
      null, ALERTS, "Sender address of alert email.");
  public static final ConfigKey<List<InternetAddress>> EMAIL_TO = ConfigKey.of("POLICY_MONITOR_EMAIL_TO",
      ValueType.of("email addresses, comma-separated", AlertsConfig::addresses), null, ALERTS,
      "Recipients of alert email, comma-separated.");
  public static final ConfigKey<Severity> MIN_SEVERITY = ConfigKey.of("POLICY_MONITOR_MIN_SEVERITY",
      ValueType.oneOf(List.of("low", "medium", "high")).map("low | medium | high", Severity::fromWire), "low",
      ALERTS, "Least severity (low, medium, high) a live change needs to reach slack, email and webhook.");
  public static final ConfigKey<URI> BASE_URL = ConfigKey.of("POLICY_MONITOR_BASE_URL", ValueType.httpUrl(), null,
      ALERTS, "Public URL of the web page; alerts link to <base>/#/changes/<vendor>/<document>/<changeId>.");
  public static final ConfigKey<Path> ALERTS_CONFIG = ConfigKey.of("POLICY_MONITOR_ALERTS_CONFIG",
      ValueType.existingFile(), null, ALERTS,
      "Routing rules file (YAML): which channel gets which vendors, documents, categories, kinds; digests. "
          + "--alerts-config overrides it.");
  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.of("POLICY_MONITOR_ALERT_MAX_ATTEMPTS",
      ValueType.integer(1, 100), "5", ALERTS,
      "Delivery attempts per alert and channel before it goes to policy-alerts-dlq.");
  public static final ConfigKey<Duration> BACKOFF = ConfigKey.of("POLICY_MONITOR_ALERT_BACKOFF",
      ValueType.duration(false), "PT1S", ALERTS,
      "First retry delay (ISO-8601 duration); doubles per attempt up to ALERT_MAX_BACKOFF.");
  public static final ConfigKey<Duration> MAX_BACKOFF = ConfigKey.of("POLICY_MONITOR_ALERT_MAX_BACKOFF",
      ValueType.duration(false), "PT1M", ALERTS, "Longest retry delay, also the cap on a channel's Retry-After.");
  public static final ConfigKey<Duration> TIMEOUT = ConfigKey.of("POLICY_MONITOR_ALERT_TIMEOUT",
      ValueType.duration(true), "PT15S", ALERTS, "Connect and read timeout of Slack, webhook and SMTP calls.");

  /** Every key, in the order the docs list them. */
  public static final List<ConfigKey<?>> KEYS = List.of(SLACK_WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_SECRET, SMTP_HOST,
      SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS, SMTP_SSL, EMAIL_FROM, EMAIL_TO, MIN_SEVERITY,
      BASE_URL, ALERTS_CONFIG, MAX_ATTEMPTS, BACKOFF, MAX_BACKOFF, TIMEOUT);

  private final Settings settings;

  private AlertsConfig(Settings settings) {
    this.settings = settings;
  }

  /**
   * The alerts' configuration of a process; each value was checked when {@code settings} were read, the
   * combinations are checked here.
   *
   * @throws InvalidConfigException when a channel lacks a key it needs
   */
  public static AlertsConfig from(Settings settings) {
    AlertsConfig c = new AlertsConfig(settings);
    c.smtp();
    return c;
  }

  /** The configuration of the alerts' keys in {@code env}, other variables ignored (tests, the alerts alone). */
  public static AlertsConfig from(Map<String, String> env) {
    return from(Settings.of(KEYS, env));
  }

  public Optional<HttpUrl> slackWebhookUrl() {
    return settings.find(SLACK_WEBHOOK_URL).map(u -> HttpUrl.get(u.toString()));
  }

  public Optional<HttpUrl> webhookUrl() {
    return settings.find(WEBHOOK_URL).map(u -> HttpUrl.get(u.toString()));
  }

  public Optional<String> webhookSecret() {
    return settings.find(WEBHOOK_SECRET);
  }

  /** The web page's public URL, without a trailing slash. */
  public Optional<String> baseUrl() {
    return settings.find(BASE_URL).map(u -> u.toString().replaceAll("/+$", ""));
  }

  public Severity minSeverity() {
    return settings.get(MIN_SEVERITY);
  }

  public Optional<Path> alertsConfigFile() {
    return settings.find(ALERTS_CONFIG);
  }

  public RetrySettings retry() {
    return new RetrySettings(settings.get(MAX_ATTEMPTS), settings.get(BACKOFF), settings.get(MAX_BACKOFF),
        settings.get(TIMEOUT));
  }

  /** The SMTP settings when {@code POLICY_MONITOR_SMTP_HOST} is set. */
  public Optional<SmtpSettings> smtp() {
    Optional<String> host = settings.find(SMTP_HOST);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String user = settings.find(SMTP_USERNAME).orElse(null);
    String password = settings.find(SMTP_PASSWORD).orElse(null);
    if (user != null && password == null) {
      throw new InvalidConfigException(SMTP_USERNAME.name() + " is set but " + SMTP_PASSWORD.name() + " is not");
    }
    return Optional.of(new SmtpSettings(host.get(), settings.get(SMTP_PORT), user, password,
        settings.get(SMTP_STARTTLS), settings.get(SMTP_SSL), require(EMAIL_FROM), require(EMAIL_TO),
        settings.get(TIMEOUT)));
  }

  private <T> T require(ConfigKey<T> key) {
    return settings.find(key).orElseThrow(() -> new InvalidConfigException(key.name()
        + " is required for the email channel (" + SMTP_HOST.name() + " is set)"));
  }

  private static InternetAddress address(String v) {
    try {
      return new InternetAddress(v, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("has an invalid address (" + e.getMessage() + ")");
    }
  }

  private static List<InternetAddress> addresses(String v) {
    List<InternetAddress> to = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        to.add(address(part.trim()));
      }
    }
    if (to.isEmpty()) {
      throw new IllegalArgumentException("names no recipient");
    }
    return List.copyOf(to);
  }
}
