package dev.policymonitor.fetcher.http;

import dev.policymonitor.fetcher.FetcherConfig;
import okhttp3.OkHttpClient;

/** Builds the one OkHttp client a fetcher process shares: explicit timeouts, redirects followed. */
public final class HttpClients {
  private HttpClients() {}

  public static OkHttpClient create(FetcherConfig config) {
    return new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.connectTimeout())
        .callTimeout(config.callTimeout())
        .followRedirects(true)
        .followSslRedirects(true)
        .retryOnConnectionFailure(false)
        .build();
  }
}
