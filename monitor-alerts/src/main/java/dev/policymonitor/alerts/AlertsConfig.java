package dev.policymonitor.alerts;

import dev.policymonitor.alerts.delivery.RetrySettings;
import dev.policymonitor.alerts.email.SmtpSettings;
import dev.policymonitor.model.InvalidConfigException;
import dev.policymonitor.model.Severity;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The alerts' configuration, read from environment variables alone (tests pass a map). Each key is
 * declared once here, with its default and meaning; {@link #KEYS} is what the docs list. A channel is on
 * when its key is set; secrets (webhook URLs, SMTP password, webhook secret) come only from here.
 */
public final class AlertsConfig {

  /** One environment variable: its name, its default (null: unset) and what it does. */
  public record Key(String name, String defaultValue, String doc) {}

  public static final Key SLACK_WEBHOOK_URL = new Key("POLICY_MONITOR_SLACK_WEBHOOK_URL", null,
      "Slack incoming-webhook URL; setting it turns the slack channel on. Secret.");
  public static final Key WEBHOOK_URL = new Key("POLICY_MONITOR_WEBHOOK_URL", null,
      "URL that receives each change as a JSON POST; setting it turns the webhook channel on.");
  public static final Key WEBHOOK_SECRET = new Key("POLICY_MONITOR_WEBHOOK_SECRET", null,
      "When set, webhook bodies are signed: X-Policy-Monitor-Signature: sha256=<hex HMAC-SHA256>. Secret.");
  public static final Key SMTP_HOST = new Key("POLICY_MONITOR_SMTP_HOST", null,
      "SMTP server; setting it turns the email channel on (needs EMAIL_FROM and EMAIL_TO).");
  public static final Key SMTP_PORT = new Key("POLICY_MONITOR_SMTP_PORT", "587", "SMTP port.");
  public static final Key SMTP_USERNAME = new Key("POLICY_MONITOR_SMTP_USERNAME", null,
      "SMTP AUTH user; unset means no authentication.");
  public static final Key SMTP_PASSWORD = new Key("POLICY_MONITOR_SMTP_PASSWORD", null,
      "SMTP AUTH password (required with SMTP_USERNAME). Secret.");
  public static final Key SMTP_STARTTLS = new Key("POLICY_MONITOR_SMTP_STARTTLS", "true",
      "true: upgrade with STARTTLS and refuse to send without it; false: plain SMTP (local relays only).");
  public static final Key SMTP_SSL = new Key("POLICY_MONITOR_SMTP_SSL", "false",
      "true: implicit TLS from the first byte (SMTPS, usually port 465).");
  public static final Key EMAIL_FROM = new Key("POLICY_MONITOR_EMAIL_FROM", null, "Sender address of alert email.");
  public static final Key EMAIL_TO = new Key("POLICY_MONITOR_EMAIL_TO", null,
      "Recipients of alert email, comma-separated.");
  public static final Key MIN_SEVERITY = new Key("POLICY_MONITOR_MIN_SEVERITY", "low",
      "Least severity (low, medium, high) a live change needs to reach slack, email and webhook.");
  public static final Key BASE_URL = new Key("POLICY_MONITOR_BASE_URL", null,
      "Public URL of the web page; alerts link to <base>/#/changes/<vendor>/<document>/<changeId>.");
  public static final Key ALERTS_CONFIG = new Key("POLICY_MONITOR_ALERTS_CONFIG", null,
      "Routing rules file (YAML): which channel gets which vendors, documents, categories, kinds; digests.");
  public static final Key MAX_ATTEMPTS = new Key("POLICY_MONITOR_ALERT_MAX_ATTEMPTS", "5",
      "Delivery attempts per alert and channel before it goes to policy-alerts-dlq.");
  public static final Key BACKOFF = new Key("POLICY_MONITOR_ALERT_BACKOFF", "PT1S",
      "First retry delay (ISO-8601 duration); doubles per attempt up to ALERT_MAX_BACKOFF.");
  public static final Key MAX_BACKOFF = new Key("POLICY_MONITOR_ALERT_MAX_BACKOFF", "PT1M",
      "Longest retry delay, also the cap on a channel's Retry-After.");
  public static final Key TIMEOUT = new Key("POLICY_MONITOR_ALERT_TIMEOUT", "PT15S",
      "Connect and read timeout of Slack, webhook and SMTP calls.");

  /** Every key, in the order the docs list them. */
  public static final List<Key> KEYS = List.of(SLACK_WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_SECRET, SMTP_HOST, SMTP_PORT,
      SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS, SMTP_SSL, EMAIL_FROM, EMAIL_TO, MIN_SEVERITY, BASE_URL,
      ALERTS_CONFIG, MAX_ATTEMPTS, BACKOFF, MAX_BACKOFF, TIMEOUT);

  private final Map<String, String> env;

  private AlertsConfig(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Reads and checks the configuration; a bad value is an {@link InvalidConfigException} naming the key. */
  public static AlertsConfig from(Map<String, String> env) {
    AlertsConfig c = new AlertsConfig(env);
    c.slackWebhookUrl();
    c.webhookUrl();
    c.smtp();
    c.minSeverity();
    c.retry();
    c.alertsConfigFile();
    c.baseUrl();
    return c;
  }

  /** The value of {@code key}, or its default; blank counts as unset. */
  public Optional<String> get(Key key) {
    String v = env.get(key.name());
    if (v == null || v.isBlank()) {
      return Optional.ofNullable(key.defaultValue());
    }
    return Optional.of(v.trim());
  }

  public Optional<HttpUrl> slackWebhookUrl() {
    return get(SLACK_WEBHOOK_URL).map(v -> url(SLACK_WEBHOOK_URL, v));
  }

  public Optional<HttpUrl> webhookUrl() {
    return get(WEBHOOK_URL).map(v -> url(WEBHOOK_URL, v));
  }

  public Optional<String> webhookSecret() {
    return get(WEBHOOK_SECRET);
  }

  public Optional<String> baseUrl() {
    return get(BASE_URL).map(v -> url(BASE_URL, v).toString().replaceAll("/+$", ""));
  }

  public Severity minSeverity() {
    String v = get(MIN_SEVERITY).orElseThrow();
    try {
      return Severity.fromWire(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(MIN_SEVERITY.name() + " must be low, medium or high, not '" + v + "'");
    }
  }

  public Optional<Path> alertsConfigFile() {
    return get(ALERTS_CONFIG).map(v -> {
      Path p = Path.of(v);
      if (!Files.isRegularFile(p)) {
        throw new InvalidConfigException("alerts routing file not found: " + v + " (" + ALERTS_CONFIG.name() + ")");
      }
      return p;
    });
  }

  public RetrySettings retry() {
    int attempts = integer(MAX_ATTEMPTS);
    if (attempts < 1 || attempts > 100) {
      throw new InvalidConfigException(MAX_ATTEMPTS.name() + " must be between 1 and 100, not " + attempts);
    }
    return new RetrySettings(attempts, duration(BACKOFF), duration(MAX_BACKOFF), duration(TIMEOUT));
  }

  /** The SMTP settings when {@code POLICY_MONITOR_SMTP_HOST} is set. */
  public Optional<SmtpSettings> smtp() {
    Optional<String> host = get(SMTP_HOST);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    int port = integer(SMTP_PORT);
    if (port < 1 || port > 65535) {
      throw new InvalidConfigException(SMTP_PORT.name() + " must be a port number, not " + port);
    }
    String user = get(SMTP_USERNAME).orElse(null);
    String password = get(SMTP_PASSWORD).orElse(null);
    if (user != null && password == null) {
      throw new InvalidConfigException(SMTP_USERNAME.name() + " is set but " + SMTP_PASSWORD.name() + " is not");
    }
    InternetAddress from = address(EMAIL_FROM, require(EMAIL_FROM, "the email channel"));
    List<InternetAddress> to = new ArrayList<>();
    for (String part : require(EMAIL_TO, "the email channel").split(",")) {
      if (!part.isBlank()) {
        to.add(address(EMAIL_TO, part.trim()));
      }
    }
    if (to.isEmpty()) {
      throw new InvalidConfigException(EMAIL_TO.name() + " names no recipient");
    }
    return Optional.of(new SmtpSettings(host.get(), port, user, password, bool(SMTP_STARTTLS), bool(SMTP_SSL),
        from, to, duration(TIMEOUT)));
  }

  private String require(Key key, String forWhat) {
    return get(key).orElseThrow(() -> new InvalidConfigException(key.name() + " is required for " + forWhat
        + " (" + SMTP_HOST.name() + " is set)"));
  }

  private static HttpUrl url(Key key, String v) {
    HttpUrl u = HttpUrl.parse(v);
    if (u == null) {
      // never echo the value: webhook URLs are secrets
      throw new InvalidConfigException(key.name() + " is not an http(s) URL");
    }
    return u;
  }

  private static InternetAddress address(Key key, String v) {
    try {
      return new InternetAddress(v, true);
    } catch (AddressException e) {
      throw new InvalidConfigException(key.name() + " has an invalid address '" + v + "': " + e.getMessage());
    }
  }

  private int integer(Key key) {
    String v = get(key).orElseThrow();
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key.name() + " must be a number, not '" + v + "'");
    }
  }

  private Duration duration(Key key) {
    String v = get(key).orElseThrow();
    try {
      Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
      if (d.isNegative()) {
        throw new InvalidConfigException(key.name() + " must not be negative: " + v);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(key.name() + " must be an ISO-8601 duration such as PT10S, not '" + v + "'");
    }
  }

  private boolean bool(Key key) {
    String v = get(key).orElseThrow().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidConfigException(key.name() + " must be true or false, not '" + v + "'");
  }
}
