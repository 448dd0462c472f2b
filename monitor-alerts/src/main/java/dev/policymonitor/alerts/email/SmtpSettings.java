package dev.policymonitor.alerts.email;

import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and how to send alert email.
 *
 * @param username null for an SMTP server without auth
 * @param password from the environment only; never printed
 * @param startTls upgrade with STARTTLS and refuse to continue without it
 * @param ssl implicit TLS from the first byte (port 465)
 * @param timeout connection, read and write timeout
 */
public record SmtpSettings(String host, int port, String username, String password, boolean startTls,
    boolean ssl, InternetAddress from, List<InternetAddress> to, Duration timeout) {

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(from, "from");
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("no email recipient");
    }
  }

  /** The Jakarta Mail session properties these settings mean. */
  public Properties sessionProperties() {
    Properties p = new Properties();
    String proto = ssl ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", host);
    p.put("mail." + proto + ".port", String.valueOf(port));
    p.put("mail." + proto + ".auth", String.valueOf(username != null));
    p.put("mail." + proto + ".starttls.enable", String.valueOf(startTls));
    p.put("mail." + proto + ".starttls.required", String.valueOf(startTls));
    p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    String millis = String.valueOf(timeout.toMillis());
    p.put("mail." + proto + ".connectiontimeout", millis);
    p.put("mail." + proto + ".timeout", millis);
    p.put("mail." + proto + ".writetimeout", millis);
    return p;
  }

  @Override
  public String toString() {
    return "smtp(" + host + ":" + port + (username == null ? "" : ", user " + username)
        + (startTls ? ", starttls" : "") + (ssl ? ", ssl" : "") + ", to " + to.size() + " recipients)";
  }
}
