package dev.policymonitor.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A second client listener of the embedded broker, on 127.0.0.1 beside the plaintext one (which the broker itself,
 * its controller and its readiness check keep using): TLS with SCRAM-SHA-512 users ({@code SASL_SSL}), or TLS
 * with client certificates required ({@code SSL}, mutual TLS). For running the monitor against a secured cluster
 * in tests and trials; the default broker has none. Stores are PKCS12.
 *
 * @param securityProtocol {@code SASL_SSL} or {@code SSL}
 * @param keyStore the broker's certificate and key, {@code keyStorePassword} for both
 * @param trustStore the certificates client certificates must chain to, or null (no client certificates)
 * @param scramUsers SCRAM-SHA-512 user name to password, created when the broker's storage is formatted
 */
public record SecureListener(String securityProtocol, Path keyStore, String keyStorePassword, Path trustStore,
    String trustStorePassword, Map<String, String> scramUsers) {
  /** The listener's name in the broker's configuration. */
  public static final String NAME = "SECURE";
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

  public SecureListener {
    if (!securityProtocol.equals("SASL_SSL") && !securityProtocol.equals("SSL")) {
      throw new IllegalArgumentException("SASL_SSL or SSL, not " + securityProtocol);
    }
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
    scramUsers = Map.copyOf(scramUsers);
    scramUsers.forEach((user, password) -> {
      if (!PLAIN.matcher(user).matches() || !PLAIN.matcher(password).matches()) {
        throw new IllegalArgumentException("SCRAM user names and passwords here are letters, digits, '.', '_', '-'");
      }
    });
  }

  /** TLS with SCRAM-SHA-512 authentication of {@code users} (name to password). */
  public static SecureListener saslSsl(Path keyStore, String keyStorePassword, Map<String, String> users) {
    return new SecureListener("SASL_SSL", keyStore, keyStorePassword, null, null, users);
  }

  /** TLS where every client presents a certificate that chains to {@code trustStore}. */
  public static SecureListener mutualTls(Path keyStore, String keyStorePassword, Path trustStore,
      String trustStorePassword) {
    return new SecureListener("SSL", keyStore, keyStorePassword, Objects.requireNonNull(trustStore, "trustStore"),
        Objects.requireNonNull(trustStorePassword, "trustStorePassword"), Map.of());
  }

  /** The broker properties that add this listener on {@code port} to a broker whose listeners are {@code base}. */
  Map<String, String> brokerConfig(Map<String, String> base, int port) {
    String prefix = "listener.name." + NAME.toLowerCase(java.util.Locale.ROOT) + ".";
    Map<String, String> p = new LinkedHashMap<>();
    p.put("listeners", base.get("listeners") + "," + NAME + "://127.0.0.1:" + port);
    p.put("advertised.listeners", base.get("advertised.listeners") + "," + NAME + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", base.get("listener.security.protocol.map") + "," + NAME + ":"
        + securityProtocol);
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    p.put(prefix + "ssl.keystore.location", keyStore.toString());
    p.put(prefix + "ssl.keystore.password", keyStorePassword);
    p.put(prefix + "ssl.key.password", keyStorePassword);
    if (trustStore != null) {
      p.put(prefix + "ssl.truststore.type", "PKCS12");
      p.put(prefix + "ssl.truststore.location", trustStore.toString());
      p.put(prefix + "ssl.truststore.password", trustStorePassword);
      p.put(prefix + "ssl.client.auth", "required");
    }
    if (securityProtocol.equals("SASL_SSL")) {
      p.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
      p.put(prefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    return p;
  }

  /** The SCRAM credentials in the form of {@code kafka-storage format --add-scram}. */
  List<String> scramArguments() {
    return scramUsers.entrySet().stream()
        .map(u -> SCRAM_MECHANISM + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]").sorted().toList();
  }

  @Override
  public String toString() {
    // never the passwords
    return "SecureListener[" + securityProtocol + ", users " + scramUsers.keySet() + "]";
  }
}
