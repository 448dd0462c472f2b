package dev.policymonitor.fetcher.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The requests one call has sent so far, its redirects included: a request tag that OkHttp copies to every
 * follow-up, filled by a network interceptor. When a call fails, it tells whether the failure came on a redirect,
 * and from where.
 */
final class Hops {
  private final List<String> urls = new CopyOnWriteArrayList<>();

  /** Tags {@code request} with a new trail. */
  static Hops on(Request.Builder request) {
    Hops hops = new Hops();
    request.tag(Hops.class, hops);
    return hops;
  }

  /** The network interceptor that records each hop of a tagged call, as it is sent. */
  static Response record(Interceptor.Chain chain) throws IOException {
    Hops hops = chain.request().tag(Hops.class);
    if (hops != null) {
      hops.urls.add(chain.request().url().toString());
    }
    return chain.proceed(chain.request());
  }

  /** The last request sent, or null when none was. */
  String last() {
    return urls.isEmpty() ? null : urls.get(urls.size() - 1);
  }
}
