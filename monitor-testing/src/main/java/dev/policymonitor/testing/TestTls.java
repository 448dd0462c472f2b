package dev.policymonitor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and the PKCS12 stores of a TLS test: the broker's key store (a certificate for
 * {@code 127.0.0.1} and {@code localhost}, so clients verify the host name as they do by default), a client's key
 * store (for mutual TLS) and a trust store holding the authority, which both sides trust. One password opens every
 * store and key. Made in a few milliseconds (EC P-256 keys), valid for a day.
 *
 * <pre>
 * TestTls tls = TestTls.create(tempDir, "store-password");
 * EmbeddedKafkaBroker.startTemporary(SecureListener.saslSsl(tls.brokerKeyStore(), tls.password(), users));
 * </pre>
 */
public final class TestTls {
  private static final String SIGNATURE = "SHA256withECDSA";

  private final Path brokerKeyStore;
  private final Path clientKeyStore;
  private final Path trustStore;
  private final String password;

  private TestTls(Path brokerKeyStore, Path clientKeyStore, Path trustStore, String password) {
    this.brokerKeyStore = brokerKeyStore;
    this.clientKeyStore = clientKeyStore;
    this.trustStore = trustStore;
    this.password = password;
  }

  /** Writes {@code broker.p12}, {@code client.p12} and {@code truststore.p12} into {@code dir}. */
  public static TestTls create(Path dir, String password) {
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=policy-monitor test CA");
      X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPrivate(), true, null);
      KeyPair brokerKeys = keyPair();
      X509Certificate broker = sign(new X500Name("CN=localhost"), brokerKeys, caName, caKeys.getPrivate(), false,
          new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")}));
      KeyPair clientKeys = keyPair();
      X509Certificate client = sign(new X500Name("CN=policy-monitor"), clientKeys, caName, caKeys.getPrivate(),
          false, null);

      Path brokerStore = dir.resolve("broker.p12");
      Path clientStore = dir.resolve("client.p12");
      Path trustStore = dir.resolve("truststore.p12");
      char[] secret = password.toCharArray();
      KeyStore b = empty();
      b.setKeyEntry("broker", brokerKeys.getPrivate(), secret, new Certificate[] {broker, ca});
      write(b, brokerStore, secret);
      KeyStore c = empty();
      c.setKeyEntry("client", clientKeys.getPrivate(), secret, new Certificate[] {client, ca});
      write(c, clientStore, secret);
      KeyStore t = empty();
      t.setCertificateEntry("ca", ca);
      write(t, trustStore, secret);
      return new TestTls(brokerStore, clientStore, trustStore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the test certificates", e);
    }
  }

  public Path brokerKeyStore() {
    return brokerKeyStore;
  }

  public Path clientKeyStore() {
    return clientKeyStore;
  }

  public Path trustStore() {
    return trustStore;
  }

  /** The password of every store and key. */
  public String password() {
    return password;
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
      boolean authority, GeneralNames hosts) throws GeneralSecurityException, IOException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
        new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (authority) {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }
    if (hosts != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, hosts);
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
  }

  private static KeyStore empty() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void write(KeyStore store, Path file, char[] password) throws GeneralSecurityException, IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
  }
}
