package dev.policymonitor.alerts.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.alerts.delivery.PermanentDeliveryException;
import dev.policymonitor.alerts.delivery.HttpAnswers;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs each change as JSON (the {@code policy-changes} record itself) to any HTTP endpoint, with an
 * optional {@code X-Policy-Monitor-Signature: sha256=<hex>} HMAC of the exact body bytes.
 * A digest is {@code {"channel","schedule","windowStart","windowEnd","changes":[...],"reviews":{changeId: state}}}
 * (each change's review state when the digest went out). A failed answer is read by the monitor's one HTTP status
 * policy ({@link HttpAnswers}).
 */
public final class WebhookAlertSink implements AlertSink {
  public static final String SIGNATURE_HEADER = "X-Policy-Monitor-Signature";
  public static final String EVENT_HEADER = "X-Policy-Monitor-Event";
  public static final String DELIVERY_HEADER = "X-Policy-Monitor-Delivery";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient client;
  private final HttpUrl url;
  private final HmacSigner signer;
  private final HttpAnswers answers;

  /** @param signer null sends no signature header */
  public WebhookAlertSink(OkHttpClient client, HttpUrl url, HmacSigner signer) {
    this(client, url, signer, HttpAnswers.standard());
  }

  public WebhookAlertSink(OkHttpClient client, HttpUrl url, HmacSigner signer, HttpAnswers answers) {
    this.client = client;
    this.url = url;
    this.signer = signer;
    this.answers = answers;
  }

  @Override
  public String channel() {
    return "webhook";
  }

  @Override
  public void deliver(Change change) throws IOException, PermanentDeliveryException {
    post(Json.mapper().writeValueAsBytes(change), "change", change.changeId());
  }

  @Override
  public void deliverDigest(Digest digest) throws IOException, PermanentDeliveryException {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("channel", digest.channel());
    body.put("schedule", digest.schedule().wire());
    body.put("windowStart", digest.windowStart().toString());
    body.put("windowEnd", digest.windowEnd().toString());
    body.set("changes", Json.mapper().valueToTree(digest.changes()));
    body.set("reviews", Json.mapper().valueToTree(digest.reviews()));
    post(Json.mapper().writeValueAsBytes(body), "digest", digest.id());
  }

  private void post(byte[] body, String event, String deliveryId) throws IOException, PermanentDeliveryException {
    Request.Builder request = new Request.Builder().url(url)
        .header(EVENT_HEADER, event)
        .header(DELIVERY_HEADER, deliveryId)
        .post(RequestBody.create(body, JSON));
    if (signer != null) {
      request.header(SIGNATURE_HEADER, signer.sign(body));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (response.isSuccessful()) {
        return;
      }
      answers.fail(response.code(), response.header("Retry-After"), "webhook answered " + response.code());
    }
  }

  @Override
  public String toString() {
    return "webhook(" + url.host() + ")";
  }
}
