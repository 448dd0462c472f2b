package dev.policymonitor.fetcher.http;

import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.guard.TargetGuard;
import okhttp3.OkHttpClient;

/**
 * Builds the one OkHttp client a fetcher process shares: explicit timeouts, redirects followed, and the SSRF guard
 * ({@link TargetGuard}) of the config's target policy on every request, redirect hop and connection.
 */
public final class HttpClients {
  private HttpClients() {}

  public static OkHttpClient create(FetcherConfig config) {
    return new TargetGuard(config.targetPolicy()).install(new OkHttpClient.Builder())
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.connectTimeout())
        .callTimeout(config.callTimeout())
        .followRedirects(true)
        .followSslRedirects(true)
        .retryOnConnectionFailure(false)
        .addNetworkInterceptor(Hops::record)
        .build();
  }
}
