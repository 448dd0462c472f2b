package dev.policymonitor.alerts.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.policymonitor.alerts.AlertSink;
import dev.policymonitor.alerts.delivery.PermanentDeliveryException;
import dev.policymonitor.alerts.delivery.RetryAfterException;
import dev.policymonitor.alerts.digest.Digest;
import dev.policymonitor.model.Change;
import dev.policymonitor.model.Json;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts Block Kit messages to a Slack incoming webhook. A 429 becomes a {@link RetryAfterException} with
 * Slack's {@code Retry-After}; 400/403/404/410 (bad payload, revoked or archived webhook) are permanent;
 * other failures are retried by the caller.
 */
public final class SlackAlertSink implements AlertSink {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private final OkHttpClient client;
  private final HttpUrl webhook;
  private final SlackMessage messages;

  public SlackAlertSink(OkHttpClient client, HttpUrl webhook, SlackMessage messages) {
    this.client = client;
    this.webhook = webhook;
    this.messages = messages;
  }

  @Override
  public String channel() {
    return "slack";
  }

  @Override
  public void deliver(Change change) throws IOException, PermanentDeliveryException {
    post(messages.forChange(change));
  }

  @Override
  public void deliverDigest(Digest digest) throws IOException, PermanentDeliveryException {
    post(messages.forDigest(digest));
  }

  private void post(ObjectNode payload) throws IOException, PermanentDeliveryException {
    Request request = new Request.Builder().url(webhook)
        .post(RequestBody.create(Json.mapper().writeValueAsBytes(payload), JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      if (response.isSuccessful()) {
        return;
      }
      String body = response.body().string();
      String what = "Slack webhook answered " + response.code() + " " + abbreviate(body);
      int code = response.code();
      if (code == 429) {
        throw new RetryAfterException(what, RetryAfterException.parse(response.header("Retry-After"),
            DEFAULT_RETRY_AFTER));
      }
      if (code == 400 || code == 403 || code == 404 || code == 410) {
        throw new PermanentDeliveryException(what);
      }
      throw new IOException(what);
    }
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }

  @Override
  public String toString() {
    return "slack(" + webhook.host() + ")"; // the webhook path is a secret
  }
}
