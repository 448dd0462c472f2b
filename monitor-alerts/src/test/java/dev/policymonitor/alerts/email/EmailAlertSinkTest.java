package dev.policymonitor.alerts.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.policymonitor.alerts.TestChanges;
import dev.policymonitor.alerts.delivery.PermanentDeliveryException;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.alerts.digest.DigestSchedule;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailAlertSinkTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@policy.test", "alerts", "s3cret"))
      .withPerMethodLifecycle(true);

  private SmtpSettings settings(String user, String password) throws Exception {
    return new SmtpSettings("127.0.0.1", GREENMAIL.getSmtp().getPort(), user, password, false, false,
        new InternetAddress("alerts@policy.test"),
        List.of(new InternetAddress("privacy@team.test"), new InternetAddress("legal@team.test")),
        Duration.ofSeconds(5));
  }

  private final EmailRenderer renderer = new EmailRenderer("https://monitor.example.com");

  @Test
  void shouldSendSubjectTextAndHtmlPartsWithAuth() throws Exception {
    new EmailAlertSink(settings("alerts", "s3cret"), renderer).deliver(TestChanges.sale());

    assertThat(GREENMAIL.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    assertThat(message.getSubject())
        .isEqualTo("[policy-monitor] HIGH defensx / privacy-policy changed: 3 sentences added, 1 removed, 2 modified");
    assertThat(message.getFrom()).extracting(Object::toString).containsExactly("alerts@policy.test");
    assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("privacy@team.test", "legal@team.test");
    MimeMultipart parts = (MimeMultipart) message.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    assertThat(parts.getCount()).isEqualTo(2);
    BodyPart text = parts.getBodyPart(0);
    BodyPart html = parts.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain");
    assertThat(html.getContentType()).startsWith("text/html");
    assertThat((String) text.getContent())
        .contains("Summary: 3 sentences added, 1 removed, 2 modified")
        .contains("+ We may sell customer data to selected advertising partners.")
        .contains("~ We keep logs for [-30 days-]{+2 years+}.")
        .contains("See the whole change: https://monitor.example.com/#/changes/defensx/privacy-policy/"
            + "k7h2m4p6q8r1s3t5v7w9");
    assertThat((String) html.getContent())
        .contains(">We may sell customer data to selected advertising partners.</ins>")
        .contains(">We never sell customer data.</del>")
        .contains("We keep logs for <del").contains(">30 days</del><ins").contains(">2 years</ins>.")
        .contains("href=\"https://monitor.example.com/#/changes/defensx/privacy-policy/k7h2m4p6q8r1s3t5v7w9\"");
  }

  @Test
  void shouldEscapeHostileTextInTheHtmlPart() throws Exception {
    new EmailAlertSink(settings("alerts", "s3cret"), renderer).deliver(TestChanges.hostile());

    assertThat(GREENMAIL.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMultipart parts = (MimeMultipart) GREENMAIL.getReceivedMessages()[0].getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(html).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<!channel>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
        .contains("&lt;!channel&gt; &lt;https://evil|click&gt; &amp;");
    assertThat((String) parts.getBodyPart(0).getContent()).contains(TestChanges.HOSTILE);
  }

  @Test
  void shouldRefuseWrongCredentialsAsAPermanentFailure() throws Exception {
    EmailAlertSink sink = new EmailAlertSink(settings("alerts", "wrong"), renderer);

    assertThatThrownBy(() -> sink.deliver(TestChanges.sale()))
        .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("credentials");
    assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void shouldSendADigestAsOneMessage() throws Exception {
    new EmailAlertSink(settings("alerts", "s3cret"), renderer).deliverDigest(new Digest("email", DigestSchedule.DAILY,
        Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"),
        List.of(TestChanges.sale(), TestChanges.hostile()), java.util.Map.of(TestChanges.sale().changeId(),
            dev.policymonitor.model.ReviewState.IN_REVIEW, TestChanges.hostile().changeId(),
            dev.policymonitor.model.ReviewState.NEW)));

    assertThat(GREENMAIL.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("[policy-monitor] daily digest: 2 changes since 2026-11-23T00:00:00Z");
    String html = (String) ((MimeMultipart) message.getContent()).getBodyPart(1).getContent();
    assertThat(html).contains("defensx / privacy-policy changed").contains("evilcorp / privacy-policy changed")
        .doesNotContain("<script>").contains("<strong>Review:</strong> in review")
        .contains("<strong>Review:</strong> new");
    String text = ((String) ((MimeMultipart) message.getContent()).getBodyPart(0).getContent()).replace("\r\n", "\n");
    assertThat(text).contains("Review: in review\ndefensx / privacy-policy changed");
  }

  @Test
  void shouldSendThroughTheChannelTheEnvironmentConfigures() throws Exception {
    dev.policymonitor.alerts.AlertsConfig config = dev.policymonitor.alerts.AlertsConfig.from(java.util.Map.of(
        "POLICY_MONITOR_SMTP_HOST", "127.0.0.1",
        "POLICY_MONITOR_SMTP_PORT", String.valueOf(GREENMAIL.getSmtp().getPort()),
        "POLICY_MONITOR_SMTP_USERNAME", "alerts",
        "POLICY_MONITOR_SMTP_PASSWORD", "s3cret",
        "POLICY_MONITOR_SMTP_STARTTLS", "false",
        "POLICY_MONITOR_EMAIL_FROM", "alerts@policy.test",
        "POLICY_MONITOR_EMAIL_TO", "privacy@team.test"));
    dev.policymonitor.alerts.AlertSink email = dev.policymonitor.alerts.AlertChannels.sinks(config, null).get(0);

    email.deliver(TestChanges.sale());

    assertThat(email.channel()).isEqualTo("email");
    assertThat(GREENMAIL.waitForIncomingEmail(5000, 1)).isTrue();
    assertThat(GREENMAIL.getReceivedMessages()[0].getSubject()).contains("defensx / privacy-policy changed");
  }

  @Test
  void shouldNeverSendInClearWhenStartTlsIsRequired() throws Exception {
    SmtpSettings plain = settings("alerts", "s3cret");
    SmtpSettings startTls = new SmtpSettings(plain.host(), plain.port(), plain.username(), plain.password(), true,
        false, plain.from(), plain.to(), plain.timeout());

    assertThatThrownBy(() -> new EmailAlertSink(startTls, renderer).deliver(TestChanges.sale()))
        .isInstanceOf(PermanentDeliveryException.class)
        .hasMessage("SMTP server 127.0.0.1:" + plain.port() + " does not offer STARTTLS; set "
            + "POLICY_MONITOR_SMTP_STARTTLS=false only for a local relay");
    assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void shouldSayWhichServerRefusedTheConnectionAsAFailureWorthRetrying() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SmtpSettings plain = settings("alerts", "s3cret");
    SmtpSettings refusing = new SmtpSettings(plain.host(), closed, plain.username(), plain.password(), false,
        false, plain.from(), plain.to(), plain.timeout());

    assertThatThrownBy(() -> new EmailAlertSink(refusing, renderer).deliver(TestChanges.sale()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cannot connect to SMTP server 127.0.0.1:" + closed + ": ");
  }
}
