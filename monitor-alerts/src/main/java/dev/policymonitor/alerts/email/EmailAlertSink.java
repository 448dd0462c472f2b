package dev.policymonitor.alerts.email;

import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.alerts.AlertsConfig;
import dev.policymonitor.alerts.delivery.PermanentDeliveryException;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.model.Change;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Sends alert email over SMTP (Jakarta Mail / Eclipse Angus): {@code multipart/alternative} with a plain
 * text part and an HTML inline diff. Wrong credentials, rejected addresses and a server without the STARTTLS the
 * settings require are permanent failures; a refused connection is not.
 */
public final class EmailAlertSink implements AlertSink {
  private final SmtpSettings settings;
  private final EmailRenderer renderer;
  private final Session session;

  public EmailAlertSink(SmtpSettings settings, EmailRenderer renderer) {
    this.settings = settings;
    this.renderer = renderer;
    this.session = Session.getInstance(settings.sessionProperties());
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public void deliver(Change change) throws IOException, PermanentDeliveryException {
    send(renderer.subject(change), renderer.text(change), renderer.html(change), change.changeId());
  }

  @Override
  public void deliverDigest(Digest digest) throws IOException, PermanentDeliveryException {
    send(renderer.subject(digest), renderer.text(digest), renderer.html(digest), digest.id());
  }

  private void send(String subject, String text, String html, String id)
      throws IOException, PermanentDeliveryException {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(settings.from());
      message.setRecipients(Message.RecipientType.TO, settings.to().toArray(new InternetAddress[0]));
      message.setSubject(subject, StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      message.setHeader("X-Policy-Monitor-Delivery", id);
      MimeBodyPart textPart = new MimeBodyPart();
      textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
      MimeMultipart alternative = new MimeMultipart("alternative", textPart, htmlPart);
      message.setContent(alternative);
      message.saveChanges();
      if (settings.username() != null) {
        Transport.send(message, settings.username(), settings.password());
      } else {
        Transport.send(message);
      }
    } catch (AuthenticationFailedException e) {
      throw new PermanentDeliveryException("SMTP " + settings.host() + " refused the credentials of "
          + settings.username(), e);
    } catch (SendFailedException e) {
      if (e.getValidSentAddresses() == null && e.getValidUnsentAddresses() == null
          && e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        throw new PermanentDeliveryException("SMTP " + settings.host() + " rejected every recipient: "
            + e.getMessage(), e);
      }
      throw new IOException("SMTP " + settings.host() + " did not accept the message: " + e.getMessage(), e);
    } catch (MessagingException e) {
      String server = settings.host() + ":" + settings.port();
      if (settings.startTls() && String.valueOf(e.getMessage()).contains("STARTTLS is required")) {
        throw new PermanentDeliveryException("SMTP server " + server + " does not offer STARTTLS; set "
            + AlertsConfig.SMTP_STARTTLS.name() + "=false only for a local relay", e);
      }
      java.net.ConnectException refused = null;
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof java.net.ConnectException ce) {
          refused = ce;
        }
      }
      if (refused != null) {
        throw new IOException("cannot connect to SMTP server " + server + ": " + refused.getMessage(), e);
      }
      throw new IOException("SMTP " + server + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return settings.toString();
  }
}
