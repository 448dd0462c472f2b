package dev.policymonitor.alerts.slack;

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
 * Posts Block Kit messages to a Slack incoming webhook. A failed answer is read by the monitor's one HTTP status
 * policy ({@link HttpAnswers}): a 429 waits for Slack's {@code Retry-After}; 4xx other than 408/429 (bad payload,
 * revoked or archived webhook) are permanent; other failures are retried by the caller.
 */
public final class SlackAlertSink implements AlertSink {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient client;
  private final HttpUrl webhook;
  private final SlackMessage messages;
  private final HttpAnswers answers;

  public SlackAlertSink(OkHttpClient client, HttpUrl webhook, SlackMessage messages) {
    this(client, webhook, messages, HttpAnswers.standard());
  }

  public SlackAlertSink(OkHttpClient client, HttpUrl webhook, SlackMessage messages, HttpAnswers answers) {
    this.client = client;
    this.webhook = webhook;
    this.messages = messages;
    this.answers = answers;
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
      answers.fail(response.code(), response.header("Retry-After"),
          "Slack webhook answered " + response.code() + " " + abbreviate(body));
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
