package dev.policymonitor.fetcher.http;

import dev.policymonitor.fetcher.FetcherConfig;
import dev.policymonitor.fetcher.guard.TargetGuard;
import okhttp3.OkHttpClient;

/**
 * Builds the one OkHttp client a fetcher process shares: explicit timeouts, redirects followed, the SSRF guard
 * ({@link TargetGuard}) of the config's target policy on every request, redirect hop and connection, and a request
 * that failed on a pooled connection the server had already closed (an HTTP/1.0 server, a keep-alive timeout during
 * a pause) retried at once on a new connection by OkHttp itself ({@code retryOnConnectionFailure}), so that a stale
 * connection never costs a check one of its attempts, nor a backoff. Timeouts are not retried that way.
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
        .retryOnConnectionFailure(true)
        .addNetworkInterceptor(Hops::record)
        .build();
  }
}
